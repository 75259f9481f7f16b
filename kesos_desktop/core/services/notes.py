"""Progress notes (catatan perkembangan): drafts saved as the worker types (drafts service, kind
"progress_note", committed at once so a crash or power cut loses nothing), then saved as a note that may be
confidential — read only by its author and those allowed (pekerja sosial, pimpinan: notes.view_confidential).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import NotFound, PermissionDenied, ValidationError
from kesos_desktop.core.i18n import N_, _
from kesos_desktop.core.models.cases import ProgressNote
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import audit, drafts, timeline
from kesos_desktop.core.services.access import ensure_person_visible
from kesos_desktop.core.services.cases import check_not_future, ensure_open, load_case
from kesos_desktop.core.services.common import apply_changes, check_version, commit

DRAFT_KIND = "progress_note"
NOTE_KINDS = {
    "perkembangan": N_("Catatan perkembangan"),
    "konseling": N_("Catatan konseling"),
    "kunjungan_rumah": N_("Kunjungan rumah"),
    "kejadian": N_("Kejadian / insiden"),
    "lainnya": N_("Lainnya"),
}
MAX_TEXT = 50_000


@dataclass
class NoteInput:
    text: str
    written_on: date | None = None
    kind: str = "perkembangan"
    confidential: bool = False
    case_id: uuid.UUID | None = None


@dataclass(frozen=True)
class NoteInfo:
    id: uuid.UUID
    person_id: uuid.UUID
    case_id: uuid.UUID | None
    written_on: date
    kind: str
    kind_label: str
    text: str
    confidential: bool
    author_username: str
    author_name: str
    created_at: datetime
    updated_at: datetime
    version_id: int
    can_edit: bool


@dataclass(frozen=True)
class NoteDraft:
    """A note being typed, as the drafts service kept it."""

    person_id: uuid.UUID
    note_id: uuid.UUID | None
    text: str
    kind: str
    confidential: bool
    written_on: date | None
    case_id: uuid.UUID | None
    updated_at: datetime


def can_read(actor: Actor, note: ProgressNote) -> bool:
    if not note.confidential:
        return True
    return note.author_username == actor.username or actor.can("notes.view_confidential")


def confidential_visible_clause(actor: Actor):  # type: ignore[no-untyped-def]
    """WHERE on ProgressNote: the confidential notes this user may not read are left out."""
    if actor.can("notes.view_confidential"):
        return True
    return or_(ProgressNote.confidential.is_(False), ProgressNote.author_username == actor.username)


def _info(actor: Actor, n: ProgressNote) -> NoteInfo:
    return NoteInfo(
        id=n.id,
        person_id=n.person_id,
        case_id=n.case_id,
        written_on=n.written_on,
        kind=n.kind,
        kind_label=_(NOTE_KINDS.get(n.kind, n.kind)),
        text=n.text,
        confidential=n.confidential,
        author_username=n.author_username,
        author_name=n.author_name,
        created_at=n.created_at,
        updated_at=n.updated_at,
        version_id=n.version_id,
        can_edit=n.author_username == actor.username and actor.can("notes.write"),
    )


def draft_key(person_id: uuid.UUID, note_id: uuid.UUID | None = None) -> str:
    """One draft per user for a new note on a person, and one per note being edited."""
    return f"edit:{note_id}" if note_id is not None else f"new:{person_id}"


def _validate(data: NoteInput) -> dict[str, object]:
    problems = {}
    text = data.text.strip()
    if not text:
        problems["text"] = _("Catatan masih kosong.")
    elif len(text) > MAX_TEXT:
        problems["text"] = _("Catatan terlalu panjang (paling banyak {n} huruf).").format(n=MAX_TEXT)
    if data.kind not in NOTE_KINDS:
        problems["kind"] = _("Jenis catatan tidak dikenal.")
    on = data.written_on or date.today()
    try:
        check_not_future(on, "written_on")
    except ValidationError as exc:
        problems.update(exc.fields)
    if problems:
        raise ValidationError(_("Periksa isian yang ditandai."), problems)
    return {"text": text, "kind": data.kind, "confidential": bool(data.confidential), "written_on": on}


# ------------------------------------------------------------------------------------------------ drafts


def save_note_draft(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    data: NoteInput,
    *,
    note_id: uuid.UUID | None = None,
) -> drafts.DraftInfo:
    """Save what is typed so far and commit at once. Call with a session of its own, every few seconds."""
    actor.require("notes.write")
    ensure_person_visible(session, actor, person_id)
    payload = {
        "person_id": person_id,
        "note_id": note_id,
        "text": data.text,
        "kind": data.kind,
        "confidential": data.confidential,
        "written_on": data.written_on,
        "case_id": data.case_id,
    }
    summary = " ".join(data.text.split())[:80]
    return drafts.save_draft(session, actor.username, DRAFT_KIND, draft_key(person_id, note_id), payload, summary)


def load_note_draft(
    session: Session, actor: Actor, person_id: uuid.UUID, *, note_id: uuid.UUID | None = None
) -> NoteDraft | None:
    actor.require("notes.write")
    ensure_person_visible(session, actor, person_id)
    draft = drafts.load_draft(session, actor.username, DRAFT_KIND, draft_key(person_id, note_id))
    if draft is None:
        return None
    p = draft.payload

    def _uuid(value: object) -> uuid.UUID | None:
        return uuid.UUID(str(value)) if value else None

    return NoteDraft(
        person_id=person_id,
        note_id=note_id,
        text=str(p.get("text") or ""),
        kind=str(p.get("kind") or "perkembangan"),
        confidential=bool(p.get("confidential")),
        written_on=date.fromisoformat(str(p["written_on"])) if p.get("written_on") else None,
        case_id=_uuid(p.get("case_id")),
        updated_at=draft.updated_at,
    )


def discard_note_draft(
    session: Session, actor: Actor, person_id: uuid.UUID, *, note_id: uuid.UUID | None = None
) -> bool:
    return drafts.discard_draft(session, actor.username, DRAFT_KIND, draft_key(person_id, note_id))


# ------------------------------------------------------------------------------------------------ notes


def add_note(session: Session, actor: Actor, person_id: uuid.UUID, data: NoteInput) -> NoteInfo:
    """Save a note; its draft is dropped in the same transaction."""
    actor.require("notes.write")
    person = ensure_person_visible(session, actor, person_id)
    values = _validate(data)
    if data.case_id is not None:
        case = load_case(session, actor, data.case_id)
        if case.person_id != person_id:
            raise ValidationError(_("Kasus itu milik orang lain."), {"case_id": _("Pilih kasus orang ini.")})
        ensure_open(case)
    note = ProgressNote(
        person_id=person.id,
        case_id=data.case_id,
        author_id=actor.user_id,
        author_username=actor.username,
        author_name=actor.full_name,
        **values,
    )
    session.add(note)
    session.flush()
    drafts.discard_in_session(session, actor.username, DRAFT_KIND, draft_key(person_id))
    # The timeline says a note was written, never what it says (the timeline is shown to more people).
    label = _(NOTE_KINDS[note.kind])
    summary = (_("{kind} (rahasia) oleh {author}") if note.confidential else _("{kind} oleh {author}")).format(
        kind=label, author=actor.full_name
    )
    timeline.add_event(
        session, actor, person.id, note.written_on, "note", summary, ref_entity="progress_note", ref_id=note.id
    )
    audit.record(
        session,
        actor,
        "note.created",
        "progress_note",
        note.id,
        summary=summary,
        changes={"confidential": [None, note.confidential], "length": [None, len(note.text)]},
    )
    commit(session, _("Catatan"))
    return _info(actor, note)


def _load(session: Session, actor: Actor, note_id: uuid.UUID) -> ProgressNote:
    note = session.get(ProgressNote, note_id)
    if note is None:
        raise NotFound(_("Catatan tidak ditemukan."))
    ensure_person_visible(session, actor, note.person_id)
    if not can_read(actor, note):
        raise NotFound(_("Catatan tidak ditemukan."))
    return note


def get_note(session: Session, actor: Actor, note_id: uuid.UUID) -> NoteInfo:
    actor.require("cases.view")
    note = _load(session, actor, note_id)
    if note.confidential and note.author_username != actor.username:
        audit.record(session, actor, "note.viewed", "progress_note", note.id, summary=_("Catatan rahasia dibaca"))
        commit(session, _("Catatan"))
    return _info(actor, note)


def update_note(session: Session, actor: Actor, note_id: uuid.UUID, data: NoteInput, version_id: int) -> NoteInfo:
    """Only the author corrects a note; the change is audited with the text before and after."""
    actor.require("notes.write")
    note = _load(session, actor, note_id)
    check_version(note, version_id, _("Catatan"))
    if note.author_username != actor.username:
        raise PermissionDenied(_("Hanya penulis catatan yang dapat mengubahnya."))
    values = _validate(data)
    changes = apply_changes(note, values)
    drafts.discard_in_session(session, actor.username, DRAFT_KIND, draft_key(note.person_id, note.id))
    if changes:
        audit.record(
            session, actor, "note.changed", "progress_note", note.id, summary=_("Catatan diubah"), changes=changes
        )
    commit(session, _("Catatan"))
    return _info(actor, note)


def list_notes(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    *,
    case_id: uuid.UUID | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int | None = None,
) -> list[NoteInfo]:
    """Newest first; confidential notes the user may not read are left out (see :func:`count_hidden`)."""
    actor.require("cases.view")
    ensure_person_visible(session, actor, person_id)
    stmt = _scope(person_id, case_id, date_from, date_to).where(confidential_visible_clause(actor))
    stmt = stmt.order_by(ProgressNote.written_on.desc(), ProgressNote.created_at.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_info(actor, n) for n in session.scalars(stmt)]


def count_hidden(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    *,
    case_id: uuid.UUID | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> int:
    """How many confidential notes in the range this user may not read (the UI and the case file say so)."""
    actor.require("cases.view")
    ensure_person_visible(session, actor, person_id)
    clause = confidential_visible_clause(actor)
    if clause is True:
        return 0
    stmt = _scope(person_id, case_id, date_from, date_to, select(func.count(ProgressNote.id))).where(~clause)
    return session.scalar(stmt) or 0


def _scope(person_id, case_id, date_from, date_to, stmt=None):  # type: ignore[no-untyped-def]
    stmt = (stmt if stmt is not None else select(ProgressNote)).where(ProgressNote.person_id == person_id)
    if case_id is not None:
        stmt = stmt.where(ProgressNote.case_id == case_id)
    if date_from is not None:
        stmt = stmt.where(ProgressNote.written_on >= date_from)
    if date_to is not None:
        stmt = stmt.where(ProgressNote.written_on <= date_to)
    return stmt
