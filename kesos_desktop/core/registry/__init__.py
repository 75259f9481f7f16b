"""Registry rules that are not data access: Indonesian name normalisation, search tokens."""
