"""Document data to JSON and back, so an issued document can be printed again ("SALINAN") from what it showed.

Documents are frozen dataclasses of plain values: str, int, bool, date, nested dataclasses, tuples of them, and
``X | None``. ``to_json`` turns one into JSON-safe dicts and lists; ``from_json(cls, data)`` rebuilds it using the
dataclass's type hints. A field added to a dataclass later takes its default when an older snapshot lacks it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def to_json(value: Any) -> Any:
    """A dataclass (or value inside one) as JSON-safe data: dates as ISO text, tuples as lists, paths as text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in a document snapshot")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if data is None:
            return None
        if len(members) == 1:
            return _convert(members[0], data)
        # e.g. ``str | Path | None``: keep text as text
        return data
    if origin is tuple:
        args = typing.get_args(tp)
        item = args[0] if args else Any
        return tuple(_convert(item, v) for v in data)
    if origin is list:
        list_args = typing.get_args(tp)
        return [_convert(list_args[0] if list_args else Any, v) for v in data]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_json(tp, data)
    if tp is date:
        return date.fromisoformat(data)
    return data


def from_json(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild ``cls`` from ``to_json`` output; unknown keys are ignored, missing ones take the field default."""
    hints = _hints(cls)  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            values[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**values)
