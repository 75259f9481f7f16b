"""What the Pelatihan screens read on a worker: programmes, one programme's participants and sessions, the people
who may enrol, and the certificate made into a PDF. Plain frozen values, never ORM rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kesos_desktop.core.documents.certificate import render_certificate
from kesos_desktop.core.documents.signature import Signatory
from kesos_desktop.core.security.actor import Actor
from kesos_desktop.core.services import activities, office, resident_list, returns_settings, training

CERTIFICATE_KIND = "sertifikat"


@dataclass(frozen=True)
class ProgrammeDetail:
    info: training.ProgrammeInfo
    enrolments: tuple[training.EnrolmentInfo, ...]
    sessions: tuple[activities.ActivityRow, ...]


def load_programmes(session: Session, actor: Actor, status: str | None) -> list[training.ProgrammeInfo]:
    rows = training.list_programmes(session, actor)
    if status == "aktif":
        return [p for p in rows if p.status in ("direncanakan", "berjalan")]
    return [p for p in rows if status is None or p.status == status]


def load_detail(session: Session, actor: Actor, programme_id: uuid.UUID) -> ProgrammeDetail:
    return ProgrammeDetail(
        training.get_programme(session, actor, programme_id),
        tuple(training.list_enrolments(session, actor, programme_id)),
        tuple(activities.list_activities(session, actor, programme_id=programme_id)),
    )


@dataclass(frozen=True)
class Candidate:
    person_id: uuid.UUID
    registration_no: str
    name: str
    sex: str
    enrolled: bool


def enrol_candidates(session: Session, actor: Actor, programme: training.ProgrammeInfo) -> list[Candidate]:
    """People in care at the programme's institution now; those already enrolled are marked."""
    ids = resident_list.find_resident_ids(
        session, actor, resident_list.ResidentFilter(status="in_care", institution_id=programme.institution_id)
    )
    enrolled = {e.person_id for e in training.list_enrolments(session, actor, programme.id)}
    return [
        Candidate(r.id, r.registration_no, r.name or r.alias, r.sex, r.id in enrolled)
        for r in resident_list.fetch_resident_rows(session, actor, ids)
    ]


def default_signatory(session: Session) -> Signatory | None:
    """The office's signatory for certificates (or its default one), if any is set up."""
    found = returns_settings.signatory_for(session, office.get_own_office(session).id, CERTIFICATE_KIND)
    return found.signatory() if found is not None else None


@dataclass(frozen=True)
class CertificateFile:
    pdf: bytes
    certificate_no: str
    person_name: str


def make_certificate(session: Session, actor: Actor, enrolment_id: uuid.UUID, signer: Signatory) -> CertificateFile:
    data = training.certificate_data(session, actor, enrolment_id)
    pdf = render_certificate(data, office.get_own_office(session), signer)
    return CertificateFile(pdf, data.certificate_no, data.person_name)
