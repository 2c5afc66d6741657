"""`city import`: check every package fully before it touches the database, then apply each
in its own transaction and classify every record.

Outcomes per record: new / updated / unchanged / stale (an older version than the city
has, e.g. a tombstone is never undone by an older package) / conflict (same version,
different content: the city keeps its copy and sets the other aside) / rejected (with a
reason). A dry run goes through the very same code inside one outer transaction with a
savepoint per package, and rolls everything back at the end, so its summary is the real one.
"""

import functools
import hashlib
import re
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session, SessionTransaction

from app.city.files import CityFiles
from app.city.fund import book_package
from app.city.keys import KeyQuestion, accepts, city_keys, normalise_code
from app.city.store import OpenStores
from app.city.summaries import update_branch
from app.files import read_file
from app.progress import SILENT, Progress
from app.sync import envelope, package
from app.sync.format import PackageError
from app.sync.keys import KeyPair, PublicKeys, unb64
from app.sync.records import check_identity, content_hash, file_time, id_of
from app.sync.volumes import number_ranges, numbers, volume_of
from base.errors import UserError
from base.log import get_logger
from base.os_errors import os_error_text
from db import bulk
from db.city.checkpoints import Checkpoints
from db.city.database import CityDatabase, engine_of
from db.city.models import (
    CityAttachment,
    CityBranch,
    CityConflict,
    CityMessage,
    CityPackage,
    CityRecord,
)
from db.types import utcnow

_log = get_logger("city")

OUTCOMES = ("new", "updated", "unchanged", "stale", "conflict", "rejected")
LABELS = {"new": "新增", "updated": "更新", "unchanged": "未变", "stale": "过期",
          "conflict": "冲突", "rejected": "拒收"}
HEX64 = re.compile(r"[0-9a-f]{64}")

ConfirmKey = Callable[[KeyQuestion], bool]


@dataclass
class RecordIssue:
    table: str
    record_id: str
    outcome: str
    reason: str


@dataclass
class PackageResult:
    path: str
    ok: bool = False
    error: str = ""
    branch_code: str = ""
    branch_name: str = ""
    seq: int | None = None
    chain: str = ""  # 正常 / 首个 / 重复 / 缺号 / 补交 / 分叉
    warnings: list[str] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    issues: list[RecordIssue] = field(default_factory=list)
    attachments: int = 0
    volume: tuple[int, int] = (1, 1)  # this file is volume i of n of one export

    def count(self, table: str, outcome: str, issue: RecordIssue | None = None,
              times: int = 1) -> None:
        self.outcomes[outcome] += times
        if table not in self.tables:
            self.tables[table] = dict.fromkeys(OUTCOMES, 0)
        self.tables[table][outcome] += times
        if issue is not None:
            self.issues.append(issue)

    def summary(self) -> dict[str, Any]:
        """Everything a person reads about the result (used to compare dry and real runs)."""
        return {"ok": self.ok, "error": self.error, "branch": self.branch_code, "seq": self.seq,
                "chain": self.chain, "warnings": self.warnings, "outcomes": self.outcomes,
                "tables": self.tables, "attachments": self.attachments,
                "issues": [(i.table, i.record_id, i.outcome, i.reason) for i in self.issues]}


@dataclass
class Verified:
    """A package whose signature, hashes and manifest were checked."""

    path: str
    sha256: str
    size: int
    sender: PublicKeys
    manifest: dict[str, Any]
    contents: package.Contents | None

    @property
    def code(self) -> str:
        return self.manifest["branch"]["code"]

    @property
    def seq(self) -> int:
        return int(self.manifest["sequence"])


def _manifest_error(reason: str) -> PackageError:
    return PackageError(f"数据包清单无效：{reason}。此数据包已拒收。")


