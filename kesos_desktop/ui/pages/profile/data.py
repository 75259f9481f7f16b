"""What the profile window reads on a worker: the profile, photo, timeline, stays, documents and merges at once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import access, merges, person_files, residents, stays, timeline
from kesos_desktop.core.services.merges import MergeInfo
from kesos_desktop.core.services.person_files import DocumentInfo
from kesos_desktop.core.services.residents import Profile
from kesos_desktop.core.services.residents_profile import build_profile
from kesos_desktop.core.services.stays import StayInfo
from kesos_desktop.core.services.timeline import TimelineEvent


@dataclass(frozen=True)
class ProfileData:
    profile: Profile
    photo: bytes | None
    events: tuple[TimelineEvent, ...]
    stays: tuple[StayInfo, ...]
    documents: tuple[DocumentInfo, ...]
    merges: tuple[MergeInfo, ...]

    def undoable_merge(self) -> MergeInfo | None:
        """The newest merge into this record that is not undone (merges are undone newest first)."""
        return next(
            (m for m in self.merges if m.survivor_id == self.profile.id and m.undone_at is None),
            None,
        )


def load_profile_data(session: Session, actor: Actor, person_id: uuid.UUID, *, refresh: bool = False) -> ProfileData:
    """Everything the window shows. The first opening is audited as a view of the case file (``get_profile``); a
    refresh after the user's own change in the same window is not counted as a new view."""
    if refresh:
        profile = build_profile(session, actor, access.ensure_person_visible(session, actor, person_id))
    else:
        profile = residents.get_profile(session, actor, person_id)
    return ProfileData(
        profile=profile,
        photo=person_files.get_photo(session, actor, person_id),
        events=tuple(timeline.list_timeline(session, actor, person_id)),
        stays=tuple(stays.list_stays(session, actor, person_id)),
        documents=tuple(person_files.list_documents(session, actor, person_id)),
        merges=tuple(merges.list_merges(session, actor, person_id)),
    )
