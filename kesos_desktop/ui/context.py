"""What every page of the main window needs: the open database, the signed-in actor and the PC's settings."""

from __future__ import annotations

from dataclasses import dataclass

from kesos_desktop.core.config import Settings
from kesos_desktop.core.db import Database
from kesos_desktop.core.security.actor import Actor


@dataclass
class AppContext:
    db: Database
    actor: Actor
    settings: Settings
    demo: bool = False
