"""What the city sees of one branch application before deciding: the proofs that came with
it, the 支委会 and 议题 that reviewed it, the branch's steps; and whether a decision has
reached the branch yet."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.city.files import CityFiles
from app.city.store import STAMP, store_engine, stores_folder
from base.errors import UserError
from db import bulk
from db.city.database import engine_of
from db.city.models import CityAttachment, CityBranch, CityMessage, CityRecord
from db.models.fund import AidProof, AidStep


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


def _indexed(session: Session, code: str, application_id: str) -> dict[str, list[str]] | None:
    """The ids of the application's live steps and proofs, by the application's index in the
    branch's typed store; None when the store is not in step with the city's copies (it is
    brought into step by the next import or report, not by this read)."""
    branch = session.get(CityBranch, code)
    path = stores_folder(engine_of(session)) / f"{code}.db"
    if branch is None or branch.store_stamp is None or not path.exists():
        return None
    store = store_engine(path)
    try:
        with store.connect() as typed:
            if typed.scalar(select(STAMP.c.stamp)) != branch.store_stamp:
                return None
            return {model.__tablename__: list(typed.scalars(select(model.id).where(
                model.application_id == application_id, model.deleted_at.is_(None))))
                for model in (AidStep, AidProof)}
    except OperationalError:  # not a store this program can read: the city's copies can
        return None
    finally:
        store.dispose()


def _live(session: Session, table: str, application_id: str,
          indexed: dict[str, list[str]] | None) -> list[dict[str, Any]]:
    """The application's live records of `table`, as the city received them: by their ids
    when the store gave them, else by reading every branch's records of the table."""
    query = select(CityRecord.data).where(CityRecord.table_name == table,
                                          CityRecord.deleted.is_(False))
    if indexed is None:
        return list(session.scalars(query.where(
            CityRecord.data["application_id"].as_string() == application_id)))
    return [data for chunk in bulk.chunks(indexed[table])
            for data in session.scalars(query.where(CityRecord.record_id.in_(chunk)))]


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
    row = session.get(CityRecord, ("aid_application", application_id))
    if row is None or row.deleted:
        raise UserError("工委数据库中没有这份补助申请")
    data, indexed = row.data, _indexed(session, row.branch_code, application_id)
    steps = sorted(_live(session, "aid_step", application_id, indexed), key=lambda s: s["at"])
    proofs = sorted(_live(session, "aid_proof", application_id, indexed),
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
