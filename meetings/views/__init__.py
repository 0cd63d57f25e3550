"""Intranet views of the meetings app, one module per feature."""
