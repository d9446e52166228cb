"""The callback-data codec: every button round-trips within 64 bytes; anything else is None."""

from __future__ import annotations

import dataclasses
import typing
import uuid
from datetime import date
from enum import Enum, StrEnum
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers import callbacks
from handlers.codec import (
    FIRST_YEAR,
    INT_MAX,
    LAST_YEAR,
    MAX_BYTES,
    CallbackData,
    parse,
    registered,
)

_TOKEN = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
    min_size=1,
    max_size=24,
)


def _strategy(kind: object) -> st.SearchStrategy:
    if isinstance(kind, type) and issubclass(kind, Enum):
        return st.sampled_from(list(kind))
    return {
        uuid.UUID: st.uuids(),
        date: st.dates(date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)),
        bool: st.booleans(),
        int: st.integers(0, INT_MAX),
        str: _TOKEN,
    }[kind]


def _values(cls: type[CallbackData]) -> st.SearchStrategy:
    hints = typing.get_type_hints(cls)
    fields = {f.name: _strategy(hints[f.name]) for f in dataclasses.fields(cls)}
    return st.builds(cls, **fields)


ALL = sorted(registered().values(), key=lambda c: c.prefix)


def test_the_bot_has_buttons() -> None:
    assert {"m", "n", "pd", "cd", "sl", "ok", "ap", "cx", "my"} <= set(registered())


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_button_round_trips_within_64_bytes(cls, data) -> None:
    value = data.draw(_values(cls))
    packed = value.pack()
    assert len(packed.encode()) <= MAX_BYTES
    assert parse(packed) == value
    assert cls.unpack(packed) == value and cls.matches(packed)
    others = [c for c in ALL if c is not cls]
    assert not any(c.matches(packed) for c in others)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80))
def test_parse_never_raises(data: str) -> None:
    result = parse(data)
    assert result is None or result.pack() == data


@pytest.mark.parametrize(
    "data",
    [
        "f", "f:a:b", "ps:!!!", "pd:@@", "pg:spec:abc", "cd:00010101", "cd:20261301",
        "cm:zz", "sl:##", "ok:a:b", "my:x:y", "my:1:99999999999999999999", "my:2:1",
        "pg:spec:-1", "m:nope", "zz:1", "", "x" * 65, None, 42, "ap:open:" + "A" * 21,
        "cx:AAAAAAAAAAAAAAAAAAAAAA:999999", "cd:2026121", "cd:21000101x", "ok:" + "a" * 25,
    ],
)  # fmt: skip
def test_malformed_data_is_none(data) -> None:
    assert parse(data) is None


def test_a_field_of_an_unsupported_type_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="cannot carry"):

        @dataclasses.dataclass(frozen=True)
        class Bad(CallbackData):
            prefix: ClassVar[str] = "zzq"
            amount: float


class Odd(StrEnum):
    A = "has:colon"


def test_an_enum_value_that_cannot_travel_is_refused() -> None:
    with pytest.raises(ValueError):

        @dataclasses.dataclass(frozen=True)
        class Bad(CallbackData):
            prefix: ClassVar[str] = "zzr"
            odd: Odd


def test_a_prefix_is_used_once() -> None:
    with pytest.raises(TypeError, match="used twice"):

        @dataclasses.dataclass(frozen=True)
        class Again(CallbackData):
            prefix: ClassVar[str] = "m"
            page: int


def test_packing_refuses_values_out_of_range() -> None:
    with pytest.raises(ValueError):
        callbacks.MyList(True, INT_MAX + 1).pack()
    with pytest.raises(ValueError):
        callbacks.Confirm("no spaces").pack()
