"""Kegiatan: group activities and individual sessions, and the whole group's attendance on one screen."""
