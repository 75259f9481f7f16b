"""SQLAlchemy models, one module per aggregate; importing this package registers them all on Base.metadata."""

from kesos_desktop.core.models.audit import AuditEvent
from kesos_desktop.core.models.base import Base
from kesos_desktop.core.models.cases import (
    Activity,
    ActivityAttendance,
    Assessment,
    CaseConference,
    CaseTransition,
    InterventionPlan,
    PlanGoal,
    PlanReview,
    ProgressNote,
    RehabCase,
    Task,
    TrainingEnrolment,
    TrainingProgramme,
)
from kesos_desktop.core.models.institutions import Bed, Institution, Room
from kesos_desktop.core.models.issued_documents import IssuedDocumentData
from kesos_desktop.core.models.meta import AppMeta
from kesos_desktop.core.models.office import Office
from kesos_desktop.core.models.people import Consent, FamilyContact, Person, PersonCategory, PersonPhoto
from kesos_desktop.core.models.placements import Placement, PlacementReport
from kesos_desktop.core.models.records import DocumentBlob, FormDraft, PersonDocument, PersonEvent, PersonMerge
from kesos_desktop.core.models.reference import Category, ExitReason, InstitutionType, ReferralSource
from kesos_desktop.core.models.returns import (
    BudgetLine,
    Fare,
    FundSource,
    IssuedDocument,
    LetterNumberTemplate,
    LetterRegister,
    OfficeSignatory,
    OfficeSigningKey,
    RelayLink,
    RelayOffice,
    RelayRule,
    ReturnLeg,
    ReturnLegEscort,
    ReturnPlan,
    ReturnPlanEvent,
    Voucher,
    VoucherLeg,
)
from kesos_desktop.core.models.sequences import NumberSequence
from kesos_desktop.core.models.stays import Belonging, Stay
from kesos_desktop.core.models.users import Role, RolePermission, UserAccount, user_role

__all__ = [
    "Activity",
    "ActivityAttendance",
    "AppMeta",
    "Assessment",
    "AuditEvent",
    "Base",
    "Bed",
    "Belonging",
    "BudgetLine",
    "CaseConference",
    "CaseTransition",
    "Category",
    "Consent",
    "DocumentBlob",
    "ExitReason",
    "FamilyContact",
    "Fare",
    "FormDraft",
    "FundSource",
    "Institution",
    "InstitutionType",
    "InterventionPlan",
    "IssuedDocument",
    "IssuedDocumentData",
    "LetterNumberTemplate",
    "LetterRegister",
    "NumberSequence",
    "Office",
    "OfficeSignatory",
    "OfficeSigningKey",
    "Person",
    "PersonCategory",
    "PersonDocument",
    "PersonEvent",
    "PersonMerge",
    "PersonPhoto",
    "Placement",
    "PlacementReport",
    "PlanGoal",
    "PlanReview",
    "ProgressNote",
    "ReferralSource",
    "RehabCase",
    "RelayLink",
    "RelayOffice",
    "RelayRule",
    "ReturnLeg",
    "ReturnLegEscort",
    "ReturnPlan",
    "ReturnPlanEvent",
    "Role",
    "RolePermission",
    "Room",
    "Stay",
    "Task",
    "TrainingEnrolment",
    "TrainingProgramme",
    "UserAccount",
    "Voucher",
    "VoucherLeg",
    "user_role",
]
