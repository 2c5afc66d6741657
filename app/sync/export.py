"""Branch export: the records changed since the last package (or all), sealed for the city.

"Changed" is decided by per-record versions against `sync_exported`, never by the clock.
The file is written safely and verified; only then is the export recorded, in the same
transaction that notes which versions went out.
"""

import contextlib
import hashlib
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, and_, func, or_, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

import app
from app.files import write_safely
from app.progress import SILENT, Progress
from app.sync import envelope, package, pending, volumes
from app.sync.attachments import attachment_sources, is_digest, read_verified
from app.sync.format import FORMAT, PACKAGE_SUFFIX
from app.sync.identity import branch_code, branch_keys, require_city_key
from app.sync.keys import KeyPair, PublicKeys, b64
from app.sync.records import dumps, row_to_record, synced_tables
from base.errors import UserError
from db.database import Database
from db.migrate import BRANCH
from db.models import SyncExport, SyncExported, SyncInbox
from db.types import utcnow


class ExportKind(StrEnum):
    FULL = "全量"
    INCREMENTAL = "增量"


@dataclass
class ExportResult:
    path: Path  # the first file (the only one unless the export was split into volumes)
    seq: int  # the first file's sequence number
    kind: ExportKind
    counts: dict[str, dict[str, int]]
    record_count: int
    size: int  # of all files
    missing_attachments: list[str] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)  # every file, in sequence order

    @property
    def numbers(self) -> str:
        """"第 13 号" or "第 13–15 号"."""
        return volumes.numbers(self.seq, self.seq + len(self.paths) - 1)


def _changed(table: Table, full: bool) -> Any:
    query = select(table)
    if not full:
        done = SyncExported.__table__
        query = query.select_from(table.outerjoin(done, and_(
            done.c.table_name == table.name, done.c.record_id == table.c.id)
        )).where(or_(done.c.version.is_(None), table.c.version > done.c.version))
    return query.order_by(table.c.id)


def changed_records(session: Session, full: bool = False,
                    progress: Progress = SILENT) -> dict[str, list[dict[str, Any]]]:
    tables = synced_tables()
    records: dict[str, list[dict[str, Any]]] = {}
    for index, table in enumerate(tables):
        progress.step(index, len(tables) + 2, f"正在读取：{table.name}")
        rows = [row_to_record(row) for row in session.execute(_changed(table, full))]
        if rows:
            records[table.name] = rows
    return records


def pending_counts(session: Session) -> dict[str, int]:
    """How many records per table wait for the next incremental package."""
    counts = {}
    for table in synced_tables():
        sub = _changed(table, False).order_by(None).subquery()
        count = session.scalar(select(func.count()).select_from(sub))
        if count:
            counts[table.name] = count
    return counts