def _check_manifest(manifest: dict[str, Any], sender: PublicKeys, city: KeyPair) -> None:
    if manifest.get("kind") != "package":
        raise _manifest_error("这不是支部数据包")
    if manifest.get("city_key_id") != city.public.key_id:
        raise PackageError("此数据包是为另一个工委导出的，不能在这里导入。")
    branch = manifest.get("branch")
    if not isinstance(branch, dict):
        raise _manifest_error("缺少支部信息")
    try:
        normalise_code(str(branch.get("code", "")))
        unb64(branch.get("box_key"), 32)
        uuid.UUID(str(manifest.get("package_id")))
    except (UserError, ValueError):
        raise _manifest_error("支部代码、支部密钥或数据包编号格式错误") from None
    if branch.get("code") != str(branch.get("code")).strip().upper():
        raise _manifest_error("支部代码格式错误")
    if branch.get("key_id") != sender.key_id:
        raise _manifest_error("清单中的支部密钥与签名不符")
    seq = manifest.get("sequence")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise _manifest_error("序号无效")
    previous = manifest.get("previous_sha256")
    if previous is not None and (not isinstance(previous, str) or not HEX64.fullmatch(previous)):
        raise _manifest_error("前一数据包校验值无效")
    if manifest.get("export") not in ("full", "incremental"):
        raise _manifest_error("导出方式无效")
    delivered = manifest.get("delivered_messages", [])
    if not isinstance(delivered, list) or not all(isinstance(m, str) for m in delivered):
        raise _manifest_error("已收消息列表无效")
    index, _count = volume_of(manifest)
    if index > seq:
        raise _manifest_error("分卷信息与序号不符")


def verify_package(path: Path | str, city: KeyPair, keep_contents: bool = True) -> Verified:
    """Check a package (no database involved); raises PackageError/UserError.

    Without `keep_contents` only the signature, the decryption and the manifest are checked
    (enough to order a batch); the import checks everything again before applying.
    """
    data = read_file(path)
    sealed = envelope.unseal(data)
    if sealed.kind != "package":
        raise PackageError("这不是支部数据包（可能是回执文件或恢复包）。")
    if sealed.receiver_id != city.public.key_id:
        raise PackageError("此数据包是为另一个工委导出的（接收方密钥不符），不能在这里导入。")
    contents = package.read(sealed.open(city), manifest_only=not keep_contents)
    _check_manifest(contents.manifest, sealed.sender, city)
    return Verified(str(path), hashlib.sha256(data).hexdigest(), len(data), sealed.sender,
                    contents.manifest, contents if keep_contents else None)


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _question(branch: CityBranch | None, pkg: Verified) -> KeyQuestion:
    previous = None
    if branch is not None and branch.sign_public is not None:
        previous = PublicKeys(branch.sign_public, branch.box_public or b"").fingerprint
    return KeyQuestion(pkg.code, str(pkg.manifest["branch"].get("name", "")),
                       pkg.sender.fingerprint, previous, pkg.sender.key_id)


def _trust(session: Session, pkg: Verified, confirm: ConfirmKey | None,
           decided: dict[tuple[str, str], bool]) -> CityBranch:
    code, name = pkg.code, str(pkg.manifest["branch"].get("name", ""))
    branch = session.get(CityBranch, code)
    if branch is not None and accepts(branch, pkg.sender):
        if branch.sign_public is None:  # trusted beforehand by fingerprint: keep the key now
            branch.key_id, branch.sign_public = pkg.sender.key_id, pkg.sender.sign
            branch.box_public = pkg.sender.box
        return branch
    key = (code, pkg.sender.key_id)
    if key not in decided:
        decided[key] = bool(confirm and confirm(_question(branch, pkg)))
    if not decided[key]:
        if branch is None:
            raise _Refused(f"支部“{name}”（{code}）的密钥尚未确认（指纹 "
                           f"{pkg.sender.fingerprint}）。请与支部核对指纹后，"
                           "用 branchdesk city trust 确认，再重新导入。")
        raise _Refused(f"支部“{name}”（{code}）的密钥与已确认的不同（新指纹 "
                       f"{pkg.sender.fingerprint}），已拒收。若支部确实更换了电脑或密钥，"
                       "请核对新指纹后用 branchdesk city trust 确认。")
    if branch is None:
        branch = CityBranch(code=code, name=name, last_seq=0, return_seq=0)
        session.add(branch)
    branch.key_id, branch.sign_public, branch.box_public = (
        pkg.sender.key_id, pkg.sender.sign, pkg.sender.box)
    branch.trusted_at = utcnow()
    session.flush()
    return branch


