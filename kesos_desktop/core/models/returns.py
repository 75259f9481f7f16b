"""Pemulangan (return home): the relay network, fares, budget, return plans with legs, vouchers, signing keys,
and the document settings and registers the letters build on (issued documents, letter register, number
templates, signatories).

Money columns hold whole rupiah as integers (``*_amount``, ``*_per_day``): pemulangan amounts are whole rupiah,
integers are exact on every database, and SQLite has no decimal type.

Issued documents: the PDF bytes go into ``document_blob`` (by SHA-256, shared with scans), the document is listed
on the person's profile through a ``person_document`` row (kind ``VOUCHER``, ``SURAT_PENGANTAR``...), and
``issued_document`` keeps what only an issued document has: its number, the plan/leg it belongs to, who issued
it, reprints and voiding. Letters additionally get a ``letter_register`` row pointing at their issued document.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from kesos_desktop.core.models.base import Base, Timestamps, UuidPk, Versioned, utcnow

# ------------------------------------------------------------------------------------------------ relay network


class RelayOffice(UuidPk, Timestamps, Versioned, Base):
    """A Dinas Sosial that sends, receives or forwards people: provincial or kab/kota, ours or a partner's."""

    __tablename__ = "relay_office"

    # Stable key used by the seed files and rules: "DINSOS-31", "DINSOS-32.75".
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80), default="")
    # provinsi / kabupaten_kota
    level: Mapped[str] = mapped_column(String(20))
    region_code: Mapped[str] = mapped_column(String(13), index=True)
    region_name: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    is_mpu_member: Mapped[bool] = mapped_column(Boolean, default=False)
    # Receives people from elsewhere and sends them on (estafet).
    can_forward: Mapped[bool] = mapped_column(Boolean, default=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # bawaan (seeded), admin (added by hand), turunan (made for a destination kab/kota when a plan needed it)
    origin: Mapped[str] = mapped_column(String(20), default="admin")
    # Set on the relay office that is this database's own office.
    office_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("office.id"), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class RelayLink(Timestamps, Base):
    """Two offices that hand people over to each other directly (undirected; stored once)."""

    __tablename__ = "relay_link"
    __table_args__ = (UniqueConstraint("office_a_id", "office_b_id", name="uq_relay_link_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_a_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("relay_office.id", ondelete="CASCADE"))
    office_b_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("relay_office.id", ondelete="CASCADE"))
    # Space-separated transport modes, the usual first: "bus kereta".
    mode_hints: Mapped[str] = mapped_column(String(100), default="")
    # Planner cost of using this link (shortest total wins); 1 for an ordinary neighbour.
    weight: Mapped[int] = mapped_column(Integer, default=1)
    agreement: Mapped[str] = mapped_column(String(200), default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class RelayRule(Timestamps, Base):
    """Which office forwards people to destinations under a region prefix ("Sumatera via Dinsos Lampung").

    The planner takes the active rule with the longest ``destination_prefix`` matching the destination (and
    ``origin_prefix`` matching the sender, "" = any), then ``priority``. ``via_office_id`` empty means "the
    destination province's own Dinas Sosial, reached through the relay links" (the MPU estafet).
    """

    __tablename__ = "relay_rule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    destination_prefix: Mapped[str] = mapped_column(String(13))
    origin_prefix: Mapped[str] = mapped_column(String(13), default="")
    via_office_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("relay_office.id", ondelete="CASCADE"), nullable=True
    )
    # Mode hint of the leg from the via office to the destination province ("kapal" for PELNI).
    forward_mode: Mapped[str] = mapped_column(String(20), default="")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str] = mapped_column(Text, default="")
    source_note: Mapped[str] = mapped_column(Text, default="")


class Fare(Timestamps, Versioned, Base):
    """A tariff kept by the admin: by office pair, by region prefixes, or by route class; per mode, dated."""

    __tablename__ = "fare"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    from_office_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("relay_office.id", ondelete="CASCADE"), nullable=True
    )
    to_office_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("relay_office.id", ondelete="CASCADE"), nullable=True
    )
    from_region_prefix: Mapped[str] = mapped_column(String(13), default="")
    to_region_prefix: Mapped[str] = mapped_column(String(13), default="")
    # "" or dalam_provinsi / antar_provinsi / antar_pulau (flat tariffs such as Kab. Batanghari's).
    route_class: Mapped[str] = mapped_column(String(20), default="")
    # "" = any mode
    mode: Mapped[str] = mapped_column(String(20), default="")
    carrier: Mapped[str] = mapped_column(String(100), default="")
    amount: Mapped[int] = mapped_column(BigInteger)
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    bidirectional: Mapped[bool] = mapped_column(Boolean, default=True)
    # Seeded example tariffs (inactive until an admin confirms them).
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    source_note: Mapped[str] = mapped_column(Text, default="")


