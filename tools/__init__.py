"""Developer tools of marketo-ops (not shipped in the wheel): the code generator lives here."""
