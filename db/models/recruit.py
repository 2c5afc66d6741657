"""发展党员: one track per person, from 入党申请 to 转正 (app.recruits holds the rules)."""

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Synced
from db.models.meeting import AgendaItem, Meeting
from db.models.member import Member


class Recruit(Synced, Base):
    """A person on the way into the party; `member_id` is set once they are on the roster."""

    __tablename__ = "recruit"

    name: Mapped[str] = mapped_column(String(50), index=True)
    gender: Mapped[str] = mapped_column(String(2))
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    birth_date: Mapped[dt.date]
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    education: Mapped[str] = mapped_column(String(20), default="")
    job: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    # 停止发展 (no longer an 积极分子, not admitted, 取消预备党员资格): the track ends here
    ended_on: Mapped[dt.date | None]
    ended_reason: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(default="")

    member: Mapped[Member | None] = relationship(lazy="joined")
    steps: Mapped[list["RecruitStep"]] = relationship(back_populates="recruit")
    people: Mapped[list["RecruitPerson"]] = relationship(back_populates="recruit")
    papers: Mapped[list["RecruitPaper"]] = relationship(back_populates="recruit")


class RecruitStep(Synced, Base):
    """One of the 25 steps, done. A step decided at a meeting takes its date and vote from the
    meeting record (`meeting_id`, `agenda_item_id`) and keeps no date of its own."""

    __tablename__ = "recruit_step"

    recruit_id: Mapped[str] = mapped_column(ForeignKey("recruit.id"), index=True)
    step: Mapped[str] = mapped_column(String(30))  # app.recruits.steps code
    date: Mapped[dt.date | None]
    until: Mapped[dt.date | None]  # 集中培训 last day, 公示 last day
    hours: Mapped[int | None]  # 集中培训 学时
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meeting.id"))
    agenda_item_id: Mapped[str | None] = mapped_column(ForeignKey("meeting_agenda_item.id"))
    detail: Mapped[str] = mapped_column(String(200), default="")  # 推荐方式, 谈话人, 文号…

    recruit: Mapped[Recruit] = relationship(back_populates="steps")
    meeting: Mapped[Meeting | None] = relationship(lazy="joined")
    agenda_item: Mapped[AgendaItem | None] = relationship()


class RecruitPerson(Synced, Base):
    """培养联系人 or 入党介绍人: a 正式党员 of the branch, from the day they were named."""

    __tablename__ = "recruit_person"

    recruit_id: Mapped[str] = mapped_column(ForeignKey("recruit.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # 培养联系人 / 入党介绍人
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"))
    since: Mapped[dt.date]

    recruit: Mapped[Recruit] = relationship(back_populates="people")
    member: Mapped[Member] = relationship(lazy="joined")


class RecruitPaper(Synced, Base):
    """A paper received for the member's file (申请书, 思想汇报, 志愿书…)."""

    __tablename__ = "recruit_paper"

    recruit_id: Mapped[str] = mapped_column(ForeignKey("recruit.id"), index=True)
    paper: Mapped[str] = mapped_column(String(50))
    received_on: Mapped[dt.date]

    recruit: Mapped[Recruit] = relationship(back_populates="papers")
