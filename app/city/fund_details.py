"""What the city sees of one branch application before deciding: the proofs that came with
it, the 支委会 and 议题 that reviewed it, the branch's steps; and whether a decision has
reached the branch yet."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.city.files import CityFiles
from base.errors import UserError
from db.city.database import engine_of
from db.city.models import CityAttachment, CityMessage, CityRecord


@dataclass(frozen=True)
class Proof:
    sha256: str
    filename: str
    size: int
    caption: str
    received: bool  # the file itself arrived (a package may list it as missing)


@dataclass
class ApplicationDetails:
    review: str  # the 支委会 and 议题, with the vote
    steps: list[str] = field(default_factory=list)
    proofs: list[Proof] = field(default_factory=list)


def _live(session: Session, table: str, column: str, value: str) -> list[dict[str, Any]]:
    return list(session.scalars(select(CityRecord.data).where(
        CityRecord.table_name == table, CityRecord.deleted.is_(False),
        CityRecord.data[column].as_string() == value)))


def _record(session: Session, table: str, record_id: str | None) -> dict[str, Any] | None:
    row = session.get(CityRecord, (table, record_id)) if record_id else None
    return None if row is None or row.deleted else row.data


def _review(session: Session, data: dict[str, Any]) -> str:
    meeting = _record(session, "meeting", data.get("meeting_id"))
    item = _record(session, "meeting_agenda_item", data.get("agenda_item_id"))
    if meeting is None:
        return "未关联支委会记录"
    text = f"{meeting['date']} 支委会" + (f"“{meeting['title']}”" if meeting.get("title") else "")
    if item is not None:
        text += f"，议题“{item['title']}”"
        votes = [item.get(f"votes_{k}") for k in ("yes", "no", "abstain")]
        if any(v is not None for v in votes):
            text += "（赞成 {}、反对 {}、弃权 {}）".format(*(v or 0 for v in votes))
    return text


def application_details(session: Session, application_id: str) -> ApplicationDetails:
    data = _record(session, "aid_application", application_id)
    if data is None:
        raise UserError("工委数据库中没有这份补助申请")
    steps = sorted(_live(session, "aid_step", "application_id", application_id),
                   key=lambda s: s["at"])
    proofs = sorted(_live(session, "aid_proof", "application_id", application_id),
                    key=lambda p: p.get("position", 0))
    received = set(session.scalars(select(CityAttachment.sha256).where(
        CityAttachment.sha256.in_([p["sha256"] for p in proofs]))))
    return ApplicationDetails(
        review=_review(session, data),
        steps=[f"{s['date']}　{s['action']}（{s['from_status'] or '—'} → {s['to_status']}）"
               f"　{s['actor']}" + (f"　{s['note']}" if s.get("note") else "") for s in steps],
        proofs=[Proof(p["sha256"], p["filename"], p["size"], p.get("caption", ""),
                      p["sha256"] in received) for p in proofs])


def proof_file(session: Session, sha256: str) -> bytes:
    attachment = session.get(CityAttachment, sha256)
    if attachment is None:
        raise UserError("该证明材料的文件没有随数据包送达，请让支部重新导出数据包")
    return CityFiles(engine_of(session)).get(sha256)


def delivered(session: Session, message_ids: Iterable[str]) -> set[str]:
    """Of these queued messages, those a later package from the branch confirmed."""
    ids = [m for m in message_ids if m]
    return set(session.scalars(select(CityMessage.id).where(
        CityMessage.id.in_(ids), CityMessage.delivered_seq.is_not(None)))) if ids else set()
