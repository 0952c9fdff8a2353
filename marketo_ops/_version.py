"""The package version, in a leaf module that imports nothing.

The request loop puts it in the User-Agent and the CLI prints it; both read it from here rather
than from the package root, which imports the clients (an import cycle, and a slow start-up for
``marketo-ops --version``).
"""

__version__ = "0.1.0"