def _chain(session: Session, branch: CityBranch, pkg: Verified, result: PackageResult) -> bool:
    """Place the package in the branch's sequence; False when it was imported before."""
    seen = session.scalars(select(CityPackage).where(CityPackage.branch_code == branch.code)
                           ).all()
    by_seq = {p.seq: p for p in seen}
    replay = next((p for p in seen if p.sha256 == pkg.sha256), None)
    if replay is not None:
        result.chain = "重复"
        result.warnings.append(f"此数据包（第 {pkg.seq} 号）已于 "
                               f"{replay.imported_at:%Y-%m-%d %H:%M}（UTC）导入过，"
                               "本次未做任何更改。")
        return False
    if any(p.id == pkg.manifest["package_id"] for p in seen):
        raise _Refused("数据包编号与已导入的另一个数据包相同但内容不同，已拒收。")
    previous = pkg.manifest.get("previous_sha256")
    expected = by_seq.get(pkg.seq - 1)
    if pkg.seq in by_seq:
        result.chain = "分叉"
        result.warnings.append(f"已导入过另一个第 {pkg.seq} 号数据包（分叉）：支部可能从旧备份"
                               "恢复过数据库。已按记录版本逐条处理，请与支部核实。")
    elif expected is not None and previous != expected.sha256:
        result.chain = "分叉"
        result.warnings.append(f"第 {pkg.seq} 号数据包的“前一数据包”与已导入的第 {pkg.seq - 1} 号"
                               "不一致（分叉）。已按记录版本逐条处理，请与支部核实。")
    elif pkg.seq == 1 and previous is not None:
        result.chain = "分叉"
        result.warnings.append("第 1 号数据包不应有前一数据包（分叉）。")
    elif pkg.seq > branch.last_seq + 1:
        result.chain = "缺号"
        absent = number_ranges(list(range(branch.last_seq + 1, pkg.seq)))
        result.warnings.append(f"缺少第 {absent} 号数据包（缺号），请让支部补交。")
    elif pkg.seq < branch.last_seq:
        result.chain = "补交"
        result.warnings.append(f"补交了先前缺少的第 {pkg.seq} 号数据包；其中比工委现有版本旧的记录"
                               "不会覆盖新数据。")
    else:
        result.chain = "首个" if pkg.seq == 1 else "正常"
    return True


def _apply_table(session: Session, branch: str, table: str, rows: list[Any], texts: list[str],
                 package_id: str, write: bool, fresh: bool, result: PackageResult,
                 written: list[dict[str, Any]]) -> int:
    """Classify the table's records against the city's copies and write the new and newer
    ones; `texts` are the records' JSON as they arrived, kept as the city's copy. When the
    city holds nothing of the branch (`fresh`), every record is new unless another branch
    holds its id (`_apply_fresh`). New records go in the order of the key, whose index a
    large city's page cache does not hold.
    Returns how many more live (not deleted) records the city holds of the branch."""
    valid = _valid(table, rows, texts, result)
    new_insert, new_update, fresh_insert = _statements(session.get_bind().dialect)
    values = _RecordValues(new_insert, branch, table, package_id)
    if fresh and write:
        return _apply_fresh(session, fresh_insert, values, valid, result, written)
    existing = _existing(session, table, list(valid))
    held = _held_hashes(session, table, [
        record_id for record_id, (_row, version, _text) in valid.items()
        if record_id in existing and existing[record_id].version == version
        and not existing[record_id].content_hash])
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    live = 0
    for record_id, (row, version, text) in valid.items():
        old = existing.get(record_id)
        if old is None:
            result.count(table, "new")
            if write:
                inserts.append(values.insert(record_id, version, row, text))
                written.append(row)
                live += _live(row)
        elif old.branch_code != branch:
            result.count(table, "rejected", _held_elsewhere(table, record_id, old.branch_code))
        elif version > old.version:
            result.count(table, "updated")
            if write:
                updates.append(values.update(record_id, version, row, text))
                written.append(row)
                live += _live(row) - (not old.deleted)
        elif version < old.version:
            reason = (f"工委已有更新的版本 {old.version}（本包为 {version}）"
                      + ("，且该记录已删除，旧数据不会使其恢复" if old.deleted else ""))
            result.count(table, "stale", RecordIssue(table, record_id, "stale", reason))
        elif content_hash(row) == (old.content_hash or held[record_id]):
            result.count(table, "unchanged")
        else:
            result.count(table, "conflict", RecordIssue(
                table, record_id, "conflict",
                f"版本 {version} 与工委已有的同版本内容不同；保留工委现有内容，另存待核"))
            if write:
                session.add(CityConflict(branch_code=branch, table_name=table,
                                         record_id=record_id, version=version, data=row,
                                         package_id=package_id))
    connection = session.connection()
    new_insert.run(connection, sorted(inserts, key=_RECORD_ID))
    new_update.run(connection, updates)
    return live


