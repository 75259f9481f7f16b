"""Test data factories that go through the real services (no hand-made rows where a service exists)."""

from __future__ import annotations

from kesos_desktop.core.services import office, users

ADMIN_PASSWORD = "rahasia123"


def office_input(**overrides: object) -> office.OfficeInput:
    values: dict[str, object] = {
        "name": "Dinas Sosial Provinsi DKI Jakarta",
        "unit": "Bidang Rehabilitasi Sosial",
        "code": "Dinsos",
        "region_code": "31",
        "place_name": "Jakarta",
        "letterhead_lines": ["PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA", "DINAS SOSIAL"],
        "address": "Jl. Gunung Sahari II No. 5, Jakarta Pusat 10610",
        "phone": "(021) 4265115",
        "email": "dinsos@jakarta.go.id",
    }
    values.update(overrides)
    return office.OfficeInput(**values)  # type: ignore[arg-type]


def admin_input(**overrides: object) -> users.UserInput:
    values: dict[str, object] = {
        "username": "admin",
        "full_name": "Siti Rahmawati",
        "roles": ["admin"],
        "password": ADMIN_PASSWORD,
    }
    values.update(overrides)
    return users.UserInput(**values)  # type: ignore[arg-type]


def setup_office(db, **office_overrides: object):  # type: ignore[no-untyped-def]
    with db.write() as s:
        return office.complete_setup(s, office_input(**office_overrides), admin_input())


def make_user(db, actor, username: str, roles: list[str], password: str = "sandi12345", **kw: object):  # type: ignore[no-untyped-def]
    with db.write() as s:
        return users.create_user(
            s,
            actor,
            users.UserInput(username=username, full_name=username.title(), roles=roles, password=password, **kw),  # type: ignore[arg-type]
        )
