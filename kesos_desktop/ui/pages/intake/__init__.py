"""Penerimaan (intake): the keyboard-driven form that registers and admits a person, with drafts and duplicates.

Entry point for the main window: ``kesos_desktop.ui.pages.intake.window.open_intake(ctx, parent)``.
"""
