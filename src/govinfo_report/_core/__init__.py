"""Shared by every stage, and of none: the value types (cells, diagnostics, editions),
the diagnostic codes, the limits and the one exception, text normalisation.
"""
