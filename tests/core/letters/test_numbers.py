"""Letter numbers: consecutive per office and year, reset in January, nothing consumed by a failed print or a
failed delivery, manual numbers from the buku agenda with a duplicate check, per-KKA sequences and the legacy 460
style, and the register."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from kesos_desktop.core.documents import letters_pemulangan
from kesos_desktop.core.errors import PermissionDenied, ValidationError
from kesos_desktop.core.models import DocumentBlob, IssuedDocument, LetterRegister, NumberSequence, PersonDocument
from kesos_desktop.core.services import letters, letters_numbers, letters_register, returns_settings
from kesos_desktop.core.services.letters import BeritaAcaraRequest, SuratJalanRequest, SuratPengantarRequest
from kesos_desktop.core.services.letters_register import LetterEntryInput, RegisterFilter
from tests.core.letters.conftest import TODAY, bekasi_plan

Y = TODAY.year


@pytest.fixture
def plan(db, world, resident):  # type: ignore[no-untyped-def]
    return bekasi_plan(db, world, resident)


def _pengantar(db, actor, plan_id, on: date, **kw):  # type: ignore[no-untyped-def]
    with db.write() as s:
        return letters.issue_surat_pengantar(s, actor, SuratPengantarRequest(plan_id, letter_date=on, **kw))


def _counts(db) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return (
            s.scalar(select(func.count(IssuedDocument.id))) or 0,
            s.scalar(select(func.count(LetterRegister.id))) or 0,
            s.scalar(select(func.count(PersonDocument.id))) or 0,
            s.scalar(select(func.count()).select_from(DocumentBlob)) or 0,
        )


def test_a_failed_render_consumes_no_number(db, world, plan, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("printer driver crashed")

    monkeypatch.setattr(letters_pemulangan, "render_surat_pengantar", broken)
    with pytest.raises(RuntimeError):
        _pengantar(db, world.admin, plan.id, date(Y, 5, 2))
    assert _counts(db) == (0, 0, 0, 0)
    monkeypatch.undo()
    issued = _pengantar(db, world.admin, plan.id, date(Y, 5, 2))
    assert issued.number == f"400.9/1/Dinsos/V/{Y}"


def test_a_failed_delivery_consumes_no_number(db, world, plan) -> None:  # type: ignore[no-untyped-def]
    delivered: list[bytes] = []

    def jammed(pdf: bytes) -> None:
        raise OSError("kertas macet")

    with db.write() as s, pytest.raises(OSError):
        letters.issue_surat_jalan(s, world.admin, SuratJalanRequest(plan.id, letter_date=date(Y, 5, 2)), deliver=jammed)
    assert _counts(db) == (0, 0, 0, 0)
    with db.write() as s:
        issued = letters.issue_surat_jalan(
            s, world.admin, SuratJalanRequest(plan.id, letter_date=date(Y, 5, 2)), deliver=delivered.append
        )
    assert issued.number == f"400.9/1/SJ/Dinsos/V/{Y}" and delivered == [issued.pdf]


def test_numbers_restart_in_january(db, world, plan) -> None:  # type: ignore[no-untyped-def]
    first = _pengantar(db, world.admin, plan.id, date(Y, 12, 30)).number
    second = _pengantar(db, world.admin, plan.id, date(Y, 12, 31)).number
    january = _pengantar(db, world.admin, plan.id, date(Y + 1, 1, 2)).number
    next_one = _pengantar(db, world.admin, plan.id, date(Y + 1, 1, 3)).number
    late = _pengantar(db, world.admin, plan.id, date(Y, 12, 31)).number  # a letter dated back in December
    assert [first, second, january, next_one, late] == [
        f"400.9/1/Dinsos/XII/{Y}",
        f"400.9/2/Dinsos/XII/{Y}",
        f"400.9/1/Dinsos/I/{Y + 1}",
        f"400.9/2/Dinsos/I/{Y + 1}",
        f"400.9/3/Dinsos/XII/{Y}",
    ]
    with db.read() as s:
        rows = dict(
            s.execute(
                select(NumberSequence.year, NumberSequence.last_value).where(NumberSequence.name == "letter:all")
            ).all()
        )
    assert rows == {Y: 3, Y + 1: 2}


def test_manual_numbers_from_the_buku_agenda(db, world, plan) -> None:  # type: ignore[no-untyped-def]
    typed = f"400.9/0815/Dinsos/IV/{Y}"
    issued = _pengantar(db, world.admin, plan.id, date(Y, 4, 20), manual_number=f"  {typed} ")
    assert issued.number == typed
    with pytest.raises(ValidationError) as info:
        _pengantar(db, world.admin, plan.id, date(Y, 4, 21), manual_number=typed)
    assert "manual_number" in info.value.fields and "sudah tercatat" in info.value.fields["manual_number"]
    with db.read() as s:
        entry = s.scalar(select(LetterRegister).where(LetterRegister.number == typed))
        assert entry is not None and entry.is_manual and entry.seq is None
        # a manual number takes nothing from the sequence
        assert s.scalar(select(NumberSequence.last_value).where(NumberSequence.name == "letter:all")) is None
    # A number recorded by hand that the sequence would give next is stepped over, never given twice.
    with db.write() as s:
        letters_register.record_letter(
            s,
            world.admin,
            LetterEntryInput(date(Y, 4, 22), "Undangan rapat koordinasi", number=f"400.9/1/Dinsos/IV/{Y}"),
        )
    with db.write() as s, pytest.raises(ValidationError) as info:
        letters_register.record_letter(
            s, world.admin, LetterEntryInput(date(Y, 4, 22), "Surat lain", number=f"400.9/1/Dinsos/IV/{Y}")
        )
    assert "manual_number" in info.value.fields
    assert _pengantar(db, world.admin, plan.id, date(Y, 4, 23)).number == f"400.9/2/Dinsos/IV/{Y}"


def test_the_register_lists_every_number(db, world, plan) -> None:  # type: ignore[no-untyped-def]
    on = date(Y, 6, 3)
    pengantar = _pengantar(db, world.admin, plan.id, on)
    with db.write() as s:
        reserved = letters_register.record_letter(
            s,
            world.admin,
            LetterEntryInput(on, "Permohonan data penerima bantuan", addressee="Kepala Dinas Dukcapil"),
        )
    assert reserved.number == f"400.9/2/Dinsos/VI/{Y}" and reserved.seq == 2 and not reserved.is_manual
    with db.write() as s:
        bast = letters.issue_berita_acara(
            s, world.admin, BeritaAcaraRequest(plan.legs[0].id, condition="sehat", handover_on=on)
        )
    with db.read() as s:
        rows = letters_register.list_register(s, world.admin, RegisterFilter(year=Y))
        assert [r.number for r in rows] == [bast.number, reserved.number, pengantar.number]
        first = rows[-1]
        assert first.kind == "surat_pengantar" and first.kind_label == "Surat pengantar pemulangan"
        assert first.addressee == "Kepala Dinas Sosial Kota Bekasi" and first.hal == "Pemulangan Warga Binaan"
        assert first.person_name == "Sutrisno bin Karto" and first.plan_no == plan.plan_no
        assert first.document_id == pengantar.id and first.letter_date == on
        assert letters_register.count_register(s, world.admin, RegisterFilter(kind="berita_acara")) == 1
        found = letters_register.list_register(s, world.admin, RegisterFilter(text="dukcapil"))
        assert [r.id for r in found] == [reserved.id]
        documents = letters_register.list_plan_documents(s, world.admin, plan.id)
        assert [d.kind for d in documents] == ["surat_pengantar", "berita_acara"]
        assert documents[1].leg_seq == 1
    with db.write() as s:
        voided = letters_register.void_entry(s, world.admin, reserved.id, "Salah ketik tujuan")
    assert voided.voided and voided.void_reason == "Salah ketik tujuan"
    with db.write() as s, pytest.raises(ValidationError):
        letters_register.void_entry(s, world.admin, reserved.id, "lagi")
    with db.write() as s:
        letters_register.void_document(s, world.admin, bast.id, "Dicetak ulang dengan kondisi yang benar")
    with db.write() as s, pytest.raises(ValidationError):
        letters.document_pdf(s, world.admin, bast.id, copy=True)
    with db.read() as s:
        assert s.get(IssuedDocument, bast.id).voided_at is not None
        live = letters_register.list_register(s, world.admin, RegisterFilter(include_voided=False))
        assert [r.number for r in live] == [pengantar.number]
    # voided numbers stay used
    assert _pengantar(db, world.admin, plan.id, on).number == f"400.9/4/Dinsos/VI/{Y}"


def test_per_kka_sequences_and_the_legacy_460_style(db, world, plan) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        returns_settings.save_number_template(
            s,
            world.admin,
            "berita_acara",
            "{klasifikasi}/{nomor:03d}/{unit}/{bulan_romawi}/{tahun}",
            klasifikasi="400.9.4",
            unit="BAST-Dinsos",
            sequence_name="kka",
        )
    with db.write() as s:
        returns_settings.save_number_template(
            s, world.admin, "surat_jalan", "{klasifikasi}/{nomor}/{unit}/{bulan_romawi}/{tahun}", klasifikasi="460"
        )
    on = date(Y, 8, 17)
    with db.write() as s:
        bast = letters.issue_berita_acara(
            s, world.admin, BeritaAcaraRequest(plan.legs[0].id, condition="sehat", handover_on=on)
        )
    with db.write() as s:
        jalan = letters.issue_surat_jalan(s, world.admin, SuratJalanRequest(plan.id, letter_date=on))
    pengantar = _pengantar(db, world.admin, plan.id, on)
    assert bast.number == f"400.9.4/001/BAST-Dinsos/VIII/{Y}"
    assert jalan.number == f"460/1/Dinsos/VIII/{Y}"
    assert pengantar.number == f"400.9/2/Dinsos/VIII/{Y}"  # shares the office sequence with the surat jalan
    with db.read() as s:
        formats = {f.kind: f for f in letters_numbers.number_formats(s, world.admin, on)}
    assert formats["berita_acara"].sequence == "letter:400.9.4" and formats["berita_acara"].last_number == 1
    assert formats["surat_jalan"].example == f"460/123/Dinsos/VIII/{Y}"
    assert (
        formats["surat_pengantar"].preview == f"400.9/.../Dinsos/VIII/{Y}"
        and formats["surat_pengantar"].last_number == 2
    )
    assert formats["kwitansi"].sequence == "kwitansi" and formats["voucher"].sequence == "voucher"


def test_recording_a_letter_checks_its_input(db, world) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s, pytest.raises(ValidationError) as info:
        letters_register.record_letter(s, world.admin, LetterEntryInput(TODAY, "  ", kind="voucher"))
    assert {"hal", "kind"} <= set(info.value.fields)
    with db.write() as s, pytest.raises(PermissionDenied):
        letters_register.record_letter(s, world.pimpinan, LetterEntryInput(TODAY, "Undangan"))


def test_numbers_stay_unique_with_concurrent_threads(db, world, plan) -> None:  # type: ignore[no-untyped-def]
    import threading

    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(3):
            try:
                with db.write() as s:
                    issued = letters.issue_surat_jalan(
                        s, world.admin, SuratJalanRequest(plan.id, letter_date=date(Y, 7, 1))
                    )
                with lock:
                    numbers.append(issued.number)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(numbers, key=lambda n: int(n.split("/")[1])) == [f"400.9/{i}/SJ/Dinsos/VII/{Y}" for i in range(1, 10)]
