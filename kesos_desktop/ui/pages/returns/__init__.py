"""Pemulangan: the plans list, the return plan wizard and the plan window with its status actions.

Entry points: ``opener.open_return_wizard(ctx, person_id, parent)`` (a profile button) and
``opener.open_plan_window(ctx, plan_id, parent)``; the page is ``page.ReturnsPage``.
"""
