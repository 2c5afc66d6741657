"""Looking up and retiring exchanged records (db.base.Synced) the same way in every area."""

from typing import TypeVar

from sqlalchemy.orm import Session

from base.errors import UserError
from db.base import Synced
from db.types import utcnow

S = TypeVar("S", bound=Synced)


def get_live(session: Session, model: type[S], record_id: str, missing: str) -> S:
    """The record, unless it does not exist or was deleted; then UserError(`missing`)."""
    record = session.get(model, record_id)
    if record is None or record.deleted_at is not None:
        raise UserError(missing)
    return record


def retire(session: Session, model: type[Synced], record_id: str, missing: str) -> None:
    """Delete as a tombstone, so the city learns of it and the audit log keeps it."""
    get_live(session, model, record_id, missing).deleted_at = utcnow()
    session.flush()
