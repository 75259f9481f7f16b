"""SQLAlchemy models, one module per aggregate; importing this package registers them all on Base.metadata."""

from kesos_desktop.core.models.audit import AuditEvent
from kesos_desktop.core.models.base import Base
from kesos_desktop.core.models.institutions import Bed, Institution, Room
from kesos_desktop.core.models.office import Office
from kesos_desktop.core.models.people import Consent, FamilyContact, Person, PersonCategory, PersonPhoto
from kesos_desktop.core.models.records import DocumentBlob, FormDraft, PersonDocument, PersonEvent, PersonMerge
from kesos_desktop.core.models.reference import Category, ExitReason, InstitutionType, ReferralSource
from kesos_desktop.core.models.sequences import NumberSequence
from kesos_desktop.core.models.stays import Belonging, Stay
from kesos_desktop.core.models.users import Role, RolePermission, UserAccount, user_role

__all__ = [
    "AuditEvent",
    "Base",
    "Bed",
    "Belonging",
    "Category",
    "Consent",
    "DocumentBlob",
    "ExitReason",
    "FamilyContact",
    "FormDraft",
    "Institution",
    "InstitutionType",
    "NumberSequence",
    "Office",
    "Person",
    "PersonCategory",
    "PersonDocument",
    "PersonEvent",
    "PersonMerge",
    "PersonPhoto",
    "ReferralSource",
    "Role",
    "RolePermission",
    "Room",
    "Stay",
    "UserAccount",
    "user_role",
]
