"""Pengaturan dokumen pemulangan: signatories (a.n./Plh.), number templates with a live example, fund sources and
budget lines per year, the fare table, and the relay network (offices, links, forwarding rules).

The page is ``page.ReturnSettingsPage``; each tab shows what the user may change (office.manage, budget.manage,
relay.manage) and lists the rest read-only.
"""
