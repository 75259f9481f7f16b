"""Fixtures for the rehabilitation tests: a panti, two partner institutions, staff and partner users, residents
admitted through the real intake service."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from kesos_desktop.core.security import passwords
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import auth, cases, institutions, residents
from kesos_desktop.core.services.residents_identity import IdentityInput
from kesos_desktop.core.services.stays import AdmissionInput
from tests.factories import make_user

PASSWORD = "sandi12345"
TODAY = date.today()
ADMITTED = TODAY - timedelta(days=60)


@dataclass
class World:
    db: object
    admin: Actor
    worker: Actor
    head: Actor
    clerk: Actor
    partner: Actor
    other_partner: Actor
    panti_id: uuid.UUID
    pesantren_id: uuid.UUID
    lksa_id: uuid.UUID

    def login(self, username: str) -> Actor:
        with self.db.write() as s:  # type: ignore[attr-defined]
            return auth.login(s, username, PASSWORD)

    def resident(
        self,
        name: str,
        *,
        sex: str = "L",
        born: date | None = date(2012, 4, 1),
        admitted: date = ADMITTED,
        institution_id: uuid.UUID | None = None,
    ) -> tuple[uuid.UUID, uuid.UUID]:
        """(person id, stay id) of someone admitted to the panti (or ``institution_id``)."""
        with self.db.write() as s:  # type: ignore[attr-defined]
            result = residents.register_intake(
                s,
                self.admin,
                residents.IntakeInput(
                    identity=IdentityInput(
                        full_name=name,
                        sex=sex,
                        birth_date=born,
                        birth_date_precision="exact" if born else "estimated",
                        nik_absent_reason="Tidak membawa dokumen",
                    ),
                    consent=residents.ConsentInput(
                        basis="tugas_publik", notes="UU 11/2009 Pasal 7; Perda penanganan PMKS"
                    ),
                    admission=AdmissionInput(institution_id=institution_id or self.panti_id, admitted_on=admitted),
                ),
            )
        assert result.stay_id is not None
        return result.person_id, result.stay_id

    def case(self, name: str, **kw: object) -> cases.CaseInfo:
        _person_id, stay_id = self.resident(name, **kw)  # type: ignore[arg-type]
        with self.db.write() as s:  # type: ignore[attr-defined]
            return cases.open_case(s, self.worker, stay_id, worker_id=self.worker.user_id, opened_on=ADMITTED)


def _institution(db, admin: Actor, name: str, type_code: str, *, partner: bool) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.write() as s:
        info = institutions.create_institution(
            s,
            admin,
            institutions.InstitutionInput(
                type_code=type_code,
                name=name,
                region_code="31.71",
                is_own=not partner,
                is_partner=partner,
                owner_kind="lks" if partner else "provinsi",
                capacity_male=100 if not partner else 0,
                capacity_female=100 if not partner else 0,
            ),
        )
    return info.id


@pytest.fixture
def world(db, admin, monkeypatch: pytest.MonkeyPatch) -> World:  # type: ignore[no-untyped-def]
    # Cheap password hashes for the five test users (argon2 at its real cost is most of the setup time).
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    panti = _institution(db, admin, "Panti Sosial Asuhan Anak Putra Utama 1", "PSAA", partner=False)
    pesantren = _institution(db, admin, "Pondok Pesantren Darul Aitam", "PESANTREN", partner=True)
    lksa = _institution(db, admin, "LKSA Harapan Bunda", "LKSA", partner=True)
    make_user(
        db, admin, "budi", ["pekerja_sosial"], PASSWORD, nip="198504122010011003", jabatan="Pekerja Sosial Ahli Muda"
    )
    make_user(db, admin, "kepala", ["pimpinan"], PASSWORD, nip="197003151995031002", jabatan="Kepala Panti")
    make_user(db, admin, "tata.usaha", ["petugas_administrasi"], PASSWORD)
    make_user(db, admin, "ustadz", ["mitra"], PASSWORD, institution_id=pesantren)
    make_user(db, admin, "bunda", ["mitra"], PASSWORD, institution_id=lksa)
    w = World(db, admin, admin, admin, admin, admin, admin, panti, pesantren, lksa)
    w.worker, w.head, w.clerk = w.login("budi"), w.login("kepala"), w.login("tata.usaha")
    w.partner, w.other_partner = w.login("ustadz"), w.login("bunda")
    return w


@pytest.fixture
def rehab_artifacts(artifacts: Path) -> Path:
    folder = artifacts / "rehab"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
