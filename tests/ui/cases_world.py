"""Case UI test set-up: a panti, a pekerja sosial and a pimpinan, residents and cases via the services."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from kesos_desktop.core.config import Settings
from kesos_desktop.core.security import passwords
from kesos_desktop.core.services import auth, cases, residents
from kesos_desktop.core.services.residents_identity import IdentityInput
from kesos_desktop.core.services.stays import AdmissionInput
from kesos_desktop.ui.context import AppContext
from kesos_desktop.ui.pages.cases import answers as widgets
from kesos_desktop.ui.pages.cases.assessment_form import AssessmentForm
from tests.factories import make_institution, make_user

PASSWORD = "sandi12345"
TODAY = date.today()
ADMITTED = TODAY - timedelta(days=30)

SOCIAL = "ATENSI_SOSIAL"
FULL_SOCIAL = {
    "masalah_utama": "Anak ditemukan mengemis di perempatan, tidur di emperan pasar.",
    "k1_tempat_tinggal": "jalanan",
    "k1_kebutuhan": 3,
    "k2_kemandirian": "mandiri",
    "k2_kebutuhan": 2,
    "k3_kontak_keluarga": "belum",
    "k3_kebutuhan": 3,
    "k4_kebutuhan": 1,
    "k5_pendidikan": "sd",
    "k5_kebutuhan": 2,
    "k6_kebutuhan": 2,
    "k7_disabilitas": "tidak_ada",
    "k7_kebutuhan": 0,
    "rekomendasi_komponen": ["1", "3", "5"],
    "rekomendasi": "Penelusuran keluarga, kembali sekolah (kejar paket), pelatihan keterampilan.",
}


@dataclass
class CaseWorld:
    admin: AppContext
    worker: AppContext
    head: AppContext
    panti_id: uuid.UUID

    def resident(self, name: str, *, sex: str = "L", born: date = date(2012, 4, 1)) -> tuple[uuid.UUID, uuid.UUID]:
        """(person id, stay id) of a child admitted to the panti 30 days ago."""
        with self.admin.db.write() as s:
            result = residents.register_intake(
                s,
                self.admin.actor,
                residents.IntakeInput(
                    identity=IdentityInput(
                        full_name=name,
                        sex=sex,
                        birth_date=born,
                        birth_date_precision="exact",
                        nik_absent_reason="Tidak membawa dokumen",
                    ),
                    consent=residents.ConsentInput(basis="tugas_publik", notes="UU 11/2009 Pasal 7"),
                    admission=AdmissionInput(institution_id=self.panti_id, admitted_on=ADMITTED),
                ),
            )
        assert result.stay_id is not None
        return result.person_id, result.stay_id

    def case(self, name: str, **kw: object) -> cases.CaseInfo:
        _person, stay_id = self.resident(name, **kw)  # type: ignore[arg-type]
        with self.worker.db.write() as s:
            return cases.open_case(
                s, self.worker.actor, stay_id, worker_id=self.worker.actor.user_id, opened_on=ADMITTED
            )

    def move(self, case: cases.CaseInfo, to: str, **kw: object) -> cases.CaseInfo:
        with self.worker.db.write() as s:
            info = cases.get_case(s, self.worker.actor, case.id)
            data = cases.TransitionInput(to_stage=to, **kw)  # type: ignore[arg-type]
            return cases.move_case(s, self.worker.actor, case.id, data, info.version_id)


def signed_in(ctx: AppContext, username: str) -> AppContext:
    with ctx.db.write() as s:
        actor = auth.login(s, username, PASSWORD)
    return dataclasses.replace(ctx, actor=actor)


@pytest.fixture
def world(db, admin, monkeypatch: pytest.MonkeyPatch) -> CaseWorld:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    panti = make_institution(
        db,
        admin,
        type_code="PSAA",
        name="Panti Sosial Asuhan Anak Putra Utama 1",
        region_code="31.71",
        is_own=True,
        owner_kind="provinsi",
        capacity_male=100,
        capacity_female=100,
    )
    make_user(db, admin, "budi", ["pekerja_sosial"], PASSWORD, jabatan="Pekerja Sosial Ahli Muda")
    make_user(db, admin, "kepala", ["pimpinan"], PASSWORD, jabatan="Kepala Panti")
    base = AppContext(db, admin, Settings())
    return CaseWorld(base, signed_in(base, "budi"), signed_in(base, "kepala"), panti.id)


def answer(qtbot, form: AssessmentForm, code: str, value: object) -> None:  # type: ignore[no-untyped-def]
    """Answer one question the way a person does: type, pick, tick or click."""
    widget = form.answers[code]
    form.scroll.ensureWidgetVisible(widget)
    if isinstance(widget, widgets.TextAnswer | widgets.NumberAnswer):
        widget.edit.setFocus()
        if isinstance(widget.edit, QPlainTextEdit):
            widget.edit.clear()
        else:
            widget.edit.selectAll()
        qtbot.keyClicks(widget.edit, str(value))
    elif isinstance(widget, widgets.ChoiceAnswer):
        widget.combo.setFocus()
        widget.combo.setCurrentIndex(widget.combo.findData(value))
    elif isinstance(widget, widgets.MultiAnswer):
        for v, check in widget.checks.items():
            if check.isChecked() != (v in value):  # type: ignore[operator]
                qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    elif isinstance(widget, widgets.ScaleAnswer):
        qtbot.mouseClick(widget.group.button(int(value)), Qt.MouseButton.LeftButton)  # type: ignore[call-overload]
    else:
        raise AssertionError(code)


def fill(qtbot, form: AssessmentForm, values: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    for code, value in values.items():
        answer(qtbot, form, code, value)