def _apply_fresh(session: Session, statement: bulk.Statement, values: "_RecordValues",
                 valid: dict[str, tuple[dict[str, Any], int, str]], result: PackageResult,
                 written: list[dict[str, Any]]) -> int:
    """A table's records of a branch the city holds nothing of: all inserted at once, those
    whose id another branch holds left out by the insert and then rejected. No savepoint:
    SQLite would copy every page of the key index the insert changes to a sub-journal, a
    third of the writes in a large city. Returns how many live records were written."""
    table, branch = values.table, values.branch
    rows = sorted((values.insert(record_id, version, row, text)
                   for record_id, (row, version, text) in valid.items()), key=_RECORD_ID)
    if statement.run(session.connection(), rows) == len(rows):
        result.count(table, "new", times=len(valid))
        written.extend(row for row, _version, _text in valid.values())
        return sum(_live(row) for row, _version, _text in valid.values())
    elsewhere = {record_id: old.branch_code
                 for record_id, old in _existing(session, table, list(valid)).items()
                 if old.branch_code != branch}
    live = 0
    for record_id, (row, _version, _text) in valid.items():
        if record_id in elsewhere:
            result.count(table, "rejected",
                         _held_elsewhere(table, record_id, elsewhere[record_id]))
        else:
            result.count(table, "new")
            written.append(row)
            live += _live(row)
    return live


def _held_elsewhere(table: str, record_id: str, holder: str) -> RecordIssue:
    return RecordIssue(table, record_id, "rejected", f"该记录编号已属于支部 {holder}")


def _live(record: dict[str, Any]) -> int:
    return int(record.get("deleted_at") is None)


def _valid(table: str, rows: list[Any], texts: list[str], result: PackageResult
           ) -> dict[str, tuple[dict[str, Any], int, str]]:
    """The records with a proper id and version, once each, with their JSON text; the others
    are counted as rejected."""
    valid: dict[str, tuple[dict[str, Any], int, str]] = {}
    for row, text in zip(rows, texts, strict=True):
        try:
            record_id, version = check_identity(row)
        except ValueError as exc:
            result.count(table, "rejected", RecordIssue(table, id_of(row), "rejected", str(exc)))
            continue
        if record_id in valid:
            result.count(table, "rejected", RecordIssue(table, record_id, "rejected",
                                                        "同一数据包中该记录出现了两次"))
            continue
        valid[record_id] = (row, version, text)
    return valid


#: The key new records of a table are inserted in the order of (the table is the same).
_RECORD_ID = itemgetter(1)


class _RecordValues:
    """The values of a city record's insert or update (`_statements`), in the driver's terms:
    what all records of a table in a package share is converted once."""

    def __init__(self, statement: bulk.Statement, branch: str, table: str,
                 package_id: str) -> None:
        self.branch, self.table, self.package_id = branch, table, package_id
        self.now = statement.convert("updated_at", utcnow())
        self.deleted = {flag: statement.convert("deleted", flag) for flag in (False, True)}

    def insert(self, record_id: str, version: int, row: dict[str, Any], text: str
               ) -> tuple[Any, ...]:
        return (self.table, record_id, self.branch, version,
                self.deleted[row.get("deleted_at") is not None], text, "", self.package_id,
                self.now)

    def update(self, record_id: str, version: int, row: dict[str, Any], text: str
               ) -> tuple[Any, ...]:
        return (version, self.deleted[row.get("deleted_at") is not None], text, "",
                self.package_id, self.now, self.table, record_id)


def _existing(session: Session, table: str, ids: list[str]) -> dict[str, Any]:
    """The city's copies of these records of the table: their branch, version and hash."""
    found: dict[str, Any] = {}
    columns = (CityRecord.record_id, CityRecord.branch_code, CityRecord.version,
               CityRecord.deleted, CityRecord.content_hash)
    for chunk in bulk.chunks(ids):
        found.update((r.record_id, r) for r in session.execute(select(*columns).where(
            CityRecord.table_name == table, CityRecord.record_id.in_(chunk))))
    return found


