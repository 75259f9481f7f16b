"""Stay dialogs the profile, intake and institution screens share: admit, move bed, transfer, exit."""

from kesos_desktop.ui.dialogs.stays.admit import AdmissionFields, AdmitDialog
from kesos_desktop.ui.dialogs.stays.exit import ExitDialog
from kesos_desktop.ui.dialogs.stays.move import MoveBedDialog
from kesos_desktop.ui.dialogs.stays.transfer import TransferDialog

__all__ = ["AdmissionFields", "AdmitDialog", "ExitDialog", "MoveBedDialog", "TransferDialog"]
