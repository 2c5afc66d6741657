"""Meeting records (三会一课, 主题党日, 组织生活会, 民主评议) and everything they hold."""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Synced
from db.models.member import Member
from db.types import utcnow


class Meeting(Synced, Base):
    """One event; it may count as several meeting types (see MeetingTypeLink)."""

    __tablename__ = "meeting"

    title: Mapped[str] = mapped_column(String(200), default="")  # 主题
    date: Mapped[dt.date] = mapped_column(index=True)
    start_time: Mapped[dt.time | None]
    end_time: Mapped[dt.time | None]
    place: Mapped[str] = mapped_column(String(200), default="")
    group_id: Mapped[str | None] = mapped_column(ForeignKey("party_group.id"))  # 党小组会
    chair_name: Mapped[str] = mapped_column(String(50), default="")
    chair_post: Mapped[str] = mapped_column(String(50), default="")
    recorder_name: Mapped[str] = mapped_column(String(50), default="")
    # 列席人员: [{"name": "…", "identity": "入党积极分子"}]
    guests: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(default="")  # the chair's summary
    status: Mapped[str] = mapped_column(String(4), default="草稿")  # 草稿 / 定稿
    entered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    backdated: Mapped[bool] = mapped_column(default=False)  # 补录
    finalised_at: Mapped[dt.datetime | None]
    # 组织生活会 / 民主评议: the year it counts for (None: the year of its date)
    counts_for_year: Mapped[int | None]

    type_links: Mapped[list["MeetingTypeLink"]] = relationship(
        back_populates="meeting", order_by="MeetingTypeLink.position")
    attendance: Mapped[list["Attendance"]] = relationship(
        back_populates="meeting", order_by="Attendance.position")
    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position")
    speeches: Mapped[list["Speech"]] = relationship(order_by="Speech.position")
    decisions: Mapped[list["Decision"]] = relationship(order_by="Decision.position")
    rectifications: Mapped[list["Rectification"]] = relationship(
        foreign_keys="Rectification.meeting_id", order_by="Rectification.position")
    followups: Mapped[list["RectificationFollowUp"]] = relationship(
        order_by="RectificationFollowUp.position")
    grades: Mapped[list["AppraisalGrade"]] = relationship(order_by="AppraisalGrade.position")
    attachments: Mapped[list["Attachment"]] = relationship(order_by="Attachment.position")
    versions: Mapped[list["MeetingVersion"]] = relationship(order_by="MeetingVersion.number")


class MeetingTypeLink(Synced, Base):
    __tablename__ = "meeting_type_link"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    position: Mapped[int] = mapped_column(default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="type_links")


class Attendance(Synced, Base):
    """One person expected at the meeting; voting rights are as on the meeting date."""

    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    status: Mapped[str] = mapped_column(String(4), default="出席")  # 出席 / 请假 / 缺席 / 不计入
    reason: Mapped[str] = mapped_column(String(200), default="")
    # Frozen from the roster of the meeting date when saved; a 修订 refreshes them on request.
    category: Mapped[str] = mapped_column(String(10), default="")  # 正式党员 / 预备党员
    voter: Mapped[bool] = mapped_column(default=False)  # 有表决权 on that day
    committee: Mapped[bool] = mapped_column(default=False)  # 支部委员
    # 不计入: approved exclusion from 应到 (category, and the higher level's approval)
    exclusion: Mapped[str] = mapped_column(String(50), default="")
    approval_ref: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    member: Mapped[Member] = relationship(lazy="joined")


