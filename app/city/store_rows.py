"""Branch records, as they travel (JSON), turned into rows of a typed store's table: tuples
in the SQLite driver's terms, one table at a time.

They hold what decoding each field (`app.sync.records.decode_record`) and converting it with
its column's bind processor gives, at a fraction of the cost — the city fills millions of
rows. Text, integers and booleans travel as SQLite keeps them, so they are only checked (the
types of a whole record at once); dates and timestamps are parsed and written in SQLite's
form by two small converters; money, times and JSON take the general way.
"""

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Date, Integer, String, Table
from sqlalchemy.dialects import sqlite

from app.sync.records import column_decoders
from db.types import UtcDateTime

Convert = Callable[[Any], Any]
SQLITE = sqlite.dialect()
#: Types whose JSON value is the value SQLite keeps (sqlite3 binds True as 1).
AS_IS = {String: str, Integer: int, Boolean: bool}


def _day(value: str | None) -> str | None:
    """An ISO date as SQLAlchemy keeps it on SQLite (`YYYY-MM-DD`)."""
    return None if value is None else dt.date.fromisoformat(value).isoformat()


#: How the branch writes a timestamp (`app.sync.records.encode`): UTC, whole seconds or six
#: decimals. Such text needs no conversion but a new layout.
UTC_TEXT = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{6})?Z", re.ASCII)


def _timestamp(value: str | None) -> str | None:
    """A timestamp (UTC when it names no zone) as `UtcDateTime` keeps it on SQLite: naive UTC,
    `YYYY-MM-DD HH:MM:SS.ffffff`."""
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value)  # also checks the usual form's figures
    usual = UTC_TEXT.fullmatch(value)
    if usual is not None:
        return f"{usual[1]} {usual[2]}{usual[3] or '.000000'}"
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat(" ", "microseconds")


#: Types whose JSON text gets a quick converter (the input is checked to be text first).
QUICK: dict[type, Convert] = {Date: _day, UtcDateTime: _timestamp}


def _general(name: str, nullable: bool, decode: Convert, bind: Convert | None) -> Convert:
    def convert(value: Any) -> Any:
        if value is None:
            if not nullable:
                raise ValueError(f"{name}: 不能为空")
            return None
        decoded = decode(value)
        return decoded if bind is None else bind(decoded)
    return convert


def _getter(positions: Sequence[int]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    if len(positions) == 1:
        return lambda values: (values[positions[0]],)
    return itemgetter(*positions)


class StoreRows:
    """The rows of one table of the store (`row`), its columns in the table's order."""

    def __init__(self, table: Table) -> None:
        self.names = tuple(table.columns.keys())
        self._fetch = itemgetter(*self.names)
        checked: list[int] = []
        allowed: set[tuple[int, type]] = set()
        self._converted: list[tuple[int, Convert]] = []
        for position, (name, nullable, decode) in enumerate(column_decoders(table)):
            column_type = table.c[name].type
            kind = AS_IS.get(type(column_type))
            quick = QUICK.get(type(column_type))
            if kind is None and quick is None:
                impl = column_type.dialect_impl(SQLITE)
                self._converted.append((position, _general(
                    name, nullable, decode, impl.bind_processor(SQLITE))))
                continue
            checked.append(position)
            allowed.add((position, kind or str))
            if nullable:
                allowed.add((position, type(None)))
            if quick is not None:
                self._converted.append((position, quick))
        self._positions = tuple(checked)
        self._checked = _getter(checked)
        self._allowed = frozenset(allowed)

    def row(self, record: dict[str, Any]) -> tuple[Any, ...]:
        """The record's row; KeyError when it lacks a column (an older program's record),
        ValueError when a value does not fit its column."""
        values = self._fetch(record)
        if not self._allowed.issuperset(zip(self._positions, map(type, self._checked(values)),
                                            strict=True)):
            raise ValueError("a value of the wrong type or an empty required one")
        if not self._converted:
            return values
        converted = list(values)
        try:
            for position, convert in self._converted:
                converted[position] = convert(converted[position])
        except (TypeError, ArithmeticError) as exc:
            raise ValueError(str(exc)) from None
        return tuple(converted)


@functools.cache
def store_rows(table: Table) -> StoreRows:
    return StoreRows(table)
