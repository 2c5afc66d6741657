"""Branch side of disaster recovery: load the city's restore package into an empty database.

Only a database without records may receive it (a profile typed in by the setup wizard is
replaced). Records keep their ids and versions; the chain continues at the city's last
package, and everything restored counts as already exported.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from app.branch import get_profile
from app.errors import UserError
from app.files import read_file
from app.progress import SILENT, Progress
from app.sync.attachments import attachment_sources, store
from app.sync.export import remember_versions
from app.sync.format import PackageError
from app.sync.receive import open_from_city
from app.sync.records import check_identity, decode_record, id_of, synced_tables
from db.database import Database
from db.models import BranchProfile, PartyGroup, SyncExport
from db.types import utcnow

REPLACEABLE = {BranchProfile.__tablename__, PartyGroup.__tablename__}


@dataclass
class RestoreResult:
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # what could not be restored, and why
    attachments: int = 0
    seq: int = 0


def _require_empty(session: Session, code: str) -> None:
    if session.scalar(select(func.count()).select_from(SyncExport)):
        raise UserError("本数据库已经导出过数据包，不能再导入恢复包。请在新的空数据库中恢复。")
    for table in synced_tables():
        if table.name not in REPLACEABLE and session.scalar(
                select(func.count()).select_from(table)):
            raise UserError("恢复包只能导入到空的数据库（当前数据库已有记录）。"
                            "请新建一个数据库文件后再恢复。")
    profile = get_profile(session)
    if profile is not None and profile.code != code:
        raise UserError(f"恢复包属于支部“{code}”，而本数据库设置的支部代码是“{profile.code}”。")


def restore_from_city(database: Database, path: Path | str,
                      progress: Progress = SILENT) -> RestoreResult:
    data = read_file(path)
    result = RestoreResult()
    with database.session() as session:
        contents = open_from_city(session, data, "restore")
        manifest = contents.manifest
        branch = manifest.get("branch") if isinstance(manifest.get("branch"), dict) else {}
        code, seq = str(branch.get("code", "")), manifest.get("sequence")
        if not code or not isinstance(seq, int) or seq < 0:
            raise PackageError("恢复包清单格式错误，已拒绝。")
        _require_empty(session, code)
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
        for name in REPLACEABLE:
            session.execute(delete(next(t for t in synced_tables() if t.name == name)))
        tables = {t.name: t for t in synced_tables()}
        unknown = sorted(set(contents.records) - set(tables))
        result.skipped += [f"{name}：本程序没有这张表（请升级后再恢复）" for name in unknown]
        restored: dict[str, list[dict[str, Any]]] = {}
        for index, table in enumerate(tables.values()):
            progress.step(index, len(tables), f"正在恢复：{table.name}")
            rows: list[dict[str, Any]] = []
            for record in contents.records.get(table.name, []):
                try:
                    check_identity(record)
                    values, _extra = decode_record(table, record)
                except ValueError as exc:
                    result.skipped.append(f"{table.name} {id_of(record)}：{exc}")
                    continue
                rows.append(values)
                restored.setdefault(table.name, []).append(record)
            if rows:
                session.execute(insert(table), rows)
                result.counts[table.name] = len(rows)
        for name, source in attachment_sources().items():
            for record in restored.get(name, []):
                digest = record.get(source.hash_column)
                if digest in contents.attachments:
                    store(source.locate(database.path, digest), contents.attachments[digest])
                    result.attachments += 1
        remember_versions(session, restored)
        if seq > 0:
            session.add(SyncExport(
                seq=seq, package_id=str(manifest.get("package_id")), kind="恢复",
                file_name=Path(path).name, folder=str(Path(path).parent),
                sha256=str(manifest.get("last_sha256") or ""), previous_sha256=None,
                record_count=sum(result.counts.values()),
                counts={k: {"records": v, "tombstones": 0} for k, v in result.counts.items()},
                size=len(data), acknowledged_at=utcnow(), city_status="由工委恢复"))
        result.seq = seq
    return result
