"""What Tugas saya reads on a worker: the user's tasks with the name and registration number of each person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import resident_list, tasks


@dataclass(frozen=True)
class TaskRow:
    item: tasks.TaskItem
    person_name: str
    registration_no: str

    @property
    def key(self) -> str:
        return self.item.key

    def days_late(self, today: date) -> int | None:
        due = self.item.due_on
        return (today - due).days if due is not None else None


def load_tasks(session: Session, actor: Actor) -> list[TaskRow]:
    """Most urgent first (as the service orders them)."""
    items = tasks.my_tasks(session, actor)
    ids = list(dict.fromkeys(i.person_id for i in items if i.person_id is not None))
    people = {}
    if ids and actor.can("residents.view"):
        people = {r.id: r for r in resident_list.fetch_resident_rows(session, actor, ids)}
    rows = []
    for item in items:
        person = people.get(item.person_id) if item.person_id is not None else None
        rows.append(
            TaskRow(item, (person.name or person.alias) if person else "", person.registration_no if person else "")
        )
    return rows
