"""Branch side of disaster recovery: load the city's restore package into an empty database.

Only a database without records may receive it (a profile typed in by the setup wizard is
replaced). Records keep their ids and versions; the chain continues at the city's last
package, and everything restored counts as already exported.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.branch import get_profile
from app.files import read_file
from app.progress import SILENT, Progress
from app.sync.attachments import attachment_sources, is_digest, store
from app.sync.export import remember_versions
from app.sync.format import PackageError
from app.sync.labels import table_label
from app.sync.receive import open_from_city
from app.sync.records import check_identity, decode_record, id_of, synced_tables
from app.sync.status import RESTORED
from app.sync.volumes import number_ranges, sibling_paths, volume_of
from base.errors import UserError
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
    files: list[Path] = field(default_factory=list)  # the restore package's volumes
    #: Packages of the branch the city's archive lacks: their records could not come back.
    missing_packages: list[int] = field(default_factory=list)

    def missing_note(self) -> str:
        """What the city's archive lacked, as the branch reads it ("" when nothing)."""
        if not self.missing_packages:
            return ""
        return (f"工委存档缺少本支部第 {number_ranges(self.missing_packages)} 号数据包，"
                "其中的记录无法恢复。")


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


def _volumes(session: Session, path: Path) -> tuple[list[Path], dict[str, Any],
                                                   dict[str, list[Any]]]:
    """Find and check every volume of the restore package `path` belongs to.

    Returns the files, the first volume's manifest and the records; raises (naming the
    missing or wrong file) unless every volume is there and verified.
    """
    given = open_from_city(session, read_file(path), "restore")
    given.attachments.clear()  # read again volume by volume when they are stored
    manifest = given.manifest
    index, count = volume_of(manifest)
    paths = sibling_paths(path, index, count)
    absent = [p for p in paths if not p.is_file()]
    if absent:
        names = "、".join(f"第 {paths.index(p) + 1} 个“{p.name}”" for p in absent)
        raise UserError(f"恢复包共有 {count} 个文件，缺少 {names}（应在“{path.parent}”中，"
                        f"与“{path.name}”放在一起）。请把全部 {count} 个文件复制到同一文件夹后"
                        "再恢复。未恢复任何数据。")
    first: dict[str, Any] = {}
    records: dict[str, list[Any]] = {}
    for number, volume in enumerate(paths, start=1):
        contents = (given if volume == path
                    else open_from_city(session, read_file(volume), "restore"))
        if (volume_of(contents.manifest) != (number, count)
                or contents.manifest.get("package_id") != manifest.get("package_id")):
            raise PackageError(f"文件“{volume.name}”不属于同一个恢复包（或不是其中的第 {number} "
                               "个），已拒绝。未恢复任何数据。")
        first = first or contents.manifest
        for table, rows in contents.records.items():
            records.setdefault(table, []).extend(rows)
    return paths, first, records


