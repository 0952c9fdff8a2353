"""marketo-ops: a typed SDK for the Marketo Engage REST APIs and a program-template importer."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
