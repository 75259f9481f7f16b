"""Rehabilitation work on a stay: the case and its stage history, assessments, plans, services, notes, tasks.

Stages, transitions, instruments, plan domains and training kinds are data files in resources/data; these tables
hold what was done with them. Every row names its person so the partner rule and the timeline need no joins.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from kesos_desktop.core.models.base import Base, Timestamps, UuidPk, Versioned, utcnow


class RehabCase(UuidPk, Timestamps, Versioned, Base):
    """One case per stay, moving through the stages of case_stages.csv."""

    __tablename__ = "rehab_case"
    __table_args__ = (
        UniqueConstraint("office_id", "case_no", name="uq_rehab_case_office_case_no"),
        Index("ix_rehab_case_institution_stage", "institution_id", "stage_code"),
        Index("ix_rehab_case_worker_stage", "worker_id", "stage_code"),
    )

    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"))
    case_no: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"), index=True)
    stay_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("stay.id"), unique=True)
    # Copied from the stay so the per-institution case list filters on one indexed column.
    institution_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("institution.id"))
    # The responsible pekerja sosial.
    worker_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    stage_code: Mapped[str] = mapped_column(String(30))
    stage_since: Mapped[date] = mapped_column(Date)
    opened_on: Mapped[date] = mapped_column(Date)
    terminated_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    exit_reason_code: Mapped[str | None] = mapped_column(String(30), ForeignKey("exit_reason.code"), nullable=True)
    exit_destination: Mapped[str] = mapped_column(Text, default="")
    exit_note: Mapped[str] = mapped_column(Text, default="")
    exit_target_institution_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("institution.id"), nullable=True
    )
    # An earlier case of the same person this one continues (re-found after running away, readmission).
    previous_case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("rehab_case.id"), nullable=True)
    # Terminasi with DIPULANGKAN hands the person to the pemulangan work on this day.
    return_handover_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class CaseTransition(Base):
    """Who moved a case from one stage to another, when and why."""

    __tablename__ = "case_transition"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("rehab_case.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str] = mapped_column(String(30), default="")
    to_stage: Mapped[str] = mapped_column(String(30))
    occurred_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    username: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text, default="")
    exit_reason_code: Mapped[str | None] = mapped_column(String(30), nullable=True)
    # Rujukan: where the person was referred (an institution on record, or a text such as "RSJ Grogol").
    target_institution_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("institution.id"), nullable=True)
    target_text: Mapped[str] = mapped_column(Text, default="")


class Assessment(UuidPk, Timestamps, Versioned, Base):
    """Answers to one versioned instrument; a draft until completed, then never changed again."""

    __tablename__ = "assessment"
    __table_args__ = (
        UniqueConstraint("case_id", "instrument_code", "sequence_no", name="uq_assessment_case_instrument_seq"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("rehab_case.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"), index=True)
    instrument_code: Mapped[str] = mapped_column(String(40))
    instrument_version: Mapped[int] = mapped_column(Integer)
    # 1 for the first assessment of the case with this instrument, 2 for the re-assessment, ...
    sequence_no: Mapped[int] = mapped_column(Integer, default=1)
    previous_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("assessment.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    assessed_on: Mapped[date] = mapped_column(Date)
    answers: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    # {"total": n, "sections": {code: n}, "band": label} when the instrument scores.
    scores: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    assessor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    created_by: Mapped[str] = mapped_column(String(60), default="")
    completed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    completed_by: Mapped[str] = mapped_column(String(60), default="")


class InterventionPlan(UuidPk, Timestamps, Versioned, Base):
    """The case's intervention plan; a change after approval sends it back for approval."""

    __tablename__ = "intervention_plan"

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("rehab_case.id", ondelete="CASCADE"), unique=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # draft / submitted / approved
    status: Mapped[str] = mapped_column(String(12), default="draft")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    summary: Mapped[str] = mapped_column(Text, default="")
    review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[str] = mapped_column(String(60), default="")
    submitted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    submitted_by: Mapped[str] = mapped_column(String(60), default="")
    # The revision the pimpinan approved last (None: never approved).
    approved_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(nullable=True)
    approved_by: Mapped[str] = mapped_column(String(60), default="")
    approved_by_name: Mapped[str] = mapped_column(String(150), default="")
    approval_note: Mapped[str] = mapped_column(Text, default="")


