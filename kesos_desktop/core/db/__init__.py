"""Database access: engines, sessions, safety checks, migrations and backups."""

from kesos_desktop.core.db.database import Database, open_database

__all__ = ["Database", "open_database"]