def _held_hashes(session: Session, table: str, ids: list[str]) -> dict[str, str]:
    """The content hash of the city's copies of these records, from their JSON: it is worked
    out only when a package brings a version the city holds already (unchanged or conflict)."""
    hashes: dict[str, str] = {}
    for chunk in bulk.chunks(ids):
        hashes.update((record_id, content_hash(data)) for record_id, data in session.execute(
            select(CityRecord.record_id, CityRecord.data).where(
                CityRecord.table_name == table, CityRecord.record_id.in_(chunk))))
    return hashes


@functools.lru_cache(maxsize=8)
def _statements(dialect: Dialect) -> tuple[bulk.Statement, bulk.Statement, bulk.Statement]:
    """The insert of a new city record, the update of a newer version and the insert of a
    fresh branch's records (one whose id the city holds is left out), as plain tuples
    (`_RecordValues` gives them in this order), the record's JSON as text."""
    table = cast(Table, CityRecord.__table__)
    changed = ("version", "deleted", "data", "content_hash", "package_id", "updated_at")
    inserted = ("table_name", "record_id", "branch_code", *changed)
    return (bulk.insert(dialect, table, inserted, given=("data",)),
            bulk.update(dialect, table, changed, ("table_name", "record_id"), given=("data",)),
            bulk.insert(dialect, table, inserted, given=("data",), skip_held=True))


def _index_attachments(session: Session, branch: str, attachments: dict[str, bytes]
                       ) -> dict[str, bytes]:
    """Index the files the city has not got yet; returns them (to be kept on disk)."""
    known = set(session.scalars(select(CityAttachment.sha256).where(
        CityAttachment.sha256.in_(list(attachments)))))
    new = {digest: data for digest, data in attachments.items() if digest not in known}
    for digest, data in new.items():
        session.add(CityAttachment(sha256=digest, branch_code=branch, size=len(data)))
    return new


def _apply(session: Session, pkg: Verified, confirm: ConfirmKey | None,
           decided: dict[tuple[str, str], bool], result: PackageResult,
           written: dict[str, list[dict[str, Any]]], files: dict[str, bytes]) -> bool:
    """Apply the package in `session`; the records written go into `written` by table, the
    files new to the city into `files`. False when it was imported before (nothing written)."""
    manifest, contents = pkg.manifest, pkg.contents
    assert contents is not None
    branch = _trust(session, pkg, confirm, decided)
    branch.name = str(manifest["branch"].get("name", "")) or branch.name
    write = _chain(session, branch, pkg, result)
    fresh = session.scalar(select(CityRecord.record_id).where(
        CityRecord.branch_code == branch.code).limit(1)) is None
    live = sum(_apply_table(session, branch.code, table, rows, contents.texts[table],
                            manifest["package_id"], write, fresh, result,
                            written.setdefault(table, []))
               for table, rows in contents.records.items())
    missing = manifest.get("missing_attachments") or []
    if isinstance(missing, list) and missing:
        result.warnings.append(f"支部电脑上有 {len(missing)} 个附件文件缺失，未能随包提交。")
    if not write:
        return False
    files.update(_index_attachments(session, branch.code, contents.attachments))
    result.attachments = len(files)
    delivered = manifest.get("delivered_messages", [])
    if delivered:
        session.execute(update(CityMessage).where(
            CityMessage.branch_code == branch.code, CityMessage.id.in_(delivered),
            CityMessage.delivered_seq.is_(None)).values(delivered_seq=pkg.seq))
    session.add(CityPackage(
        id=manifest["package_id"], branch_code=branch.code, seq=pkg.seq, sha256=pkg.sha256,
        previous_sha256=manifest.get("previous_sha256"), export=manifest["export"],
        file_name=Path(pkg.path).name, size=pkg.size,
        created_at=file_time(manifest.get("created_at")),
        app_version=str(manifest.get("app_version", ""))[:20],
        schema_version=[str(v) for v in manifest.get("schema_version", [])
                        if isinstance(v, str)],
        summary=result.outcomes, warnings=result.warnings,
    ))
    if pkg.seq >= branch.last_seq:
        branch.last_seq, branch.last_sha256 = pkg.seq, pkg.sha256
    branch.last_import_at = utcnow()
    # Counted as the records change: a count of the branch's copies reads all their rows.
    branch.record_count += live
    session.flush()
    return True


def missing_sequences(session: Session, code: str) -> list[int]:
    seqs = set(session.scalars(select(CityPackage.seq).where(CityPackage.branch_code == code)))
    return sorted(set(range(1, max(seqs, default=0) + 1)) - seqs)


