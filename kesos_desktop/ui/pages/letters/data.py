"""What the letter screens read on a worker: the plans letters may be issued for, a plan's choices (legs,
signatories, budget lines, vouchers still without a kwitansi), and small helpers shared by the screens."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.orm import Session

from kesos_desktop.core.i18n import _
from kesos_desktop.core.i18n.formatters import format_rupiah
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import letters_register, returns, returns_budget, returns_settings, vouchers_register
from kesos_desktop.core.services.letters_data import own_office
from kesos_desktop.core.services.letters_numbers import LETTER_KINDS
from kesos_desktop.core.services.returns_settings import SignatoryInfo
from kesos_desktop.core.services.returns_views import APPROVED, ARRIVED, DEPARTED, PlanInfo, list_plans
from kesos_desktop.core.services.vouchers import ACTIVE, VoucherInfo
from kesos_desktop.ui import operations

ISSUABLE = (APPROVED, DEPARTED, ARRIVED)
# Who may issue which kind (the services check it again).
ISSUE_PERMISSION = {
    "surat_pengantar": "letters.issue",
    "surat_jalan": "letters.issue",
    "berita_acara": "letters.issue",
    "kwitansi": "vouchers.issue",
}
_BELONGING = re.compile(r"^\s*(\d{1,3})\s*[x×]\s*(.+)$", re.IGNORECASE)


def money_text(amount: int | None) -> str:
    """ "Rp150.000" for tables and labels (the documents print ",00")."""
    return "" if amount is None else format_rupiah(amount, decimals=False)


def can_issue(actor: Actor, kind: str) -> bool:
    return actor.can(ISSUE_PERMISSION.get(kind, "letters.issue"))


def can_void(actor: Actor, kind: str) -> bool:
    return actor.can("vouchers.void" if kind == "kwitansi" else "letters.issue")


def can_reprint(actor: Actor, kind: str) -> bool:
    return actor.can("vouchers.issue" if kind in ("kwitansi", "voucher") else "letters.issue")


@dataclass(frozen=True)
class PlanOption:
    id: uuid.UUID
    label: str


def plan_label(plan_no: str, person_name: str, destination: str) -> str:
    return _("{no} · {name} → {destination}").format(no=plan_no, name=person_name, destination=destination)


def plan_options(session: Session, actor: Actor) -> list[PlanOption]:
    """Plans a letter may go out for (approved, under way or arrived), newest first."""
    return [
        PlanOption(p.id, plan_label(p.plan_no, p.person_name, p.destination_region_name))
        for p in list_plans(session, actor, statuses=ISSUABLE, limit=500)
    ]


@dataclass(frozen=True)
class IssueChoices:
    plan: PlanInfo
    signatories: tuple[SignatoryInfo, ...]
    defaults: dict[str, uuid.UUID | None]
    budget_lines: tuple[returns_budget.BudgetLineInfo, ...]
    vouchers: tuple[VoucherInfo, ...]

    def signatories_for(self, kind: str) -> list[SignatoryInfo]:
        return [s for s in self.signatories if not s.kinds or kind in s.kinds]


def issue_choices(session: Session, actor: Actor, plan_id: uuid.UUID) -> IssueChoices:
    plan = returns.get_plan(session, actor, plan_id)
    office = own_office(session, actor)
    defaults = {}
    for kind in LETTER_KINDS:
        found = returns_settings.signatory_for(session, office.id, kind)
        defaults[kind] = found.id if found is not None else None
    with_receipt = {
        row.voucher_id
        for row in letters_register.list_plan_documents(session, actor, plan_id)
        if row.kind == "kwitansi" and row.voucher_id is not None and row.voided_at is None
    }
    found_vouchers = vouchers_register.list_vouchers(
        session, actor, vouchers_register.VoucherFilter(plan_id=plan_id, status=ACTIVE)
    )
    return IssueChoices(
        plan=plan,
        signatories=tuple(returns_settings.list_signatories(session, actor)),
        defaults=defaults,
        budget_lines=tuple(returns_budget.budget_lines(session, actor)),
        vouchers=tuple(v for v in found_vouchers if v.id not in with_receipt),
    )


@dataclass(frozen=True)
class DialogStart:
    options: tuple[PlanOption, ...]
    choices: IssueChoices | None


def dialog_start(session: Session, actor: Actor, plan_id: uuid.UUID | None) -> DialogStart:
    options = plan_options(session, actor)
    if plan_id is None and options:
        plan_id = options[0].id
    choices = issue_choices(session, actor, plan_id) if plan_id is not None else None
    if choices is not None and all(o.id != choices.plan.id for o in options):
        p = choices.plan
        options.insert(0, PlanOption(p.id, plan_label(p.plan_no, p.person_name, p.destination_region_name)))
    return DialogStart(tuple(options), choices)


def signatory_label(s: SignatoryInfo) -> str:
    return " ".join(x for x in (s.prefix, s.jabatan) if x) + f" — {s.name}"


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_belongings(text: str) -> list[tuple[str, int]]:
    """One item a line; "2 x Kaos" or "2 × Kaos" gives a quantity of two."""
    out = []
    for line in split_lines(text):
        match = _BELONGING.match(line)
        out.append((match.group(2).strip(), int(match.group(1))) if match else (line, 1))
    return out


def document_filename(kind: str, number: str) -> str:
    """ "surat_pengantar", "400.9/1/Dinsos/VIII/2026" → "surat-pengantar-400.9-1-Dinsos-VIII-2026.pdf"."""
    return f"{kind.replace('_', '-')}-" + re.sub(r"[^A-Za-z0-9._-]+", "-", number).strip("-") + ".pdf"


def delivery_failed(parent: QWidget, error: OSError, consequence: str) -> None:
    """A PDF that could not be written: say so, and what it means for the number."""
    operations.message_box(
        parent,
        QMessageBox.Icon.Warning,
        _("Berkas tidak dapat disimpan"),
        consequence,
        informative=_("Sebab: {error}").format(error=error.strerror or error),
    )
