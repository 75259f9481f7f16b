"""Dialogs: sign-in, password, first-run setup, database problems and location, about, user accounts."""
