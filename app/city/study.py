"""推荐学习篇目: the city recommends a speech or instruction to study as 第一议题; it goes
down to each chosen branch in its next return files and joins the branch's 学习篇目."""

import datetime as dt

from sqlalchemy.orm import Session

from app.city.returns import queue_message
from app.meetings.study_texts import MESSAGE_KIND, StudyTextInput, check_study_text, recommendation
from base.errors import UserError


def recommend_study_text(session: Session, codes: list[str], data: StudyTextInput,
                         today: dt.date | None = None) -> int:
    """Queue the recommendation for these branches; how many were queued."""
    check_study_text(data, today or dt.date.today())
    if not codes:
        raise UserError("请选择要推荐的支部。")
    for code in codes:
        queue_message(session, code, MESSAGE_KIND, recommendation(data))
    return len(codes)
