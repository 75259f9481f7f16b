"""The profile of a person: header, Identitas, Keluarga, Riwayat and Dokumen tabs, biodata print and merges.

Entry point for the main window: ``kesos_desktop.ui.pages.profile.window.open_profile(ctx, person_id, parent)``.
"""