class AgendaItem(Synced, Base):
    """议题, with the votes cast on it (the result is computed, never stored)."""

    __tablename__ = "meeting_agenda_item"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), default="一般")  # 一般 / 表决 / 选举
    content: Mapped[str] = mapped_column(default="")
    subject_member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    votes_yes: Mapped[int | None]
    votes_no: Mapped[int | None]
    votes_abstain: Mapped[int | None]
    # 选举: 应选人数 and the ballots; the votes are per candidate (ElectionCandidate)
    seats: Mapped[int | None]
    ballots_issued: Mapped[int | None]
    ballots_returned: Mapped[int | None]
    ballots_invalid: Mapped[int | None]  # 无效票 among those returned
    # 第一议题: the meeting opens by studying a speech or instruction (only the first 议题)
    first_topic: Mapped[bool] = mapped_column(default=False)
    study_source: Mapped[str] = mapped_column(String(200), default="")
    study_date: Mapped[dt.date | None]  # the date of the speech or instruction
    study_form: Mapped[str] = mapped_column(String(20), default="")  # 领学, 交流研讨…

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")
    subject: Mapped[Member | None] = relationship(lazy="joined")
    candidates: Mapped[list["ElectionCandidate"]] = relationship(
        order_by="ElectionCandidate.position")
    opinions: Mapped[list["WrittenOpinion"]] = relationship(order_by="WrittenOpinion.position")


class WrittenOpinion(Synced, Base):
    """书面意见 of an absent voter, given before a 接收预备党员 or 转正 vote; it counts."""

    __tablename__ = "meeting_written_opinion"

    agenda_item_id: Mapped[str] = mapped_column(ForeignKey("meeting_agenda_item.id"),
                                                index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"))
    position: Mapped[int] = mapped_column(default=0)
    opinion: Mapped[str] = mapped_column(String(4))  # 赞成 / 反对 / 弃权

    member: Mapped[Member] = relationship(lazy="joined")


class ElectionCandidate(Synced, Base):
    """候选人 of a 选举 议题: a member of the roster or a typed name, with the votes cast
    (elected or not is computed, never stored)."""

    __tablename__ = "meeting_election_candidate"

    agenda_item_id: Mapped[str] = mapped_column(ForeignKey("meeting_agenda_item.id"),
                                                index=True)
    position: Mapped[int] = mapped_column(default=0)
    member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    name: Mapped[str] = mapped_column(String(50))
    votes_yes: Mapped[int | None]
    votes_no: Mapped[int | None]
    votes_abstain: Mapped[int | None]


class Speech(Synced, Base):
    """Who said what; never "大家一致认为"."""

    __tablename__ = "meeting_speech"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    agenda_position: Mapped[int | None]  # the 议题 it belongs to, by its position
    speaker: Mapped[str] = mapped_column(String(50))
    content: Mapped[str] = mapped_column(default="")
    verbatim: Mapped[bool] = mapped_column(default=False)


class Decision(Synced, Base):
    __tablename__ = "meeting_decision"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    content: Mapped[str] = mapped_column(default="")
    owner: Mapped[str] = mapped_column(String(50), default="")
    deadline: Mapped[dt.date | None]


class Rectification(Synced, Base):
    """整改清单 item raised at a 组织生活会."""

    __tablename__ = "meeting_rectification"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    problem: Mapped[str] = mapped_column(default="")
    measure: Mapped[str] = mapped_column(default="")
    owner: Mapped[str] = mapped_column(String(50), default="")
    deadline: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(10), default="未开始")


class RectificationFollowUp(Synced, Base):
    """A later meeting reviewing the progress of one 整改 item."""

    __tablename__ = "meeting_rectification_followup"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    rectification_id: Mapped[str] = mapped_column(
        ForeignKey("meeting_rectification.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    progress: Mapped[str] = mapped_column(default="")
    status: Mapped[str] = mapped_column(String(10))

    rectification: Mapped[Rectification] = relationship(lazy="joined")


class AppraisalGrade(Synced, Base):
    """民主评议 grade of one 正式党员."""

    __tablename__ = "meeting_appraisal_grade"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    grade: Mapped[str] = mapped_column(String(10))

    member: Mapped[Member] = relationship(lazy="joined")


class Attachment(Synced, Base):
    """A photo or scan; the file is stored once by its SHA-256 beside the database."""

    __tablename__ = "meeting_attachment"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    caption: Mapped[str] = mapped_column(String(200), default="")


class MeetingVersion(Synced, Base):
    """A finalised state of a meeting: version 1 at 定稿, one more per amendment."""

    __tablename__ = "meeting_version"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    number: Mapped[int]
    reason: Mapped[str] = mapped_column(String(500), default="")
    actor: Mapped[str] = mapped_column(String(100), default="")
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)  # read on demand
