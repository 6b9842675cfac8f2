"""pydantic's validation errors as Problems a person can act on: each located at its line
and column in the file, with its field path, and worded in the file's terms (a list, a
mapping, a date such as 2025-10-30) rather than Python's, an unknown field with the
closest known one.
"""

from __future__ import annotations

import re
import types
import typing
from datetime import date as Date
from datetime import datetime as DateTime
from typing import Any

from pydantic_core import ErrorDetails

from trip_tracker.errors import Problem, field_path
from trip_tracker.model import (
    DAY_ERROR,
    EXACT_TIME_ERROR,
    FIRST_YEAR,
    LAST_YEAR,
    Itinerary,
    fields_of,
    is_item_type,
)


def problems_from(details: list[ErrorDetails], text: str, name: str) -> list[Problem]:
    """Each pydantic error as a Problem with file position and field path, in file order."""
    from trip_tracker import yamlparse

    root = yamlparse.compose(text)
    problems = []
    index: yamlparse.KeyIndex = {}
    for detail in details:
        loc = tuple(detail["loc"])
        is_unknown_field = detail["type"] in _UNKNOWN_FIELD
        line, column = yamlparse.locate(root, loc, key=is_unknown_field, index=index)
        problems.append(Problem(name, _message(detail, loc), line, column, field_path(loc)))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _message(detail: ErrorDetails, loc: tuple[str | int, ...]) -> str:
    kind = detail["type"]
    if kind in _UNKNOWN_FIELD:
        known = _fields_at(loc[:-1])
        from trip_tracker.suggest import closest  # only when a file has an unknown field

        hint = closest(str(loc[-1]), known)
        message = f"unknown field '{loc[-1]}'"
        if hint:
            return f"{message} (did you mean '{hint[0]}'?)"
        return f"{message}; known fields: {', '.join(known)}" if known else message
    if kind == "missing":
        return "this field is required"
    message = detail["msg"]
    if kind in (DAY_ERROR[0], EXACT_TIME_ERROR[0]):
        return _time_message(kind, detail.get("input"), loc[-1])
    if kind in ("greater_than_equal", "less_than_equal") and loc[-1] in _TIME_FIELDS:
        value = detail.get("input")
        shown = value.isoformat() if isinstance(value, Date | DateTime) else str(value)
        return f"{shown} is out of range: dates must fall in the years {FIRST_YEAR} to {LAST_YEAR}"
    if kind in _PLAIN_WORDS:
        # pydantic's wording names Python types ("a valid tuple", "instance of Person") and
        # its date rules ("datetimes provided to dates should have zero time"); keep only
        # its reason, when it gives one ("month value is outside expected range of 1-12").
        reason = message.split(", ", 1)[1] if kind.endswith("_parsing") and ", " in message else ""
        message = _PLAIN_WORDS[kind] + (f": {reason}" if reason else "")
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind in ("value_error", "assertion_error", "outside_stop", "too_short") or kind.startswith(
        ("unknown_", "duplicate_")
    ):
        return message
    value = detail.get("input")
    if isinstance(value, str | int | float | bool) and not isinstance(value, dict):
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "...'"
        return f"{message[0].lower()}{message[1:]} (got {shown})"
    return f"{message[0].lower()}{message[1:]}"


def _time_message(kind: str, value: Any, field: str | int) -> str:
    """A day or exact time that is not one, said with what is wrong with it when Python can
    tell ('month must be in 1..12'), and the way out for a whole day written as `at`."""
    shown = repr(value) if isinstance(value, str) else str(value)
    if kind == DAY_ERROR[0]:
        return f"{DAY_ERROR[1]}{_why_not(Date, value)} (got {shown})"
    if isinstance(value, str) and _TIME_OF_DAY.search(value):  # a time of day, but no time
        why = _why_not(DateTime, value)
        if not why and _SHORT_OFFSET.search(value):
            why = ": an offset needs its minutes, as in +09:00"
        return f"should be a date and time such as 2025-10-30T10:00{why} (got {shown})"
    whole_day = field == "at" and isinstance(value, str) and _WHOLE_DAY.match(value)
    hint = f"; for a whole day write 'date: {value}'" if whole_day else ""
    return f"{EXACT_TIME_ERROR[1]} (got {shown}){hint}"


def _why_not(kind: type[Date] | type[DateTime], value: Any) -> str:
    """': <reason>' when `value` looks like ISO text but names no real day or time."""
    if not isinstance(value, str):
        return ""
    try:
        kind.fromisoformat(value)
    except ValueError as error:
        reason = str(error)
        if "timedelta" in reason:  # Python's words for an offset of a day or more
            return ": an offset must be less than 24 hours"
        return "" if reason.startswith("Invalid isoformat") else f": {reason}"
    return ""


#: An exact time: a date, then T or a space, then the hour; a whole day.
_TIME_OF_DAY = re.compile(r"\d[Tt ]+\d")
_WHOLE_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_SHORT_OFFSET = re.compile(r"\d[+-]\d{2}\Z")
#: The error types of an unknown field: in a model, and in a slotted item (see `model`).
_UNKNOWN_FIELD = frozenset({"extra_forbidden", "unexpected_keyword_argument"})
#: The fields of a time value (When), bounded to the years FIRST_YEAR to LAST_YEAR.
_TIME_FIELDS = frozenset({"at", "end", "date", "earliest", "latest"})
_A_LIST = "Should be a list ([a, b] or one '- item' per line)"
_A_MAPPING = "Should be a mapping of fields (key: value)"
_A_DATE = "Should be a date such as 2025-10-30"
_A_TIME = "Should be a date and time such as 2025-10-30T10:00"
#: pydantic error types whose message is said in the file's terms instead.
_PLAIN_WORDS = {
    "tuple_type": _A_LIST,
    "list_type": _A_LIST,
    "model_type": _A_MAPPING,
    "dataclass_type": _A_MAPPING,
    "model_attributes_type": _A_MAPPING,
    "dict_type": _A_MAPPING,
    "date_type": _A_DATE,
    "date_parsing": _A_DATE,
    "date_from_datetime_parsing": _A_DATE,
    "date_from_datetime_inexact": _A_DATE,
    "datetime_type": _A_TIME,
    "datetime_parsing": _A_TIME,
    "datetime_from_date_parsing": _A_TIME,
}


def _fields_at(loc: tuple[str | int, ...]) -> list[str]:
    """Field names of the model found at `loc`, walking the model's annotations."""
    model: Any = Itinerary
    for part in loc:
        if isinstance(part, int):
            continue
        field = fields_of(model).get(part) if is_item_type(model) else None
        if field is None:
            return []
        model = _inner_model(field.annotation)
        if model is None:
            return []
    return list(fields_of(model)) if is_item_type(model) else []


def _inner_model(annotation: Any) -> type | None:
    """The model (or slotted item) inside `X`, `X | None`, `tuple[X, ...]` annotations."""
    if is_item_type(annotation):
        return typing.cast(type, annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, tuple, list, typing.Annotated):
        for argument in typing.get_args(annotation):
            found = _inner_model(argument)
            if found is not None:
                return found
    return None
