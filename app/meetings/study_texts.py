"""The branch's 学习篇目: speeches and instructions to study as 第一议题, kept by the branch
or recommended by the city (推荐学习篇目, sent down in return files)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.records import retire
from base.errors import UserError, ValidationError
from db.models import StudyText

BRANCH = "支部"
CITY = "工委推荐"
#: The kind of the return-file message that carries a 推荐学习篇目.
MESSAGE_KIND = "meetings.study_text"


@dataclass
class StudyTextInput:
    title: str
    source: str = ""
    issued_on: dt.date | None = None
    notes: str = ""


def check_study_text(data: StudyTextInput, today: dt.date) -> None:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "请填写篇目名称"
    elif len(data.title.strip()) > 200:
        errors["title"] = "篇目名称不能超过200个字"
    if len(data.source.strip()) > 200:
        errors["source"] = "出处不能超过200个字"
    if data.issued_on and data.issued_on > today:
        errors["issued_on"] = "讲话或指示的日期不能晚于今天"
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class StudyTextRow:
    id: str
    title: str
    source: str
    issued_on: dt.date | None
    origin: str  # 支部 / 工委推荐


def list_study_texts(session: Session) -> list[StudyTextRow]:
    """Newest speech first; those without a date last."""
    texts = session.scalars(select(StudyText).where(StudyText.deleted_at.is_(None)))
    return [StudyTextRow(t.id, t.title, t.source, t.issued_on, t.origin)
            for t in sorted(texts, key=lambda t: (t.issued_on or dt.date.min, t.created_at),
                            reverse=True)]


def add_study_text(session: Session, data: StudyTextInput, today: dt.date | None = None,
                   origin: str = BRANCH) -> StudyText:
    check_study_text(data, today or dt.date.today())
    text = StudyText(title=data.title.strip(), source=data.source.strip(),
                     issued_on=data.issued_on, origin=origin,
                     notes=data.notes.strip())
    session.add(text)
    session.flush()
    return text


def delete_study_text(session: Session, text_id: str) -> None:
    retire(session, StudyText, text_id, "找不到该学习篇目")


def recommendation(data: StudyTextInput) -> dict[str, Any]:
    """The payload the city queues for a branch."""
    return {"title": data.title.strip(), "source": data.source.strip(),
            "issued_on": data.issued_on.isoformat() if data.issued_on else None,
            "notes": data.notes.strip()}


def apply_recommendation(session: Session, payload: Any) -> str:
    """Return-file handler: add the city's 推荐学习篇目 to the list (a title already listed
    is not added twice)."""
    if not isinstance(payload, dict) or not str(payload.get("title", "")).strip():
        raise UserError("工委推荐的学习篇目缺少名称")
    try:
        issued = dt.date.fromisoformat(payload["issued_on"]) if payload.get("issued_on") \
            else None
    except (TypeError, ValueError):
        raise UserError("工委推荐的学习篇目日期无法识别") from None
    data = StudyTextInput(str(payload["title"]), str(payload.get("source", "")), issued,
                          str(payload.get("notes", "")))
    if session.scalar(select(StudyText.id).where(StudyText.deleted_at.is_(None),
                                                 StudyText.title == data.title.strip())):
        return f"工委推荐学习篇目（本支部已有）：{data.title.strip()}"
    add_study_text(session, data, today=dt.date.max, origin=CITY)
    return f"工委推荐学习篇目：{data.title.strip()}"
