"""Building packages by hand (to forge every kind of fault), snapshotting the city DB, and a
branch database rebuilt in memory from the city's JSON copies."""

import contextlib
import datetime as dt
import hashlib
import json
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.city.keys import city_keys, trust_branch
from app.sync import envelope, package
from app.sync.keys import KeyPair, PublicKeys, b64
from app.sync.records import decode_record, synced_tables
from db.base import Base
from db.city.database import CityDatabase
from db.city.models import CityBase, CityBranch, CityRecord
from db.models import Setting


def record(record_id: str, version: int, deleted: bool = False, **data: Any) -> dict[str, Any]:
    return {"id": record_id, "version": version, "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-02T00:00:00Z",
            "deleted_at": "2026-01-03T00:00:00Z" if deleted else None, **data}


class FakeBranch:
    """A branch made of keys only: writes packages with any content, in any order."""

    def __init__(self, city: CityDatabase, code: str = "FAKE-01", trust: bool = True) -> None:
        self.code = code
        self.keys = KeyPair.generate()
        with city.session() as session:
            self.city_public = city_keys(session).public
            if trust:
                trust_branch(session, code, self.keys.public.key_id)
        self.hashes: dict[int, str] = {}

    def manifest(self, seq: int, **extra: Any) -> dict[str, Any]:
        manifest = {
            "format": "1.0", "kind": "package", "package_id": str(uuid.uuid4()),
            "export": "incremental",
            "branch": {"code": self.code, "name": f"{self.code}党支部",
                       "key_id": self.keys.public.key_id, "box_key": b64(self.keys.public.box)},
            "city_key_id": self.city_public.key_id, "sequence": seq,
            "previous_sha256": self.hashes.get(seq - 1),
            "created_at": "2026-11-25T08:00:00Z", "app_version": "0.1.0",
            "schema_version": ["0001_foundation"], "delivered_messages": [],
            "missing_attachments": [],
        }
        return {**manifest, **extra}

    def package(self, seq: int, records: dict[str, list[dict[str, Any]]],
                attachments: dict[str, bytes] | None = None, receiver: PublicKeys | None = None,
                header_format: str = "1.0", **extra: Any) -> bytes:
        inner = package.build(self.manifest(seq, **extra), records, attachments or {})
        data = envelope.seal(inner, "package", self.keys, receiver or self.city_public,
                             format_version=header_format)
        self.hashes[seq] = hashlib.sha256(data).hexdigest()
        return data

    def write(self, folder: Path, seq: int, records: dict[str, list[dict[str, Any]]],
              **kwargs: Any) -> Path:
        path = folder / f"{self.code}-{seq:06d}-{uuid.uuid4().hex[:6]}.bdsync"
        path.write_bytes(self.package(seq, records, **kwargs))
        return path

    def seal_inner(self, inner: bytes) -> bytes:
        return envelope.seal(inner, "package", self.keys, self.city_public)


def city_state(city: CityDatabase) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every city table, for "nothing changed" assertions."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    with city.session() as session:
        for table in CityBase.metadata.sorted_tables:
            rows = session.execute(select(table)).all()
            state[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return state


def snapshot(session: Session, code: str) -> Session:
    """A throw-away branch database holding the city's copy of one branch's records: how the
    city report computed its figures before the typed store (the reference the store is held to)."""
    engine = create_engine("sqlite://")
    tables = synced_tables()
    Base.metadata.create_all(engine, tables=[*tables, Setting.__table__])
    snap = Session(engine)
    stored: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for name, data in session.execute(select(CityRecord.table_name, CityRecord.data).where(
            CityRecord.branch_code == code)):
        stored[name].append(data)
    for table in tables:
        rows = []
        for record in stored.get(table.name, []):
            try:
                rows.append(decode_record(table, record)[0])
            except ValueError:
                continue  # a record this schema cannot hold is left out of the figures
        _insert(snap, table, rows)
    return snap


def _insert(snap: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """All rows at once; when some break a constraint, one by one leaving those out."""
    if not rows:
        return
    try:
        with snap.begin_nested():
            snap.execute(insert(table), rows)
    except IntegrityError:
        for row in rows:
            with contextlib.suppress(IntegrityError), snap.begin_nested():
                snap.execute(insert(table), [row])


def report_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, sort_keys=True, default=str)


def reference_report(session: Session, year: int, today: dt.date) -> dict[str, Any]:
    """The yearly report as it was computed before the typed store: each branch rebuilt in
    memory from the JSON copies, the same rules run on it."""
    from app.city.report import with_totals
    from app.city.summaries import branch_year

    branches = []
    for code, name in session.execute(select(CityBranch.code, CityBranch.name)
                                      .order_by(CityBranch.code)):
        snap = snapshot(session, code)
        try:
            branches.append({"code": code, "name": name, **branch_year(snap, year, today)})
        finally:
            snap.close()
    return with_totals(year, branches)