# ------------------------------------------------------------------------------------------------------- budget


class FundSource(Timestamps, Base):
    """Where money comes from: APBD Provinsi, APBD kab/kota, APBN dekonsentrasi, CSR..."""

    __tablename__ = "fund_source"
    __table_args__ = (UniqueConstraint("office_id", "code", name="uq_fund_source_office_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"))
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default="APBD")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class BudgetLine(Timestamps, Versioned, Base):
    """One year's allocation of a fund source for returns (e.g. "Belanja pemulangan orang terlantar 2026")."""

    __tablename__ = "budget_line"
    __table_args__ = (UniqueConstraint("fund_source_id", "year", "code", name="uq_budget_line_source_year_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fund_source_id: Mapped[int] = mapped_column(Integer, ForeignKey("fund_source.id"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    # Kode rekening / sub kegiatan as the office writes it.
    code: Mapped[str] = mapped_column(String(60), default="")
    name: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(BigInteger)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")


# -------------------------------------------------------------------------------------------------- return plans


class ReturnPlan(UuidPk, Timestamps, Versioned, Base):
    """Sending one person home: destination, receiver, legs, approval and what happened."""

    __tablename__ = "return_plan"
    __table_args__ = (
        UniqueConstraint("office_id", "plan_no", name="uq_return_plan_office_plan_no"),
        Index("ix_return_plan_person", "person_id", "created_at"),
    )

    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"))
    plan_no: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id"))
    stay_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("stay.id"), nullable=True, index=True)
    # draft / disetujui / berangkat / tiba / batal
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    destination_region_code: Mapped[str] = mapped_column(String(13))
    destination_region_name: Mapped[str] = mapped_column(String(300))
    destination_address: Mapped[str] = mapped_column(Text, default="")
    receiver_name: Mapped[str] = mapped_column(String(150), default="")
    receiver_relation: Mapped[str] = mapped_column(String(60), default="")
    receiver_phone: Mapped[str] = mapped_column(String(40), default="")
    receiver_address: Mapped[str] = mapped_column(Text, default="")
    family_contact_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("family_contact.id", ondelete="SET NULL"), nullable=True
    )
    planned_departure_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(60), default="")
    approved_at: Mapped[datetime | None] = mapped_column(nullable=True)
    approved_by: Mapped[str] = mapped_column(String(60), default="")
    approval_note: Mapped[str] = mapped_column(Text, default="")
    # A pimpinan approving past a budget line's remainder: who, when, why.
    budget_override_at: Mapped[datetime | None] = mapped_column(nullable=True)
    budget_override_by: Mapped[str] = mapped_column(String(60), default="")
    budget_override_reason: Mapped[str] = mapped_column(Text, default="")
    departed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    arrived_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    arrival_confirmed_by: Mapped[str] = mapped_column(String(150), default="")
    arrival_note: Mapped[str] = mapped_column(Text, default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    cancelled_by: Mapped[str] = mapped_column(String(60), default="")
    cancel_reason: Mapped[str] = mapped_column(Text, default="")


class ReturnPlanEvent(Base):
    """A status change or decision on a plan: who, when, from what to what, and why."""

    __tablename__ = "return_plan_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("return_plan.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    username: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20), default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class ReturnLeg(UuidPk, Base):
    """One hand-over hop of a plan: from one Dinas Sosial to the next, paid by the sending office."""

    __tablename__ = "return_leg"
    __table_args__ = (UniqueConstraint("plan_id", "seq", name="uq_return_leg_plan_seq"),)

    plan_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("return_plan.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    from_office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("relay_office.id"))
    to_office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("relay_office.id"))
    # bus / kereta / kapal / pesawat / kendaraan_dinas
    mode: Mapped[str] = mapped_column(String(20))
    carrier: Mapped[str] = mapped_column(String(100), default="")
    travel_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    fare_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("fare.id", ondelete="SET NULL"), nullable=True)
    fare_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    # Non-empty when the fare differs from the fare table (or there is no fare-table entry).
    fare_override_reason: Mapped[str] = mapped_column(Text, default="")
    days: Mapped[int] = mapped_column(Integer, default=1)
    meal_per_day: Mapped[int] = mapped_column(BigInteger, default=0)
    pocket_per_day: Mapped[int] = mapped_column(BigInteger, default=0)
    # False for legs sent by another office (shown for the route; they pay them from their own budget).
    paid_by_own_office: Mapped[bool] = mapped_column(Boolean, default=True)
    budget_line_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("budget_line.id"), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # direncanakan / diserahterimakan
    status: Mapped[str] = mapped_column(String(20), default="direncanakan")
    handed_over_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    receiving_officer_name: Mapped[str] = mapped_column(String(150), default="")
    receiving_officer_nip: Mapped[str] = mapped_column(String(18), default="")
    receiving_officer_jabatan: Mapped[str] = mapped_column(String(150), default="")
    handover_note: Mapped[str] = mapped_column(Text, default="")
    handover_recorded_by: Mapped[str] = mapped_column(String(60), default="")