def _check_volumes(session: Session, results: Iterable[PackageResult]) -> None:
    """After a batch: name the files of a split export the city still lacks (a missing last
    volume leaves no gap in the numbers), once per export, on its last file imported."""
    last: dict[tuple[str, int], PackageResult] = {}
    for result in results:
        index, count = result.volume
        if result.ok and count > 1 and result.seq is not None:
            key = (result.branch_code, result.seq - index + 1)
            if key not in last or (last[key].seq or 0) < result.seq:
                last[key] = result
    for (code, first), result in last.items():
        count = result.volume[1]
        held = set(session.scalars(select(CityPackage.seq).where(
            CityPackage.branch_code == code, CityPackage.seq.between(first, first + count - 1))))
        absent = [n for n in range(first, first + count) if n not in held]
        if absent:
            result.warnings.append(
                f"支部这次导出分为 {count} 个文件（{numbers(first, first + count - 1)}），"
                f"尚缺第 {number_ranges(absent)} 号：请让支部把全部文件交来。")


def key_questions(database: CityDatabase, paths: Iterable[Path | str],
                  progress: Progress = SILENT) -> list[KeyQuestion]:
    """The branch keys among these packages that the operator has not confirmed yet.

    Lets a GUI ask its questions first (on its own thread) and then import without asking.
    """
    paths = [str(p) for p in paths]
    found: dict[tuple[str, str], KeyQuestion] = {}
    with database.session() as session:
        city = city_keys(session)
        for index, path in enumerate(paths):
            progress.step(index, len(paths), f"正在校验：{Path(path).name}")
            try:
                pkg = verify_package(path, city, keep_contents=False)
            except UserError:
                continue  # reported by the import itself
            branch = session.get(CityBranch, pkg.code)
            if branch is not None and accepts(branch, pkg.sender):
                continue
            found.setdefault((pkg.code, pkg.sender.key_id), _question(branch, pkg))
    return list(found.values())


def import_packages(database: CityDatabase, paths: Iterable[Path | str], *,
                    dry_run: bool = False, confirm_key: ConfirmKey | None = None,
                    progress: Progress = SILENT) -> list[PackageResult]:
    """Import packages in sequence order per branch; each gets its own result."""
    files = [str(p) for p in paths]
    with database.session() as session:
        city = city_keys(session)
    results: dict[str, PackageResult] = {p: PackageResult(p) for p in files}
    order: list[tuple[str, int, str]] = []
    for index, path in enumerate(files):
        progress.step(index, 2 * len(files), f"正在校验：{Path(path).name}")
        try:
            pkg = verify_package(path, city, keep_contents=False)
        except UserError as exc:
            results[path].error = exc.message
            continue
        results[path].branch_code, results[path].seq = pkg.code, pkg.seq
        results[path].branch_name = str(pkg.manifest["branch"].get("name", ""))
        results[path].volume = volume_of(pkg.manifest)
        order.append((pkg.code, pkg.seq, path))
    decided: dict[tuple[str, str], bool] = {}
    session = database.new_session()
    stores = None if dry_run else OpenStores()  # a dry run leaves the stores alone
    ordered = [path for _code, _seq, path in sorted(order)]
    ahead = _ReadAhead(city)
    checkpoints = None if dry_run else _checkpoints(session)
    try:
        for index, path in enumerate(ordered):
            progress.step(len(files) + index, 2 * len(files), f"正在导入：{Path(path).name}")
            following = ordered[index + 1] if index + 1 < len(ordered) else None
            _import_one(session, path, ahead, confirm_key, decided, results[path], stores,
                        following, checkpoints)
        _check_volumes(session, results.values())
        if dry_run:
            session.rollback()
    finally:
        session.close()
        if stores is not None:
            stores.close()
        if checkpoints is not None:
            checkpoints.close()
    progress.step(2 * len(files), 2 * len(files), "完成")
    for result in results.values():
        _log.info("%s数据包 %s：%s", "试导入" if dry_run else "导入", result.path,
                  "成功" if result.ok else f"未导入（{result.error}）")
    return [results[p] for p in files]


