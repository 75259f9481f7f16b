"""Anggaran pemulangan: the year's budget lines (allocation, spent, committed, remaining), spending by fund source,
month and destination province, and the monthly SPJ as PDF and XLSX."""