@dataclass
class _Files:
    """The attachment files the records reference: found (digest, path, size) and missing."""

    found: list[tuple[str, Path, int]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _attachment_files(database_path: Path, records: dict[str, list[dict[str, Any]]]) -> _Files:
    files = _Files()
    seen: set[str] = set()
    for table, source in attachment_sources().items():
        for record in records.get(table, []):
            digest = record.get(source.hash_column)
            if record.get("deleted_at") is not None or not is_digest(digest) or digest in seen:
                continue
            seen.add(digest)
            path = source.locate(database_path, digest)
            try:
                files.found.append((digest, path, path.stat().st_size))
            except OSError:
                files.missing.append(digest)
    return files


def _read_attachments(files: list[tuple[str, Path, int]], missing: list[str]
                      ) -> dict[str, bytes]:
    """One volume's files; a file that changed or vanished since it was planned is missing."""
    found: dict[str, bytes] = {}
    for digest, path, _size in files:
        data = read_verified(path, digest)
        if data is None:
            missing.append(digest)
        else:
            found[digest] = data
    return found


def _unreported_messages(session: Session) -> list[SyncInbox]:
    return list(session.scalars(select(SyncInbox).where(SyncInbox.reported_seq.is_(None))))


def export_package(database: Database, folder: Path | str, *, full: bool = False,
                   progress: Progress = SILENT) -> ExportResult:
    """Write the next package into `folder`; raises UserError when there is nothing to send.

    The history row is committed only after the file was written and read back; if that
    commit fails, the file is removed again, so the chain never skips or repeats a number.
    """
    pending.resolve_interrupted(database, exporting=True)
    written: list[pending.Intent] = []
    try:
        with database.session() as session:
            result = export_in(session, database.path, folder, full=full, progress=progress,
                               written=written, note_intents=True)
    except BaseException:
        for intent in written:
            with contextlib.suppress(OSError):  # the target itself may be what failed
                intent.path.unlink(missing_ok=True)
        pending.settle(database.path, [intent.seq for intent in written])
        raise
    pending.settle(database.path, [intent.seq for intent in written])
    progress.step(1, 1, "完成")
    return result


def export_in(session: Session, database_path: Path, folder: Path | str, *,
              full: bool = False, progress: Progress = SILENT,
              written: list[pending.Intent] | None = None, note_intents: bool = False
              ) -> ExportResult:
    """The export inside a transaction the caller owns (the demo replays years of exports in
    one); the files written are appended to `written`, for the caller to remove on failure.
    With `note_intents`, each volume's history row is noted before its rename (see
    app.sync.pending); the caller settles the notes after its commit.

    Records go in the first volume, attachments into as many volumes as they need; each
    volume is an ordinary package with the next sequence number, chained to the one before.
    """
    folder = Path(folder)
    keys = branch_keys(session)
    city = require_city_key(session)
    code, name = branch_code(session)
    last = session.scalars(select(SyncExport).order_by(SyncExport.seq.desc())).first()
    first_seq = (last.seq if last else 0) + 1
    records = changed_records(session, full, progress)
    messages = _unreported_messages(session)
    if not records and not messages and not full:
        raise UserError("自上次导出以来没有新的变更，无需导出。"
                        "如需把全部数据重新交给工委，请选择“全量导出”。")
    steps = len(synced_tables()) + 2
    progress.step(steps - 2, steps, "正在收集附件…")
    files = _attachment_files(database_path, records)
    records_size = sum(len(dumps(r).encode("utf-8")) + 1 for rows in records.values()
                       for r in rows)
    planned = volumes.plan([(d, size) for d, _path, size in files.found], records_size)
    by_digest = {f[0]: f for f in files.found}
    counts = package.table_counts(records)
    kind = ExportKind.FULL if full else ExportKind.INCREMENTAL
    record_count = sum(c["records"] for c in counts.values())
    previous = last.sha256 if last else None
    result = ExportResult(folder, first_seq, kind, counts, record_count, 0)
    for index, digests in enumerate(planned, start=1):
        seq = first_seq + index - 1
        progress.step(steps - 1, steps, f"正在加密和签名（第 {index}/{len(planned)} 个文件）…"
                      if len(planned) > 1 else "正在加密和签名…")
        first = index == 1
        missing = list(files.missing) if first else []
        package_id = str(uuid.uuid4())
        manifest = {
            "format": FORMAT, "kind": "package", "package_id": package_id,
            "export": "full" if full else "incremental",
            "branch": {"code": code, "name": name, "key_id": keys.public.key_id,
                       "box_key": b64(keys.public.box)},
            "city_key_id": city.keys.key_id, "sequence": seq,
            "previous_sha256": previous,
            "created_at": utcnow().isoformat().replace("+00:00", "Z"),
            "app_version": app.__version__,
            "schema_version": sorted(BRANCH.current_heads(session.get_bind().engine)),
            "delivered_messages": [m.id for m in messages] if first else [],
            "volume": volumes.volume_entry(index, len(planned)),
        }
        sealed = _seal_volume(manifest, records if first else {},
                              [by_digest[d] for d in digests], missing, keys, city.keys)
        path = folder / package_name(code, seq)
        intent = pending.Intent(
            seq=seq, package_id=package_id, kind=kind, file_name=path.name,
            folder=str(folder), sha256=hashlib.sha256(sealed).hexdigest(),
            previous_sha256=previous,
            record_count=record_count if first else 0, counts=counts if first else {},
            size=len(sealed))
        if written is not None:
            written.append(intent)
        if note_intents:
            pending.note(database_path, intent)
        previous = write_safely(path, sealed)
        session.add(intent.row())
        result.paths.append(path)
        result.size += len(sealed)
        result.missing_attachments += missing
        del sealed
    result.path = result.paths[0]
    remember_versions(session, records)
    for message in messages:
        message.reported_seq = first_seq
    session.flush()
    return result


def package_name(code: str, seq: int) -> str:
    """Readable for the city's staff: the branch code and the number, e.g. FGW-01-000042."""
    return f"{code}-{seq:06d}{PACKAGE_SUFFIX}"


def _seal_volume(manifest: dict[str, Any], records: dict[str, list[dict[str, Any]]],
                 files: list[tuple[str, Path, int]], missing: list[str], keys: KeyPair,
                 city: PublicKeys) -> bytes:
    """One volume, sealed and checked; only its own attachments are in memory meanwhile."""
    attachments = _read_attachments(files, missing)
    payload = package.build({**manifest, "missing_attachments": missing}, records, attachments)
    del attachments
    sealed = envelope.seal(payload, "package", keys, city)
    del payload
    envelope.unseal(sealed)  # our own signature checks out before anything is written
    return sealed


def remember_versions(session: Session, records: dict[str, list[dict[str, Any]]]) -> None:
    rows = [{"table_name": table, "record_id": r["id"], "version": r["version"]}
            for table, items in records.items() for r in items]
    if not rows:
        return
    statement = insert(cast(Table, SyncExported.__table__))
    statement = statement.on_conflict_do_update(
        index_elements=["table_name", "record_id"],
        set_={"version": statement.excluded.version},
    )
    for start in range(0, len(rows), 5000):
        session.execute(statement, rows[start:start + 5000])
