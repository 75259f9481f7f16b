"""Office Ed25519 keys and the signed voucher payload (``KV1``): make, sign, read back and verify offline.

The payload is what a voucher's QR code carries::

    KV1.<base64url(key_id|office_code|number|amount|issued YYYYMMDD|valid_until YYYYMMDD|person_ref)>.<base64url(sig)>

The signature (64 bytes, Ed25519) covers the ASCII text before the last dot, so the version tag is signed too.
``person_ref`` is the registration number, never the NIK. About 200 characters: a version-10 QR at level M.

Each office gets one key pair the first time it issues a voucher; the private seed stays in
``office_signing_key`` (read only through this module) and the public key can be exported as one line of text
and imported by partner offices, so their PCs verify our vouchers without a network.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from nacl.exceptions import BadSignatureError
from nacl.exceptions import ValueError as NaclValueError
from nacl.signing import SigningKey, VerifyKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from kesos_desktop.core.errors import ValidationError
from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_date, format_rupiah

PAYLOAD_VERSION = "KV1"
PUBLIC_KEY_PREFIX = "KESOS-KUNCI1"
KEY_ID_LENGTH = 8
_FIELD_SEPARATOR = "|"
_WHITESPACE = re.compile(r"\s+")

Status = Literal["asli", "palsu", "dibatalkan", "kedaluwarsa", "tidak_dikenal"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id_for(public_key: bytes) -> str:
    """Short key name printed in every payload: the first hex digits of SHA-256 over the public key."""
    return hashlib.sha256(public_key).hexdigest()[:KEY_ID_LENGTH]


@dataclass(frozen=True)
class KeyPair:
    key_id: str
    public_key: bytes
    private_seed: bytes


def generate_keypair() -> KeyPair:
    signing = SigningKey.generate()
    public = bytes(signing.verify_key)
    return KeyPair(key_id_for(public), public, bytes(signing))


@dataclass(frozen=True)
class KnownKey:
    """A public key this PC trusts: our own office's, or a partner office's imported one."""

    key_id: str
    public_key: bytes
    office_code: str = ""
    office_name: str = ""
    revoked: bool = False


# ---------------------------------------------------------------------------------------------------- payload


@dataclass(frozen=True)
class VoucherPayload:
    """The signed facts of one voucher."""

    key_id: str
    office_code: str
    number: str
    amount: int
    issued_on: date
    valid_until: date
    person_ref: str

    def packed(self) -> bytes:
        fields = [
            self.key_id,
            self.office_code,
            self.number,
            str(self.amount),
            self.issued_on.strftime("%Y%m%d"),
            self.valid_until.strftime("%Y%m%d"),
            self.person_ref,
        ]
        for value in fields:
            if _FIELD_SEPARATOR in value or "\n" in value:
                message = _("Isi voucher tidak boleh memuat tanda '|' atau baris baru: {value}").format(value=value)
                raise ValidationError(message, {"payload": message})
        return _FIELD_SEPARATOR.join(fields).encode("utf-8")

    @classmethod
    def unpacked(cls, data: bytes) -> VoucherPayload:
        parts = data.decode("utf-8").split(_FIELD_SEPARATOR)
        if len(parts) != 7:
            raise ValueError("wrong number of fields")
        key_id, office_code, number, amount, issued, valid, person_ref = parts
        if not amount.isdigit():
            raise ValueError("amount is not a whole number")
        return cls(
            key_id=key_id,
            office_code=office_code,
            number=number,
            amount=int(amount),
            issued_on=datetime.strptime(issued, "%Y%m%d").date(),
            valid_until=datetime.strptime(valid, "%Y%m%d").date(),
            person_ref=person_ref,
        )


def sign_payload(payload: VoucherPayload, private_seed: bytes) -> str:
    """The full QR text for ``payload`` signed with an office's private seed."""
    signed_part = f"{PAYLOAD_VERSION}.{_b64(payload.packed())}"
    signature = SigningKey(private_seed).sign(signed_part.encode("ascii")).signature
    return f"{signed_part}.{_b64(signature)}"


def normalise_text(text: str) -> str:
    """What was pasted or scanned, without the spaces and line breaks a printed or wrapped payload picks up."""
    return _WHITESPACE.sub("", text or "")


