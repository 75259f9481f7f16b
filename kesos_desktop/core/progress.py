"""The progress-and-cancel protocol long core operations report through (the UI and CLI implement it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from kesos_desktop.core.errors import KesosError
from kesos_desktop.core.i18n import _


@runtime_checkable
class Progress(Protocol):
    """What a long operation is told: how much work there is, how much is done, and whether to stop."""

    def set_total(self, n: int) -> None: ...

    def advance(self, n: int = 1, message: str = "") -> None: ...

    def cancelled(self) -> bool: ...


class NullProgress:
    """Progress that shows nothing and is never cancelled (tests, scripts)."""

    def set_total(self, n: int) -> None:
        pass

    def advance(self, n: int = 1, message: str = "") -> None:
        pass

    def cancelled(self) -> bool:
        return False


class CallbackProgress:
    """Adapts a plain ``callback(done, total, message)`` to :class:`Progress`; it is never cancelled."""

    def __init__(self, callback: Callable[[int, int, str], object]) -> None:
        self._callback = callback
        self.total = 0
        self.done = 0

    def set_total(self, n: int) -> None:
        self.total = n
        self.done = 0
        self._callback(self.done, self.total, "")

    def advance(self, n: int = 1, message: str = "") -> None:
        self.done += n
        self._callback(self.done, self.total, message)

    def cancelled(self) -> bool:
        return False


class Cancelled(KesosError):
    """The user stopped an operation; everything it had written was rolled back."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("Dibatalkan. Tidak ada data yang diubah."))


def as_progress(progress: Progress | Callable[[int, int, str], object] | None) -> Progress:
    """Accept a Progress object, a ``callback(done, total, message)`` or None."""
    if progress is None:
        return NullProgress()
    if isinstance(progress, Progress):
        return progress
    if callable(progress):
        return CallbackProgress(progress)
    raise TypeError(f"not a progress reporter: {progress!r}")
