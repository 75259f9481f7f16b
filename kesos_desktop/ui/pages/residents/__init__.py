"""Warga Binaan pages: the resident list (``list_page.ResidentsPage``) with its model, columns and filters."""
