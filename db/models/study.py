"""学习篇目: the speeches and instructions the branch keeps for its 第一议题 studies."""

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class StudyText(Synced, Base):
    __tablename__ = "study_text"

    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(200), default="")  # 出处: 人民日报, 求是…
    issued_on: Mapped[dt.date | None]  # the date of the speech or instruction
    origin: Mapped[str] = mapped_column(String(10), default="支部")  # 支部 / 工委推荐
    notes: Mapped[str] = mapped_column(default="")
