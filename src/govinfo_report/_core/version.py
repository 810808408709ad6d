"""The package's version (hatch reads it from here)."""

__version__ = "0.2.0"
