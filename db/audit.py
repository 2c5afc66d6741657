"""Session hooks: bump versions of changed records and write the audit log."""

import datetime as dt
import decimal
import getpass
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from db.base import Synced, new_uuid
from db.models.audit import AuditEntry
from db.types import utcnow

#: Set `session.info[APPLYING_SYNC] = True` to store records with the versions they carry.
APPLYING_SYNC = "applying_sync"
ACTOR = "actor"


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts
        return "unknown"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _column_changes(obj: Any) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in ("version", "updated_at"):
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def _new_values(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    return {
        attr.key: [None, _plain(getattr(obj, attr.key))]
        for attr in state.mapper.column_attrs
        if getattr(obj, attr.key) is not None
    }


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    actor = session.info.get(ACTOR) or default_actor()
    applying_sync = session.info.get(APPLYING_SYNC, False)
    now = utcnow()
    entries: list[AuditEntry] = []
    for obj in session.new:
        if isinstance(obj, Synced):
            if obj.id is None:  # the column default comes too late for the log
                obj.id = new_uuid()
            entries.append(AuditEntry(at=now, actor=actor, table_name=obj.__tablename__,
                                      record_id=obj.id, action="insert",
                                      changes=_new_values(obj)))
    for obj in session.dirty:
        if not isinstance(obj, Synced) or not session.is_modified(obj):
            continue
        changes = _column_changes(obj)
        if not changes:
            continue
        action = "update"
        if "deleted_at" in changes:
            action = "delete" if obj.deleted_at is not None else "restore"
        if not applying_sync:
            obj.version = (obj.version or 0) + 1
            obj.updated_at = now
        entries.append(AuditEntry(at=now, actor=actor, table_name=obj.__tablename__,
                                  record_id=obj.id, action=action, changes=changes))
    for obj in session.deleted:
        if isinstance(obj, Synced):
            entries.append(AuditEntry(at=now, actor=actor, table_name=obj.__tablename__,
                                      record_id=obj.id, action="purge", changes={}))
    session.add_all(entries)


def install_hooks(session_factory: Any) -> None:
    event.listen(session_factory, "before_flush", _before_flush)
