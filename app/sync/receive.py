"""Branch side: applying the city's return file — receipts and messages sent down.

The file is checked like a package (the city's signature, then decryption with the
branch key, then every hash) before anything is written. Receipts mark exported packages
as acknowledged; each message is applied once, in its own savepoint, so one that fails is
kept with its reason and never stops the others.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.files import read_file
from app.sync import envelope, package
from app.sync.down import APPLIED, FAILED, UNHANDLED, handler_for
from app.sync.format import PackageError
from app.sync.identity import branch_code, branch_keys, require_city_key
from app.sync.records import check_identity, file_time
from base.errors import UserError
from db.database import Database
from db.models import SyncExport, SyncInbox, SyncReturn
from db.types import utcnow


@dataclass
class ReceiveResult:
    return_seq: int
    acknowledged: list[int] = field(default_factory=list)  # package numbers newly confirmed
    messages: list[tuple[str, str, str]] = field(default_factory=list)  # kind, status, result
    already_received: bool = False


def open_from_city(session: Session, data: bytes, kind: str) -> package.Contents:
    """Check the city's signature, decrypt with the branch key, check every hash."""
    city = require_city_key(session)
    sealed = envelope.unseal(data)
    if sealed.kind != kind:
        raise PackageError("这不是工委的回执文件。" if kind == "return" else "这不是工委的恢复包。")
    if sealed.sender.key_id != city.keys.key_id:
        raise PackageError("此文件不是由已导入的工委密钥签名的，已拒绝。"
                           "若工委更换了密钥，请先导入新的工委公钥文件。")
    keys = branch_keys(session)
    if sealed.receiver_id != keys.public.key_id:
        raise PackageError("此文件不是发给本支部这台电脑的（接收方密钥不符）。")
    contents = package.read(sealed.open(keys))
    if contents.manifest.get("kind") != kind:
        raise PackageError("文件清单的类型不符，已拒绝。")
    return contents


def _acknowledge(session: Session, receipts: object) -> list[int]:
    if not isinstance(receipts, list):
        raise PackageError("回执清单格式错误，已拒绝。")
    confirmed: list[int] = []
    for receipt in receipts:
        if not isinstance(receipt, dict):
            continue
        row = session.scalars(select(SyncExport).where(
            SyncExport.package_id == receipt.get("package_id"),
            SyncExport.sha256 == receipt.get("sha256"))).first()
        if row is None:
            continue
        summary = found if isinstance(found := receipt.get("summary"), dict) else {}
        row.city_status = "；".join(f"{k} {v}" for k, v in summary.items() if v)[:200]
        if row.acknowledged_at is None:
            row.acknowledged_at = utcnow()
            confirmed.append(row.seq)
    return confirmed


def _apply_message(session: Session, message: object) -> tuple[str, str, str] | None:
    if not isinstance(message, dict):
        return None
    try:
        message_id, _version = check_identity({**message, "version": 1})
    except ValueError:
        return None
    kind = str(message.get("kind", ""))[:64]
    payload: Any = message.get("payload")
    row = session.get(SyncInbox, message_id)
    if row is not None and row.status == APPLIED:
        return None
    if row is None:
        row = SyncInbox(id=message_id, kind=kind, payload=payload,
                        sent_at=file_time(message.get("created_at")), status=UNHANDLED)
        session.add(row)
    handler = handler_for(kind)
    if handler is None:
        row.status, row.result = UNHANDLED, f"本程序不认识此类消息（{kind}），请升级支部工作台。"
    else:
        savepoint = session.begin_nested()
        try:
            summary = handler(session, payload)
            savepoint.commit()
            row.status, row.result = APPLIED, summary
        except UserError as exc:
            savepoint.rollback()
            row.status, row.result = FAILED, exc.message
    session.flush()
    return kind, row.status, row.result


def receive_return(database: Database, path: Path | str) -> ReceiveResult:
    """Apply a return file; re-applying the same file changes nothing."""
    data = read_file(path)
    with database.session() as session:
        return apply_return(session, data)


def apply_return(session: Session, data: bytes) -> ReceiveResult:
    """The same inside a transaction the caller owns."""
    contents = open_from_city(session, data, "return")
    manifest = contents.manifest
    code, _name = branch_code(session)
    if manifest.get("branch_code") != code:
        raise PackageError(f"此回执文件是给支部“{manifest.get('branch_code')}”的，"
                           f"不是本支部（{code}）的。")
    return_id, return_seq = manifest.get("return_id"), manifest.get("sequence")
    if not isinstance(return_id, str) or not isinstance(return_seq, int):
        raise PackageError("回执清单格式错误，已拒绝。")
    result = ReceiveResult(return_seq)
    result.already_received = session.get(SyncReturn, return_id) is not None
    result.acknowledged = _acknowledge(session, manifest.get("receipts"))
    messages = manifest.get("messages", [])
    for message in messages if isinstance(messages, list) else []:
        outcome = _apply_message(session, message)
        if outcome is not None:
            result.messages.append(outcome)
    if not result.already_received:
        session.add(SyncReturn(id=return_id, seq=return_seq,
                               sha256=hashlib.sha256(data).hexdigest(),
                               created_at=file_time(manifest.get("created_at"))))
    return result
