"""The city's view of its branches: keys, where each chain stands, what waits to go down."""

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.sync.keys import show_fingerprint
from app.sync.records import encode
from db.city.models import CityBranch, CityMessage, CityPackage


def _counts(session: Session, column: Any, *where: Any) -> dict[str, int]:
    query = select(column, func.count()).where(*where).group_by(column)
    return {key: count for key, count in session.execute(query)}


def _missing(session: Session) -> dict[str, list[int]]:
    """Per branch, the sequence numbers below its highest that never arrived."""
    held: dict[str, set[int]] = defaultdict(set)
    for code, seq in session.execute(select(CityPackage.branch_code, CityPackage.seq)):
        held[code].add(seq)
    return {code: sorted(set(range(1, max(seqs) + 1)) - seqs) for code, seqs in held.items()}


def branch_rows(session: Session) -> list[dict[str, Any]]:
    packages = _counts(session, CityPackage.branch_code)
    pending = _counts(session, CityMessage.branch_code, CityMessage.delivered_seq.is_(None))
    missing = _missing(session)
    rows = []
    for branch in session.scalars(select(CityBranch).order_by(CityBranch.code)):
        rows.append({
            "code": branch.code, "name": branch.name,
            "fingerprint": show_fingerprint(branch.key_id),
            "key_confirmed_only": branch.sign_public is None,
            "last_seq": branch.last_seq,
            "last_import_at": encode(branch.last_import_at),
            "missing": missing.get(branch.code, []),
            "packages": packages.get(branch.code, 0),
            "records": branch.record_count,
            "pending_messages": pending.get(branch.code, 0),
        })
    return rows
