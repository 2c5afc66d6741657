"""Which tables travel, and how their rows become JSON records and back.

Every mapped class that subclasses `db.base.Synced` travels: nothing to register. A record
is a flat JSON object of all columns; money is a decimal string in 元, dates and times are
ISO 8601 (UTC with "Z" for timestamps), JSON columns stay JSON. A tombstone is a record
whose `deleted_at` is set.
"""

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Integer, Numeric, Table, Time
from sqlalchemy.types import TypeDecorator, TypeEngine

from db.base import Base, Synced
from db.types import Money


def synced_tables() -> list[Table]:
    """Tables of all Synced models, parents before children."""
    from db.models import load_all

    load_all()

    names = {m.local_table.name for m in Base.registry.mappers
             if issubclass(m.class_, Synced) and isinstance(m.local_table, Table)}
    return [t for t in Base.metadata.sorted_tables if t.name in names]


def encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        raise TypeError("binary columns do not travel; store files as attachments")
    return value


def row_to_record(row: Any) -> dict[str, Any]:
    return {key: encode(value) for key, value in row._mapping.items()}


def _utc(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def file_time(value: object) -> dt.datetime | None:
    """A timestamp from a manifest or message (UTC when it names no zone); None if unreadable."""
    try:
        return _utc(str(value))
    except ValueError:
        return None


def _checked(kind: type) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            raise ValueError(f"expected {kind.__name__}")
        return value
    return check


def _from_text(parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    def decode(value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError("expected text")
        return parse(value)
    return decode


def _decimal(text: str) -> Decimal:
    value = Decimal(text)
    if not value.is_finite():
        raise ValueError("not a finite number")
    return value


def _decoder(sql_type: TypeEngine[Any]) -> Callable[[Any], Any]:
    if isinstance(sql_type, Money):
        return _from_text(_decimal)
    if isinstance(sql_type, TypeDecorator):
        return _decoder(sql_type.impl_instance)
    if isinstance(sql_type, DateTime):
        return _from_text(_utc)
    if isinstance(sql_type, Date):
        return _from_text(dt.date.fromisoformat)
    if isinstance(sql_type, Time):
        return _from_text(dt.time.fromisoformat)
    if isinstance(sql_type, Numeric):
        return _from_text(_decimal)
    if isinstance(sql_type, Boolean):
        return _checked(bool)
    if isinstance(sql_type, Integer):
        return _checked(int)
    if isinstance(sql_type, JSON):
        return lambda value: value
    try:
        return _checked(sql_type.python_type)
    except NotImplementedError:
        return lambda value: value


def decode_record(table: Table, record: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Column values for an insert, and the names of fields this schema does not know.

    Raises ValueError (with the column name) when a value does not fit its column.
    """
    values: dict[str, Any] = {}
    columns = column_decoders(table)
    for name, nullable, decode in columns:
        if name not in record:
            continue
        raw = record[name]
        if raw is None:
            if not nullable:
                raise ValueError(f"{name}: 不能为空")
            values[name] = None
            continue
        try:
            values[name] = decode(raw)
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise ValueError(f"{name}: {exc}") from None
    unknown = sorted(set(record) - set(table.columns.keys())) if len(values) < len(record) else []
    return values, unknown


@functools.cache
def column_decoders(table: Table) -> list[tuple[str, bool, Callable[[Any], Any]]]:
    """Each column's name, whether it takes None, and its decoder (made once per table: the
    city decodes millions of records)."""
    return [(c.name, _nullable(c), _decoder(c.type)) for c in table.columns]


def _nullable(column: Column[Any]) -> bool:
    return bool(column.nullable) and not column.primary_key


def check_identity(record: object) -> tuple[str, int]:
    """The id and version every record must carry; ValueError when missing or malformed."""
    if not isinstance(record, dict):
        raise ValueError("记录不是 JSON 对象")
    record_id, version = record.get("id"), record.get("version")
    if not isinstance(record_id, str) or not 1 <= len(record_id) <= 36:
        raise ValueError("记录缺少有效的编号（id）")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError("记录缺少有效的版本号（version）")
    deleted = record.get("deleted_at")
    if deleted is not None and not isinstance(deleted, str):
        raise ValueError("删除标记（deleted_at）格式错误")
    return record_id, version


def id_of(record: object) -> str:
    """The record's id for messages, whatever shape the record has."""
    return str(record.get("id", ""))[:36] if isinstance(record, dict) else ""


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(record: dict[str, Any]) -> str:
    """What a change is about: everything but the version and when it was made."""
    body = {k: v for k, v in record.items() if k not in ("version", "updated_at")}
    body["deleted_at"] = record.get("deleted_at") is not None
    return hashlib.sha256(dumps(body).encode("utf-8")).hexdigest()
