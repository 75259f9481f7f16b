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


# ------------------------------------------------------------------------------------ residents (intake, profile)


def identity_input(**overrides: object):  # type: ignore[no-untyped-def]
    """An adult man with a valid NIK and a desa of origin in Jakarta Pusat; override any field."""
    from datetime import date

    from kesos_desktop.core.services.residents import IdentityInput

    values: dict[str, object] = {
        "full_name": "Budi Santoso",
        "alias": "Budi",
        "sex": "L",
        "birth_date": date(1945, 8, 17),
        "birth_date_precision": "exact",
        "birth_place": "Jakarta",
        "nik": "3171011708450001",
        "religion": "ISLAM",
        "education": "SD",
        "marital_status": "CERAI_MATI",
        "origin_region_code": "31.71.01.1001",
        "origin_address": "Jl. Kebon Sirih Gg. 3 RT 002/RW 005",
        "phone": "0812 3456 7890",
    }
    values.update(overrides)
    return IdentityInput(**values)  # type: ignore[arg-type]


def intake_input(identity=None, **overrides: object):  # type: ignore[no-untyped-def]
    """An intake without admission (the adult of ``identity_input``), own consent, category LUT."""
    from datetime import date

    from kesos_desktop.core.services.residents import ConsentInput, FamilyContactInput, IntakeInput

    values: dict[str, object] = {
        "identity": identity if identity is not None else identity_input(),
        "categories": ["LUT"],
        "family_contacts": [
            FamilyContactInput(name="Sri Wahyuni", relation="ANAK", phone="0813 1111 2222", address="Bekasi")
        ],
        "consent": ConsentInput(basis="persetujuan_sendiri", given_by="Budi Santoso", given_on=date.today()),
    }
    values.update(overrides)
    return IntakeInput(**values)  # type: ignore[arg-type]


def register_person(db, actor, **overrides: object):  # type: ignore[no-untyped-def]
    """Register a person through ``residents.register_intake``; returns the IntakeResult."""
    from kesos_desktop.core.services import residents

    with db.write() as s:
        return residents.register_intake(s, actor, intake_input(**overrides))


def make_person(db, actor, full_name: str = "Budi", sex: str = "L", birth_date=None, nik=None):  # type: ignore[no-untyped-def]
    """A bare Person row with a registration number (until the intake service exists); returns its id."""
    import uuid
    from datetime import date

    from sqlalchemy import select

    from kesos_desktop.core.models import Office, Person
    from kesos_desktop.core.services import numbering

    with db.write() as s:
        office_id = actor.office_id or s.scalar(select(Office.id).where(Office.is_own.is_(True)))
        year = date.today().year
        value = numbering.next_number(s, office_id, "registration", year)
        person = Person(
            id=uuid.uuid4(),
            office_id=office_id,
            registration_no=f"WB-{year}-{value:06d}",
            full_name=full_name,
            sex=sex,
            birth_date=birth_date,
            nik=nik,
        )
        s.add(person)
        s.commit()
        return person.id


def make_institution(db, actor, **kw: object):  # type: ignore[no-untyped-def]
    """An institution through the real service; keyword arguments override InstitutionInput fields."""
    from kesos_desktop.core.services import institutions

    values: dict[str, object] = {
        "type_code": "UPT_PROV",
        "name": "Panti Sosial Bina Insan Bangun Daya 1",
        "region_code": "31.73",
    }
    values.update(kw)
    with db.write() as s:
        return institutions.create_institution(s, actor, institutions.InstitutionInput(**values))  # type: ignore[arg-type]


def make_room(db, actor, institution_id, name: str = "Wisma 1", sex: str = "L", capacity: int = 0, beds: int = 2):  # type: ignore[no-untyped-def]
    """A room with ``beds`` beds labelled A, B, C...; capacity 0 becomes the number of beds."""
    from kesos_desktop.core.services import institution_rooms

    labels = [chr(ord("A") + i) for i in range(beds)]
    data = institution_rooms.RoomInput(name=name, sex=sex, capacity=capacity, bed_labels=labels)
    with db.write() as s:
        return institution_rooms.add_room(s, actor, institution_id, data)