def parse_payload_text(text: str) -> tuple[VoucherPayload, bytes, bytes]:
    """(payload, signed bytes, signature); ValueError when the text is not a KV1 voucher payload at all."""
    clean = normalise_text(text)
    parts = clean.split(".")
    if len(parts) != 3 or parts[0] != PAYLOAD_VERSION:
        raise ValueError("not a KV1 payload")
    try:
        fields = _unb64(parts[1])
        signature = _unb64(parts[2])
        payload = VoucherPayload.unpacked(fields)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ValueError(str(exc)) from exc
    if len(signature) != 64:
        raise ValueError("signature has the wrong length")
    return payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature


# ------------------------------------------------------------------------------------------------ verification


@dataclass(frozen=True)
class VerificationResult:
    """The answer to "is this voucher genuine?": a status code, a sentence for the user, and what it says."""

    status: Status
    message: str
    fields: VoucherPayload | None = None
    office_name: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "asli"

    def field_lines(self) -> list[tuple[str, str]]:
        """Labelled values for a dialog or the CLI (empty when the text could not be read)."""
        f = self.fields
        if f is None:
            return []
        office = f"{self.office_name} ({f.office_code})" if self.office_name else f.office_code
        return [
            (_("Nomor voucher"), f.number),
            (_("Kantor penerbit"), office),
            (_("Jumlah"), format_rupiah(f.amount)),
            (_("Tanggal terbit"), format_date(f.issued_on)),
            (_("Berlaku sampai"), format_date(f.valid_until)),
            (_("No. registrasi penerima"), f.person_ref),
            (_("Kunci"), f.key_id),
        ]


def verify_voucher_text(
    text: str,
    known_keys: Mapping[str, KnownKey | bytes],
    *,
    today: date | None = None,
    void_reason: Callable[[VoucherPayload], str | None] | None = None,
) -> VerificationResult:
    """Check a scanned or pasted payload offline.

    ``known_keys``: key id → :class:`KnownKey` (or raw public key bytes). ``void_reason``: looks the voucher up in a
    local register and returns the reason it was voided, or None. Order of checks: readable → key known → signature
    valid (else "palsu") → not voided → not expired → "asli".
    """
    today = today or date.today()
    try:
        payload, signed, signature = parse_payload_text(text)
    except ValueError:
        return VerificationResult(
            "palsu", _("PALSU: teks ini bukan kode voucher Kesos yang utuh (rusak, terpotong, atau diubah).")
        )
    entry = known_keys.get(payload.key_id)
    if entry is None:
        return VerificationResult(
            "tidak_dikenal",
            _(
                "TIDAK DIKENAL: voucher ditandatangani dengan kunci {key} yang tidak dikenal di komputer ini. "
                "Minta kunci publik kantor penerbit ({office}) lalu impor, atau hubungi kantor itu."
            ).format(key=payload.key_id, office=payload.office_code),
            payload,
        )
    key = entry if isinstance(entry, KnownKey) else KnownKey(payload.key_id, entry)
    try:
        VerifyKey(key.public_key).verify(signed, signature)
    except (BadSignatureError, NaclValueError):
        return VerificationResult(
            "palsu", _("PALSU: tanda tangan digital tidak cocok; isi voucher telah diubah atau dibuat tiruan."), payload
        )
    if key.office_code and key.office_code != payload.office_code:
        return VerificationResult(
            "palsu",
            _("PALSU: voucher mengaku dari kantor {claimed}, tetapi ditandatangani dengan kunci kantor {real}.").format(
                claimed=payload.office_code, real=key.office_code
            ),
            payload,
        )
    if key.revoked:
        return VerificationResult(
            "tidak_dikenal",
            _("TIDAK DIKENAL: kunci {key} milik {office} sudah dicabut; voucher ini tidak dapat dipercaya.").format(
                key=key.key_id, office=key.office_name or key.office_code
            ),
            payload,
            key.office_name,
        )
    reason = void_reason(payload) if void_reason is not None else None
    if reason is not None:
        return VerificationResult(
            "dibatalkan",
            _("DIBATALKAN: voucher {number} sudah dibatalkan. Alasan: {reason}").format(
                number=payload.number, reason=reason or "-"
            ),
            payload,
            key.office_name,
        )
    if payload.valid_until < today:
        return VerificationResult(
            "kedaluwarsa",
            _("KEDALUWARSA: voucher {number} hanya berlaku sampai {date}.").format(
                number=payload.number, date=format_date(payload.valid_until)
            ),
            payload,
            key.office_name,
        )
    return VerificationResult(
        "asli",
        _("ASLI: voucher {number} sah, diterbitkan {office}, senilai {amount}.").format(
            number=payload.number, office=key.office_name or payload.office_code, amount=format_rupiah(payload.amount)
        ),
        payload,
        key.office_name,
    )