class ReturnLegEscort(Base):
    """A pendamping travelling with the person on a leg, with their own fare and daily allowance."""

    __tablename__ = "return_leg_escort"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    leg_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("return_leg.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    nip: Mapped[str] = mapped_column(String(18), default="")
    jabatan: Mapped[str] = mapped_column(String(150), default="")
    fare_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    days: Mapped[int] = mapped_column(Integer, default=1)
    meal_per_day: Mapped[int] = mapped_column(BigInteger, default=0)
    pocket_per_day: Mapped[int] = mapped_column(BigInteger, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")


# ----------------------------------------------------------------------------------------------------- vouchers


class OfficeSigningKey(Base):
    """An Ed25519 key that signs vouchers. Our own office's keys carry the private seed; partner offices' public
    keys are imported so their vouchers verify offline here too."""

    __tablename__ = "office_signing_key"

    # First 8 hex digits of SHA-256 over the public key; printed inside every payload.
    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    office_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("office.id"), nullable=True, index=True)
    office_code: Mapped[str] = mapped_column(String(40), default="")
    office_name: Mapped[str] = mapped_column(String(200), default="")
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    # 32-byte seed; only for this database's own office. Read by services/security.signing only.
    private_key: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(60), default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")


class IssuedDocument(UuidPk, Base):
    """A document this office printed and must be able to show again: voucher, letter, berita acara, kwitansi."""

    __tablename__ = "issued_document"
    __table_args__ = (Index("ix_issued_document_office_kind", "office_id", "kind", "issued_on"),)

    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"))
    # voucher / surat_pengantar / surat_penerusan / berita_acara / surat_jalan / kwitansi / spj
    kind: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("person.id"), nullable=True, index=True)
    plan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("return_plan.id"), nullable=True, index=True)
    leg_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("return_leg.id"), nullable=True)
    issued_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(60), default="")
    sha256: Mapped[str] = mapped_column(String(64), ForeignKey("document_blob.sha256"))
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100), default="application/pdf")
    # The row that lists it on the person's profile (Dokumen tab).
    person_document_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("person_document.id", ondelete="SET NULL"), nullable=True
    )
    print_count: Mapped[int] = mapped_column(Integer, default=1)
    voided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    void_reason: Mapped[str] = mapped_column(Text, default="")


