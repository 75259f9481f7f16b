"""Reusable widgets: field error display, region picker, letterhead preview, logo box, page header."""
