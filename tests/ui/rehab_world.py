"""The rehabilitation test world (panti, partner pesantren and LKSA, staff and partner users) for the UI tests of
Kegiatan, Pelatihan, Tugas and Penempatan; built like ``tests/core/rehab/conftest.py`` and reusing its helpers."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from kesos_desktop.core.config import Settings
from kesos_desktop.core.security import passwords
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.ui.context import AppContext
from tests.core.rehab.conftest import PASSWORD, World, _institution
from tests.factories import make_user


def build_world(db, admin, monkeypatch: pytest.MonkeyPatch) -> World:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    panti = _institution(db, admin, "Panti Sosial Asuhan Anak Putra Utama 1", "PSAA", partner=False)
    pesantren = _institution(db, admin, "Pondok Pesantren Darul Aitam", "PESANTREN", partner=True)
    lksa = _institution(db, admin, "LKSA Harapan Bunda", "LKSA", partner=True)
    make_user(db, admin, "budi", ["pekerja_sosial"], PASSWORD, nip="198504122010011003", jabatan="Pekerja Sosial")
    make_user(db, admin, "ustadz", ["mitra"], PASSWORD, institution_id=pesantren)
    make_user(db, admin, "bunda", ["mitra"], PASSWORD, institution_id=lksa)
    w = World(db, admin, admin, admin, admin, admin, admin, panti, pesantren, lksa)
    w.worker = w.login("budi")
    w.partner, w.other_partner = w.login("ustadz"), w.login("bunda")
    return w


def context(world: World, actor: Actor | None = None) -> AppContext:
    return AppContext(world.db, actor or world.worker, Settings())  # type: ignore[arg-type]
