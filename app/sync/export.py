"""Branch export: the records changed since the last package (or all), sealed for the city.

"Changed" is decided by per-record versions against `sync_exported`, never by the clock.
The file is written safely and verified; only then is the export recorded, in the same
transaction that notes which versions went out.
"""

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, and_, func, or_, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

import app
from app.errors import UserError
from app.files import write_safely
from app.progress import SILENT, Progress
from app.sync import envelope, package
from app.sync.attachments import attachment_sources, is_digest, read_verified
from app.sync.format import FORMAT, PACKAGE_SUFFIX
from app.sync.identity import branch_code, branch_keys, require_city_key
from app.sync.keys import b64
from app.sync.records import row_to_record, synced_tables
from db.database import Database
from db.migrate import BRANCH
from db.models import SyncExport, SyncExported, SyncInbox
from db.types import utcnow

FULL, INCREMENTAL = "全量", "增量"


@dataclass
class ExportResult:
    path: Path
    seq: int
    kind: str
    counts: dict[str, dict[str, int]]
    record_count: int
    size: int
    missing_attachments: list[str] = field(default_factory=list)


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


def _attachments(database_path: Path, records: dict[str, list[dict[str, Any]]]
                 ) -> tuple[dict[str, bytes], list[str]]:
    found: dict[str, bytes] = {}
    missing: list[str] = []
    for table, source in attachment_sources().items():
        for record in records.get(table, []):
            digest = record.get(source.hash_column)
            if record.get("deleted_at") is not None or not is_digest(digest) or digest in found:
                continue
            data = read_verified(source.locate(database_path, digest), digest)
            if data is None:
                missing.append(digest)
            else:
                found[digest] = data
    return found, missing


def _unreported_messages(session: Session) -> list[SyncInbox]:
    return list(session.scalars(select(SyncInbox).where(SyncInbox.reported_seq.is_(None))))


def export_package(database: Database, folder: Path | str, *, full: bool = False,
                   progress: Progress = SILENT) -> ExportResult:
    """Write the next package into `folder`; raises UserError when there is nothing to send.

    The history row is committed only after the file was written and read back; if that
    commit fails, the file is removed again, so the chain never skips or repeats a number.
    """
    written: list[Path] = []
    try:
        with database.session() as session:
            result = export_in(session, database.path, folder, full=full, progress=progress,
                               written=written)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    progress.step(1, 1, "完成")
    return result


def export_in(session: Session, database_path: Path, folder: Path | str, *,
              full: bool = False, progress: Progress = SILENT,
              written: list[Path] | None = None) -> ExportResult:
    """The export inside a transaction the caller owns (the demo replays years of exports in
    one); the file written is appended to `written`, for the caller to remove on failure."""
    folder = Path(folder)
    keys = branch_keys(session)
    city = require_city_key(session)
    code, name = branch_code(session)
    last = session.scalars(select(SyncExport).order_by(SyncExport.seq.desc())).first()
    seq = (last.seq if last else 0) + 1
    records = changed_records(session, full, progress)
    messages = _unreported_messages(session)
    if not records and not messages and not full:
        raise UserError("自上次导出以来没有新的变更，无需导出。"
                        "如需把全部数据重新交给工委，请选择“全量导出”。")
    steps = len(synced_tables()) + 2
    progress.step(steps - 2, steps, "正在收集附件…")
    attachments, missing = _attachments(database_path, records)
    manifest = {
        "format": FORMAT, "kind": "package", "package_id": str(uuid.uuid4()),
        "export": "full" if full else "incremental",
        "branch": {"code": code, "name": name, "key_id": keys.public.key_id,
                   "box_key": b64(keys.public.box)},
        "city_key_id": city.keys.key_id, "sequence": seq,
        "previous_sha256": last.sha256 if last else None,
        "created_at": utcnow().isoformat().replace("+00:00", "Z"),
        "app_version": app.__version__,
        "schema_version": sorted(BRANCH.current_heads(session.get_bind())),
        "delivered_messages": [m.id for m in messages],
        "missing_attachments": missing,
    }
    progress.step(steps - 1, steps, "正在加密和签名…")
    sealed = envelope.seal(package.build(manifest, records, attachments), "package", keys,
                           city.keys)
    envelope.unseal(sealed)  # our own signature checks out before anything is written
    path = folder / f"{code}-{seq:06d}{PACKAGE_SUFFIX}"
    digest = write_safely(path, sealed)
    if written is not None:
        written.append(path)
    counts = package.table_counts(records)
    kind = FULL if full else INCREMENTAL
    record_count = sum(c["records"] for c in counts.values())
    session.add(SyncExport(
        seq=seq, package_id=manifest["package_id"], kind=kind, file_name=path.name,
        folder=str(folder), sha256=digest, previous_sha256=manifest["previous_sha256"],
        record_count=record_count, counts=counts, size=len(sealed),
    ))
    remember_versions(session, records)
    for message in messages:
        message.reported_seq = seq
    session.flush()
    return ExportResult(path, seq, kind, counts, record_count, len(sealed), missing)


def remember_versions(session: Session, records: dict[str, list[dict[str, Any]]]) -> None:
    rows = [{"table_name": table, "record_id": r["id"], "version": r["version"]}
            for table, items in records.items() for r in items]
    if not rows:
        return
    statement = insert(SyncExported.__table__)
    statement = statement.on_conflict_do_update(
        index_elements=["table_name", "record_id"],
        set_={"version": statement.excluded.version},
    )
    for start in range(0, len(rows), 5000):
        session.execute(statement, rows[start:start + 5000])
