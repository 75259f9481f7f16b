"""Tugas saya: the signed-in user's reminders and tasks by due date; open the person or case, done or dismissed."""