class Voucher(UuidPk, Timestamps, Versioned, Base):
    """A travel-assistance voucher: a number from the office's yearly sequence and a signed QR payload."""

    __tablename__ = "voucher"
    __table_args__ = (
        UniqueConstraint("office_id", "year", "seq", name="uq_voucher_office_year_seq"),
        UniqueConstraint("office_id", "number", name="uq_voucher_office_number"),
        Index("ix_voucher_issued_on", "issued_on"),
    )

    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(80))
    plan_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("return_plan.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(60), default="")
    signatory_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("office_signatory.id"), nullable=True)
    key_id: Mapped[str] = mapped_column(String(16), ForeignKey("office_signing_key.key_id"))
    # Registration number of the person (never the NIK).
    person_ref: Mapped[str] = mapped_column(String(60), default="")
    # The whole signed text carried by the QR code ("KV1.<fields>.<signature>").
    payload: Mapped[str] = mapped_column(Text)
    print_count: Mapped[int] = mapped_column(Integer, default=1)
    last_printed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # aktif / batal
    status: Mapped[str] = mapped_column(String(20), default="aktif", index=True)
    voided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    voided_by: Mapped[str] = mapped_column(String(60), default="")
    void_reason: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("issued_document.id"), nullable=True)


class VoucherLeg(Base):
    """The legs a voucher pays for."""

    __tablename__ = "voucher_leg"

    voucher_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("voucher.id", ondelete="CASCADE"), primary_key=True)
    leg_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("return_leg.id"), primary_key=True)


# -------------------------------------------------------------------------------------- letters and signatories


class LetterRegister(UuidPk, Timestamps, Base):
    """The outgoing-letter book (buku agenda surat keluar): every number given, also numbers typed by hand."""

    __tablename__ = "letter_register"
    __table_args__ = (
        UniqueConstraint("office_id", "number", name="uq_letter_register_office_number"),
        Index("ix_letter_register_office_date", "office_id", "letter_date"),
    )

    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"))
    year: Mapped[int] = mapped_column(Integer)
    # The sequence value behind the number; empty for a number taken from the paper agenda book.
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    number: Mapped[str] = mapped_column(String(100))
    letter_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40))
    klasifikasi: Mapped[str] = mapped_column(String(30), default="")
    hal: Mapped[str] = mapped_column(String(300))
    addressee: Mapped[str] = mapped_column(String(300), default="")
    is_manual: Mapped[bool] = mapped_column(Boolean, default=False)
    person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("person.id"), nullable=True, index=True)
    plan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("return_plan.id"), nullable=True)
    document_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("issued_document.id"), nullable=True)
    created_by: Mapped[str] = mapped_column(String(60), default="")
    voided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    void_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class LetterNumberTemplate(Base):
    """How an office writes the number of one kind of document.

    E.g. ``{nomor}/{klasifikasi}/{unit}/{bulan_romawi}/{tahun}`` for letters, ``{nomor:04d}/VCR/{kode_kantor}/{tahun}``
    for vouchers.

    Tokens: nomor (with a format such as ``{nomor:04d}``), klasifikasi, unit, kode_kantor, bulan, bulan_romawi,
    tahun. ``sequence_name`` names the number_sequence it counts in (letters of several kinds may share one).
    """

    __tablename__ = "letter_number_template"
    __table_args__ = (UniqueConstraint("office_id", "kind", name="uq_letter_number_template_office_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"))
    kind: Mapped[str] = mapped_column(String(40))
    template: Mapped[str] = mapped_column(String(200))
    klasifikasi: Mapped[str] = mapped_column(String(30), default="")
    unit: Mapped[str] = mapped_column(String(60), default="")
    sequence_name: Mapped[str] = mapped_column(String(40), default="surat")
    reset_yearly: Mapped[bool] = mapped_column(Boolean, default=True)


class OfficeSignatory(UuidPk, Timestamps, Versioned, Base):
    """An official who signs the office's documents (Kepala Dinas, or a.n./Plt./Plh. signers)."""

    __tablename__ = "office_signatory"

    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    nip: Mapped[str] = mapped_column(String(18), default="")
    jabatan: Mapped[str] = mapped_column(String(200))
    pangkat: Mapped[str] = mapped_column(String(100), default="")
    # "" / a.n. / u.b. / Plt. / Plh.
    prefix: Mapped[str] = mapped_column(String(5), default="")
    on_behalf_of: Mapped[str] = mapped_column(String(200), default="")
    intermediate: Mapped[str] = mapped_column(String(200), default="")
    # Space-separated document kinds this official signs by default ("" = any).
    kinds: Mapped[str] = mapped_column(String(200), default="")
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
