"""Form drafts: upsert committed at once, JSON-safe payloads, per user and form, survive a closed session."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import pytest

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.services import drafts


def test_round_trip_and_upsert(db) -> None:
    pid = uuid.uuid4()
    payload = {
        "full_name": "Budi",
        "birth_date": date(2014, 1, 1),
        "registered_at": datetime(2026, 3, 1, 9, 30),
        "institution_id": pid,
        "amount": Decimal("1250000.00"),
        "categories": ("AJ", "AT"),
        "contacts": [{"name": "Sumiati", "relation": "IBU"}],
        "estimated_age": 12,
        "is_guardian": True,
        "note": None,
    }
    with db.write() as s:
        first = drafts.save_draft(s, "Admin", "intake", "", payload, "Budi — anak jalanan")
    # A new session (as after a crash): the draft is there, JSON-safe.
    with db.read() as s:
        loaded = drafts.load_draft(s, "admin", "intake")
    assert loaded is not None and loaded.id == first.id
    assert loaded.payload == {
        "full_name": "Budi",
        "birth_date": "2014-01-01",
        "registered_at": "2026-03-01T09:30:00",
        "institution_id": str(pid),
        "amount": "1250000.00",
        "categories": ["AJ", "AT"],
        "contacts": [{"name": "Sumiati", "relation": "IBU"}],
        "estimated_age": 12,
        "is_guardian": True,
        "note": None,
    }
    assert loaded.summary == "Budi — anak jalanan"
    with db.write() as s:
        second = drafts.save_draft(s, "admin", "intake", "", {"full_name": "Budi Santoso"}, "Budi Santoso")
    assert second.id == first.id and second.updated_at >= first.updated_at
    with db.read() as s:
        again = drafts.load_draft(s, "admin", "intake", "")
        assert again is not None and again.payload == {"full_name": "Budi Santoso"}


def test_list_and_discard_per_user_and_kind(db) -> None:
    with db.write() as s:
        drafts.save_draft(s, "admin", "intake", "", {"a": 1}, "satu")
        drafts.save_draft(s, "admin", "intake", "form-2", {"a": 2}, "dua")
        drafts.save_draft(s, "admin", "note", "p1", {"text": "catatan"}, "catatan")
        drafts.save_draft(s, "petugas", "intake", "", {"a": 3}, "tiga")
    with db.read() as s:
        assert {d.summary for d in drafts.list_drafts(s, "admin", "intake")} == {"satu", "dua"}
        assert len(drafts.list_drafts(s, "ADMIN")) == 3
        assert drafts.list_drafts(s, "petugas", "intake")[0].summary == "tiga"
    with db.write() as s:
        assert drafts.discard_draft(s, "admin", "intake", "form-2")
        assert not drafts.discard_draft(s, "admin", "intake", "form-2")
    with db.read() as s:
        assert [d.summary for d in drafts.list_drafts(s, "admin", "intake")] == ["satu"]
        assert drafts.load_draft(s, "petugas", "intake") is not None


def test_bad_drafts_are_refused(db, monkeypatch: pytest.MonkeyPatch) -> None:
    with db.write() as s:
        with pytest.raises(ValidationError):
            drafts.save_draft(s, "admin", "intake", "", {"photo": object()})
        with pytest.raises(ValidationError):
            drafts.save_draft(s, "", "intake", "", {})
        with pytest.raises(ValidationError):
            drafts.save_draft(s, "admin", "intake", "x" * 81, {})
        monkeypatch.setattr(drafts, "MAX_PAYLOAD_BYTES", 50)
        with pytest.raises(ValidationError):
            drafts.save_draft(s, "admin", "intake", "", {"text": "x" * 100})
