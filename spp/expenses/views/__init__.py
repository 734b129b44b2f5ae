"""The expenses pages, one module per audience (see each module)."""
