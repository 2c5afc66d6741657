"""Where the branch stands with the city: keys, the package history, what waits to go."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.reminders import Reminder, ReminderLevel
from app.sync.down import APPLIED
from db.models import SyncExport, SyncInbox, SyncReturn
from db.types import utcnow

RESTORED = "恢复"  # the kind of a chain entry restored from the city, not exported here


@dataclass(frozen=True)
class ExportRow:
    """A package of the branch's chain, as the 同步 page and `sync status` list it."""

    seq: int
    kind: str
    created_at: dt.datetime
    record_count: int
    acknowledged_at: dt.datetime | None
    file_name: str

    @property
    def state(self) -> str:
        return "已确认" if self.acknowledged_at else "已导出未确认"


@dataclass(frozen=True)
class MessageRow:
    """A message of the city, received with a return file."""

    id: str
    received_at: dt.datetime
    kind: str
    status: str
    result: str
    read: bool


def history(session: Session) -> list[ExportRow]:
    """The packages of the chain, the latest first."""
    return [ExportRow(e.seq, e.kind, e.created_at, e.record_count, e.acknowledged_at, e.file_name)
            for e in session.scalars(select(SyncExport).order_by(SyncExport.seq.desc()))]


def unacknowledged(session: Session) -> list[SyncExport]:
    return list(session.scalars(select(SyncExport).where(SyncExport.acknowledged_at.is_(None))
                                .order_by(SyncExport.seq)))


def inbox(session: Session) -> list[MessageRow]:
    """The city's messages, the latest first."""
    return [MessageRow(m.id, m.received_at, m.kind, m.status, m.result, m.read_at is not None)
            for m in session.scalars(select(SyncInbox).order_by(SyncInbox.received_at.desc()))]


def mark_read(session: Session, message_ids: list[str]) -> None:
    """The city's messages given are read (those read before keep their time)."""
    for message in session.scalars(select(SyncInbox).where(SyncInbox.id.in_(message_ids))):
        message.read_at = message.read_at or utcnow()


def sync_status(session: Session) -> dict[str, Any]:
    # Here, not at the top: 首页's reminders import this module, and cryptography is slow to load.
    from app.sync.export import pending_counts
    from app.sync.identity import branch_keys, city_key

    city = city_key(session)
    last = session.scalars(select(SyncExport).order_by(SyncExport.seq.desc())).first()
    last_return = session.scalar(select(func.max(SyncReturn.received_at)))
    return {
        "branch_fingerprint": branch_keys(session).public.fingerprint,
        "city": {"name": city.name, "fingerprint": city.keys.fingerprint} if city else None,
        "last_export": None if last is None else {
            "seq": last.seq, "kind": last.kind, "file": last.file_name,
            "created_at": last.created_at, "records": last.record_count,
            "acknowledged": last.acknowledged_at is not None},
        "unacknowledged": [e.seq for e in unacknowledged(session)],
        "pending_changes": pending_counts(session),
        "last_return_at": last_return,
        "messages": [{"kind": m.kind, "status": m.status, "result": m.result, "read": m.read}
                     for m in inbox(session)],
    }


def sync_reminders(session: Session, _today: dt.date) -> list[Reminder]:
    found: list[Reminder] = []
    waiting = unacknowledged(session)
    if waiting:
        numbers = "、".join(f"第{e.seq}号" for e in waiting[-5:])
        found.append(Reminder(ReminderLevel.HINT,
                              f"已导出未确认：{len(waiting)} 个数据包（{numbers}）尚未收到"
                              "工委回执，请把回执文件导入“同步”页面", "同步"))
    for message in session.scalars(select(SyncInbox).where(SyncInbox.read_at.is_(None))):
        if message.status == APPLIED:
            found.append(Reminder(ReminderLevel.NOTICE,
                                  f"{message.result}（请在“同步”页面查看）", "同步"))
        else:
            found.append(Reminder(ReminderLevel.WARNING,
                                  f"工委下发的消息未能处理：{message.result}", "同步"))
    return found


def last_handover(session: Session) -> SyncExport | None:
    """The latest package exported for the city (restores from the city do not count)."""
    return session.scalars(select(SyncExport).where(SyncExport.kind != RESTORED)
                           .order_by(SyncExport.seq.desc())).first()
