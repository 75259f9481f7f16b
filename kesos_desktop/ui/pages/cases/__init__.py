"""Kasus: the case list page, the case window with its stages, assessments, plan, notes and conferences."""
