"""Lembaga: institutions, their rooms and beds, occupancy, expiring licences and overdue stays."""