class _ReadAhead:
    """The packages of a batch read and checked (`verify_package`) for their import, the
    next one while the one before commits (`read`): the commit waits on SQLite and the disk,
    the reading is Python's work. The import takes it (`take`), or what reading it raised."""

    def __init__(self, city: KeyPair) -> None:
        self.city = city
        self._path: str | None = None
        self._read: Verified | Exception | None = None

    def read(self, path: str | None) -> None:
        self._path, self._read = path, None
        if path is not None:
            try:
                self._read = verify_package(path, self.city)
            except Exception as exc:  # raised when the package's own import takes it
                self._read = exc

    def take(self, path: str) -> Verified:
        """The package at `path`, read again unless it was read ahead."""
        read = self._read if path == self._path else None
        self._path, self._read = None, None
        if read is None:
            return verify_package(path, self.city)
        if isinstance(read, Exception):
            raise read
        return read


def _checkpoints(session: Session) -> Checkpoints | None:
    """For an import into a SQLite city file: its checkpoints beside the batch."""
    engine = engine_of(session)
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    importing = session.connection().connection.dbapi_connection
    return Checkpoints(engine.url.database, cast(sqlite3.Connection, importing))


def _commit_reading(session: Session, ahead: _ReadAhead, following: str | None,
                    checkpoints: Checkpoints | None) -> None:
    """Commit, reading the batch's next package meanwhile; raises what the commit raised."""
    failed: list[BaseException] = []

    def commit() -> None:
        try:
            session.commit()
        except BaseException as exc:  # raised below, in the import's own thread
            failed.append(exc)
        else:
            if checkpoints is not None:
                checkpoints.after_commit()

    committing = threading.Thread(target=commit, name="city-import-commit")
    committing.start()
    try:
        ahead.read(following)
    finally:
        committing.join()
    if failed:
        raise failed[0]


def _import_one(session: Session, path: str, ahead: _ReadAhead, confirm: ConfirmKey | None,
                decided: dict[tuple[str, str], bool], result: PackageResult,
                stores: OpenStores | None, following: str | None,
                checkpoints: Checkpoints | None) -> None:
    """Apply one package in its own transaction (a dry run: in a savepoint); unless it is a
    dry run (no `stores`), bring the branch's typed store and its summaries up to it, book
    its remittances into the city fund, then commit (reading the package `following` it
    meanwhile)."""
    attempt = PackageResult(path, branch_code=result.branch_code, seq=result.seq,
                            branch_name=result.branch_name, volume=result.volume)
    # A dry run holds all packages in one transaction, each in a savepoint. An import
    # commits each package, so its transaction is the package's own: a savepoint would make
    # SQLite copy every page the package changes to a sub-journal first.
    savepoint = session.begin_nested() if stores is None else None
    undo: SessionTransaction | Session = savepoint or session  # what a failure rolls back
    try:
        pkg = ahead.take(path)  # again: the file may have changed since the batch was ordered
        written: dict[str, list[dict[str, Any]]] = {}
        files: dict[str, bytes] = {}
        changed = _apply(session, pkg, confirm, decided, attempt, written, files)
        remaining = [n for n in missing_sequences(session, pkg.code) if n != pkg.seq]
        if remaining and attempt.chain not in ("缺号", "重复"):
            attempt.warnings.append(f"仍缺少第 {number_ranges(remaining)} 号数据包。")
        if stores is not None and changed:
            kept = CityFiles(engine_of(session))
            for digest, data in files.items():
                kept.put(digest, data)
            update_branch(session, stores.get(session, pkg.code), pkg.code, written)
            attempt.warnings += book_package(session, pkg.code, written.get("fund_entry", []))
        if savepoint is not None:
            savepoint.commit()
        else:
            del pkg, written, files  # the next package is read while this one commits
            _commit_reading(session, ahead, following, checkpoints)
        attempt.ok = True
    except (_Refused, UserError) as exc:
        undo.rollback()
        attempt = PackageResult(path, branch_code=result.branch_code, seq=result.seq,
                                branch_name=result.branch_name, error=exc.message)
    except Exception as exc:  # one broken package never stops the others
        undo.rollback()
        _log.exception("导入数据包 %s 时出错", path)
        reason = os_error_text(exc) if isinstance(exc, OSError) else "程序内部错误，详见日志文件"
        attempt = PackageResult(path, branch_code=result.branch_code, seq=result.seq,
                                branch_name=result.branch_name,
                                error=f"导入时出错，此数据包未导入：{reason}")
    result.__dict__.update(attempt.__dict__)