class PlanGoal(Base):
    __tablename__ = "plan_goal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("intervention_plan.id", ondelete="CASCADE"), index=True)
    domain_code: Mapped[str] = mapped_column(String(30))
    goal: Mapped[str] = mapped_column(Text)
    actions: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    responsible_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    # direncanakan / berjalan / tercapai / tidak_tercapai / dibatalkan
    status: Mapped[str] = mapped_column(String(20), default="direncanakan")
    progress_note: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class PlanReview(Base):
    __tablename__ = "plan_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("intervention_plan.id", ondelete="CASCADE"), index=True)
    reviewed_on: Mapped[date] = mapped_column(Date)
    reviewed_by: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text, default="")
    next_review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class TrainingProgramme(UuidPk, Timestamps, Versioned, Base):
    """A run of a vocational training (Menjahit angkatan I 2026) at an institution."""

    __tablename__ = "training_programme"

    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("office.id"))
    institution_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("institution.id"), index=True)
    kind_code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    instructor: Mapped[str] = mapped_column(String(150), default="")
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    schedule: Mapped[str] = mapped_column(Text, default="")
    total_hours: Mapped[int] = mapped_column(Integer, default=0)
    min_attendance_pct: Mapped[int] = mapped_column(Integer, default=75)
    # direncanakan / berjalan / selesai / dibatalkan
    status: Mapped[str] = mapped_column(String(12), default="direncanakan")
    notes: Mapped[str] = mapped_column(Text, default="")


class TrainingEnrolment(UuidPk, Timestamps, Versioned, Base):
    __tablename__ = "training_enrolment"
    __table_args__ = (UniqueConstraint("programme_id", "person_id", name="uq_training_enrolment_programme_person"),)

    programme_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("training_programme.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("rehab_case.id"), nullable=True)
    enrolled_on: Mapped[date] = mapped_column(Date)
    # terdaftar / lulus / tidak_lulus / mundur
    status: Mapped[str] = mapped_column(String(12), default="terdaftar")
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    result: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    certificate_no: Mapped[str] = mapped_column(String(60), default="")


class Activity(UuidPk, Timestamps, Versioned, Base):
    """An individual session (one case) or a group activity / training session with attendance."""

    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_institution_held", "institution_id", "held_on"),)

    # individu / kelompok / pelatihan
    kind: Mapped[str] = mapped_column(String(12))
    type_code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200), default="")
    held_on: Mapped[date] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5), default="")
    duration_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    institution_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("institution.id"), nullable=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("rehab_case.id", ondelete="CASCADE"), nullable=True, index=True
    )
    programme_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("training_programme.id", ondelete="CASCADE"), nullable=True, index=True
    )
    facilitator: Mapped[str] = mapped_column(String(150), default="")
    worker_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(60), default="")


class ActivityAttendance(Base):
    __tablename__ = "activity_attendance"

    activity_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # hadir / izin / sakit / alpa
    status: Mapped[str] = mapped_column(String(10), default="hadir")
    note: Mapped[str] = mapped_column(String(300), default="")


class ProgressNote(UuidPk, Timestamps, Versioned, Base):
    """A catatan perkembangan; confidential ones are read only by their author and those allowed."""

    __tablename__ = "progress_note"
    __table_args__ = (Index("ix_progress_note_person_written", "person_id", "written_on"),)

    case_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("rehab_case.id", ondelete="CASCADE"), nullable=True, index=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"))
    written_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30), default="perkembangan")
    text: Mapped[str] = mapped_column(Text)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    author_username: Mapped[str] = mapped_column(String(60))
    author_name: Mapped[str] = mapped_column(String(150), default="")


class CaseConference(UuidPk, Timestamps, Base):
    __tablename__ = "case_conference"

    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("rehab_case.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("person.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(String(300))
    # ["Nama — peran", ...] and ["Keputusan 1", ...]
    attendees: Mapped[list[str]] = mapped_column(JSON, default=list)
    discussion: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[list[str]] = mapped_column(JSON, default=list)
    recorded_by: Mapped[str] = mapped_column(String(60), default="")


class Task(UuidPk, Timestamps, Base):
    """A to-do: stored ones (siapkan rencana pemulangan) and the closing of computed reminders, by ``key``."""

    __tablename__ = "task"
    __table_args__ = (Index("ix_task_status_assigned", "status", "assigned_user_id"),)

    # Stable identity of the reminder, e.g. "plan_review:<plan id>:2026-09-01" or "prepare_return:<case id>".
    key: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(Text, default="")
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("person.id", ondelete="CASCADE"), nullable=True, index=True
    )
    case_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("rehab_case.id", ondelete="CASCADE"), nullable=True
    )
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    assigned_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    # Who sees an unassigned stored task: holders of this permission.
    permission: Mapped[str] = mapped_column(String(60), default="")
    # open / done / dismissed
    status: Mapped[str] = mapped_column(String(10), default="open")
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    closed_by: Mapped[str] = mapped_column(String(60), default="")
    close_reason: Mapped[str] = mapped_column(Text, default="")