def _without_orphans(table: Table, decoded: list[tuple[dict[str, Any], dict[str, Any]]],
                     kept: dict[str, list[dict[str, Any]]], result: RestoreResult
                     ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Leave out the records that refer to a record the package does not hold (the city's
    archive lacks the packages that brought it), naming each; one left out takes the records
    that refer to it along (tables come parents first; a table's references to itself are
    settled by repeating)."""
    links = [(fk.parent.name, fk.column.table.name, fk.column.name)
             for fk in table.foreign_keys if fk.column.table.name in kept
             or fk.column.table is table]
    while links:
        present = {(name, column): {row[column] for row in rows}
                   for name, rows in [*kept.items(), (table.name, [v for v, _r in decoded])]
                   for column in {c for _p, n, c in links if n == name}}
        keep: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for values, record in decoded:
            absent = next((target for column, target, key in links
                           if values.get(column) is not None
                           and values[column] not in present[(target, key)]), None)
            if absent is None:
                keep.append((values, record))
            else:
                result.skipped.append(f"{table_label(table.name)} {id_of(record)}：所依据的"
                                      f"{table_label(absent)}记录不在恢复包中")
        if len(keep) == len(decoded):
            break
        decoded = keep
    return decoded


def restore_from_city(database: Database, path: Path | str,
                      progress: Progress = SILENT) -> RestoreResult:
    """Restore from the restore package at `path`; when the city split it into volumes, the
    other files are found beside it by name. Nothing is written until every one is verified.
    """
    try:
        return _restore(database, Path(path), progress)
    except IntegrityError:
        raise UserError("恢复包中的记录彼此对不上（有记录所依据的记录缺失），未恢复任何数据。"
                        "请让工委检查其存档后重新生成恢复包。") from None


def _restore(database: Database, path: Path, progress: Progress) -> RestoreResult:
    result = RestoreResult()
    with database.session() as session:
        progress.step(0, 1, "正在校验恢复包…")
        paths, manifest, records = _volumes(session, path)
        result.files = paths
        branch = found if isinstance(found := manifest.get("branch"), dict) else {}
        code, seq = str(branch.get("code", "")), manifest.get("sequence")
        if not code or not isinstance(seq, int) or seq < 0:
            raise PackageError("恢复包清单格式错误，已拒绝。")
        _require_empty(session, code)
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
        tables = {t.name: t for t in synced_tables()}
        for name in REPLACEABLE:
            session.execute(delete(tables[name]))
        unknown = sorted(set(records) - set(tables))
        result.skipped += [f"{name}：本程序没有这张表（请升级后再恢复）" for name in unknown]
        restored: dict[str, list[dict[str, Any]]] = {}
        kept: dict[str, list[dict[str, Any]]] = {}
        for index, table in enumerate(tables.values()):
            progress.step(index, len(tables) + len(paths), f"正在恢复：{table.name}")
            decoded: list[tuple[dict[str, Any], dict[str, Any]]] = []
            for record in records.get(table.name, []):
                try:
                    check_identity(record)
                    values, _extra = decode_record(table, record)
                except ValueError as exc:
                    result.skipped.append(f"{table_label(table.name)} {id_of(record)}：{exc}")
                    continue
                decoded.append((values, record))
            decoded = _without_orphans(table, decoded, kept, result)
            kept[table.name] = [values for values, _record in decoded]
            restored[table.name] = [record for _values, record in decoded]
            if decoded:
                session.execute(insert(table), kept[table.name])
                result.counts[table.name] = len(decoded)
        if missing := manifest.get("missing_sequences"):
            result.missing_packages = [n for n in missing if isinstance(n, int)]
        targets: dict[str, list[Path]] = {}
        for name, source in attachment_sources().items():
            for record in restored.get(name, []):
                digest = record.get(source.hash_column)
                if is_digest(digest):
                    targets.setdefault(digest, []).append(source.locate(database.path, digest))
        for number, volume in enumerate(paths, start=1):
            progress.step(len(tables) + number - 1, len(tables) + len(paths),
                          f"正在恢复附件（第 {number}/{len(paths)} 个文件）")
            # checked again as it is read: one volume's files in memory at a time
            attachments = open_from_city(session, read_file(volume), "restore").attachments
            for digest, data in attachments.items():
                for target in targets.get(digest, []):
                    store(target, data)
                    result.attachments += 1
            del attachments
        remember_versions(session, restored)
        if seq > 0:
            session.add(SyncExport(
                seq=seq, package_id=str(manifest.get("package_id")), kind=RESTORED,
                file_name=paths[0].name, folder=str(paths[0].parent),
                sha256=str(manifest.get("last_sha256") or ""), previous_sha256=None,
                record_count=sum(result.counts.values()),
                counts={k: {"records": v, "tombstones": 0} for k, v in result.counts.items()},
                size=sum(p.stat().st_size for p in paths), acknowledged_at=utcnow(),
                city_status="由工委恢复"))
        result.seq = seq
    return result