# ------------------------------------------------------------------------------------------------- key storage


@dataclass(frozen=True)
class OwnKey:
    """The office's active signing key as the voucher service needs it. ``office_code`` is fixed when the key is
    made and goes into every payload it signs (the office's code and region, e.g. "DINSOS-31")."""

    key_id: str
    office_code: str
    private_seed: bytes


def office_key_code(code: str, region_code: str) -> str:
    return f"{(code or 'KANTOR').strip().upper().replace(' ', '')}-{region_code}"


def own_signing_key(session: Session, office_id: uuid.UUID, *, created_by: str = "") -> OwnKey:
    """The office's active key, made and stored on first use (in the caller's transaction)."""
    from kesos_desktop.core.models import Office, OfficeSigningKey

    row = session.scalar(
        select(OfficeSigningKey)
        .where(
            OfficeSigningKey.office_id == office_id,
            OfficeSigningKey.is_active.is_(True),
            OfficeSigningKey.private_key.is_not(None),
            OfficeSigningKey.revoked_at.is_(None),
        )
        .order_by(OfficeSigningKey.created_at.desc())
        .limit(1)
    )
    if row is None:
        office = session.get(Office, office_id)
        if office is None:
            raise ValidationError(_("Data kantor belum diisi."))
        pair = generate_keypair()
        row = OfficeSigningKey(
            key_id=pair.key_id,
            office_id=office_id,
            office_code=office_key_code(office.code, office.region_code),
            office_name=office.name,
            public_key=pair.public_key,
            private_key=pair.private_seed,
            created_by=created_by,
        )
        session.add(row)
        session.flush()
    assert row.private_key is not None
    return OwnKey(row.key_id, row.office_code, row.private_key)


def known_keys(session: Session) -> dict[str, KnownKey]:
    """Every public key in this database (own and imported), for offline verification."""
    from kesos_desktop.core.models import OfficeSigningKey

    rows = session.execute(
        select(
            OfficeSigningKey.key_id,
            OfficeSigningKey.public_key,
            OfficeSigningKey.office_code,
            OfficeSigningKey.office_name,
            OfficeSigningKey.revoked_at,
        )
    )
    return {
        r.key_id: KnownKey(r.key_id, r.public_key, r.office_code, r.office_name, r.revoked_at is not None) for r in rows
    }


def export_public_key(key: KnownKey) -> str:
    """One line a partner office can import: ``KESOS-KUNCI1 <key id> <office code> <public key> <office name>``."""
    return f"{PUBLIC_KEY_PREFIX} {key.key_id} {key.office_code} {_b64(key.public_key)} {key.office_name}".strip()


def parse_public_key(text: str) -> KnownKey:
    """Read an exported public-key line; ValidationError (field ``key``) when it is not one or does not add up."""
    parts = (text or "").strip().split(" ", 4)
    problem = _("Teks kunci publik tidak dikenali. Salin seluruh baris yang diawali {prefix}.").format(
        prefix=PUBLIC_KEY_PREFIX
    )
    if len(parts) < 4 or parts[0] != PUBLIC_KEY_PREFIX:
        raise ValidationError(problem, {"key": problem})
    try:
        public = _unb64(parts[3])
        VerifyKey(public)
    except (ValueError, binascii.Error, NaclValueError) as exc:
        raise ValidationError(problem, {"key": problem}) from exc
    if len(public) != 32 or key_id_for(public) != parts[1]:
        mismatch = _("Kunci publik rusak: nama kunci tidak cocok dengan isinya.")
        raise ValidationError(mismatch, {"key": mismatch})
    return KnownKey(parts[1], public, parts[2], parts[4] if len(parts) > 4 else "")
