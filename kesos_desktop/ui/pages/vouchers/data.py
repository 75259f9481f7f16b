"""What the voucher screens read on a worker, and issuing with delivery (save or print) inside the transaction.

A preview is a dry run: the voucher is numbered, signed and rendered, then the transaction is rolled back, so the
number is not used up (the final number is given when the voucher is really issued).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import _
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import returns, returns_settings, vouchers, vouchers_register
from kesos_desktop.core.services.returns_views import APPROVED, DEPARTED, PlanInfo, PlanRow, list_plans
from kesos_desktop.core.services.vouchers_register import VoucherFilter

MAX_BATCH = 100


@dataclass(frozen=True)
class IssueChoices:
    plan: PlanInfo
    covered: dict[uuid.UUID, str]
    signatories: tuple[returns_settings.SignatoryInfo, ...]
    default_signatory_id: uuid.UUID | None


def issue_choices(session: Session, actor: Actor, plan_id: uuid.UUID) -> IssueChoices:
    """The plan, which of its legs already have a valid voucher (leg id → voucher number), and the signatories."""
    plan = returns.get_plan(session, actor, plan_id)
    covered: dict[uuid.UUID, str] = {}
    for voucher in vouchers_register.list_vouchers(
        session, actor, VoucherFilter(plan_id=plan_id, status=vouchers.ACTIVE)
    ):
        covered.update(dict.fromkeys(voucher.leg_ids, voucher.number))
    office = returns.own_office(session, actor)
    people = returns_settings.list_signatories(session, actor)
    chosen = returns_settings.signatory_for(session, office.id, "voucher")
    usable = tuple(s for s in people if not s.kinds or "voucher" in s.kinds)
    return IssueChoices(plan, covered, usable, chosen.id if chosen else None)


class PreviewReady(Exception):
    """Raised by the dry run's delivery: carries the PDF out while the transaction is rolled back."""

    def __init__(self, pdf: bytes) -> None:
        super().__init__("preview")
        self.pdf = pdf


def preview_voucher(session: Session, actor: Actor, request: vouchers.VoucherRequest) -> bytes:
    def keep(pdf: bytes) -> None:
        raise PreviewReady(pdf)

    try:
        vouchers.issue_voucher(session, actor, request, deliver=keep)
    except PreviewReady as ready:
        return ready.pdf
    raise AssertionError("the preview delivery was not called")  # pragma: no cover


def voucher_filename(number: str) -> str:
    """ "0001/VCR/Dinsos/2026" → "voucher-0001-VCR-Dinsos-2026.pdf"."""
    return "voucher-" + re.sub(r"[^A-Za-z0-9._-]+", "-", number).strip("-") + ".pdf"


def issue_and_deliver(
    session: Session,
    actor: Actor,
    requests: list[vouchers.VoucherRequest],
    deliver: Callable[[bytes], object],
    progress: object = None,
) -> list[vouchers.IssuedVoucher]:
    return vouchers.issue_vouchers(session, actor, requests, deliver=deliver, progress=progress)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------------- batch


@dataclass(frozen=True)
class BatchChoices:
    plans: tuple[PlanRow, ...]
    signatories: tuple[returns_settings.SignatoryInfo, ...]
    default_signatory_id: uuid.UUID | None


def batch_choices(session: Session, actor: Actor) -> BatchChoices:
    """Approved or departed plans without any valid voucher yet (their own legs all still need one)."""
    plans = list_plans(session, actor, statuses=(APPROVED, DEPARTED))
    with_voucher = {
        v.plan_id
        for v in vouchers_register.list_vouchers(session, actor, VoucherFilter(status=vouchers.ACTIVE), limit=100_000)
    }
    office = returns.own_office(session, actor)
    people = returns_settings.list_signatories(session, actor)
    chosen = returns_settings.signatory_for(session, office.id, "voucher")
    return BatchChoices(
        tuple(p for p in plans if p.id not in with_voucher),
        tuple(s for s in people if not s.kinds or "voucher" in s.kinds),
        chosen.id if chosen else None,
    )


class FolderDelivery:
    """Writes each voucher of a batch into ``folder`` under a temporary name; ``keep`` renames them to their
    numbers after the commit, ``discard`` removes them when the batch was rolled back."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.files: list[Path] = []

    def __call__(self, pdf: bytes) -> None:
        if not self.folder.is_dir():
            raise OSError(_("Folder {folder} tidak ada.").format(folder=self.folder))
        path = self.folder / f".voucher-{uuid.uuid4().hex[:10]}.pdf.tmp"
        path.write_bytes(pdf)
        self.files.append(path)

    def keep(self, numbers: list[str]) -> list[Path]:
        out = []
        for path, number in zip(self.files, numbers, strict=True):
            target = self.folder / voucher_filename(number)
            path.replace(target)
            out.append(target)
        return out

    def discard(self) -> None:
        for path in self.files:
            path.unlink(missing_ok=True)
