"""The Actor: the signed-in user (or the system) as the services see it, with the permissions to check."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from kesos_desktop.core.errors import PermissionDenied
from kesos_desktop.core.i18n import _
from kesos_desktop.core.security.permissions import PERMISSIONS, permission_label


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID | None
    username: str
    full_name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    permissions: frozenset[str] = field(default_factory=frozenset)
    office_id: uuid.UUID | None = None
    # Partner (mitra) users are limited to the children placed with this institution.
    institution_id: uuid.UUID | None = None
    language: str = "id"
    # Set at sign-in after an admin reset: the UI asks for a new password before anything else.
    must_change_password: bool = False

    @classmethod
    def system(cls, office_id: uuid.UUID | None = None) -> Actor:
        """The program itself (CLI setup, demo data, migrations): every permission, audited as 'sistem'."""
        return cls(None, "sistem", "Sistem", frozenset({"admin"}), frozenset(PERMISSIONS), office_id)

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        if permission not in self.permissions:
            raise PermissionDenied(
                _("Peran Anda tidak mengizinkan tindakan ini: {what}. Hubungi administrator kantor.").format(
                    what=permission_label(permission)
                )
            )

    @property
    def is_partner(self) -> bool:
        return "mitra" in self.roles
