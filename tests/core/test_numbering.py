"""Per-office sequences: consecutive, never repeated, nothing skipped — also with concurrent writers."""

from __future__ import annotations

import threading

from sqlalchemy import select

from kesos_desktop.core.models import Office
from kesos_desktop.core.services.numbering import next_number
from tests.factories import setup_office


def test_numbers_are_consecutive_per_name_and_year(db) -> None:  # type: ignore[no-untyped-def]
    setup_office(db)
    with db.write() as s:
        office_id = s.scalar(select(Office.id))
        got = [next_number(s, office_id, "voucher", 2026) for _ in range(3)]
        got.append(next_number(s, office_id, "voucher", 2027))
        got.append(next_number(s, office_id, "letter", 2026))
        s.commit()
    assert got == [1, 2, 3, 1, 1]


def test_rolled_back_number_is_given_again(db) -> None:  # type: ignore[no-untyped-def]
    setup_office(db)
    with db.write() as s:
        office_id = s.scalar(select(Office.id))
        assert next_number(s, office_id, "voucher", 2026) == 1
        s.rollback()
    with db.write() as s:
        assert next_number(s, office_id, "voucher", 2026) == 1


def test_concurrent_threads_get_unique_gap_free_numbers(db) -> None:  # type: ignore[no-untyped-def]
    setup_office(db)
    with db.read() as s:
        office_id = s.scalar(select(Office.id))
    results: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(10):
            with db.write() as s:
                n = next_number(s, office_id, "voucher", 2026)
                s.commit()
            with lock:
                results.append(n)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == list(range(1, 61))
