import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Synced
from db.models.branch import PartyGroup


class Member(Synced, Base):
    """A party member: the 16 national items, the useful extras, and links to history."""

    __tablename__ = "member"

    # The 16 items of the national collection set, in its order.
    name: Mapped[str] = mapped_column(String(50), index=True)
    gender: Mapped[str] = mapped_column(String(2))  # 男 / 女
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    birth_date: Mapped[dt.date]
    education: Mapped[str] = mapped_column(String(20), default="")
    category: Mapped[str] = mapped_column(String(10))  # 正式党员 / 预备党员
    join_date: Mapped[dt.date]  # 入党日期: accepted as 预备党员
    full_date: Mapped[dt.date | None]  # 转正日期 (党龄 counts from it)
    # 转正 approved (voting rights from this day); None: approved on the 转正日期
    full_approved_on: Mapped[dt.date | None]
    job: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    membership_status: Mapped[str] = mapped_column(String(10), default="正常")
    lost_contact: Mapped[bool] = mapped_column(default=False)
    mobile: Mapped[bool] = mapped_column(default=False)  # 流动党员

    # Extras.
    native_place: Mapped[str] = mapped_column(String(50), default="")
    degree: Mapped[str] = mapped_column(String(20), default="")
    work_start_date: Mapped[dt.date | None]
    rank: Mapped[str] = mapped_column(String(50), default="")  # 职务职级
    employment: Mapped[str] = mapped_column(String(10), default="在职")  # 在职 / 离退休 / …
    party_post: Mapped[str] = mapped_column(String(50), default="")  # 党内职务
    group_id: Mapped[str | None] = mapped_column(ForeignKey("party_group.id"))
    hardship: Mapped[bool] = mapped_column(default=False)  # 困难党员
    hardship_kind: Mapped[str] = mapped_column(String(50), default="")
    is_leader: Mapped[bool] = mapped_column(default=False)  # 党员领导干部
    deceased_date: Mapped[dt.date | None]
    notes: Mapped[str] = mapped_column(default="")

    group: Mapped[PartyGroup | None] = relationship(lazy="joined")
    transfers: Mapped[list["MemberTransfer"]] = relationship(
        back_populates="member", order_by="MemberTransfer.date"
    )
    periods: Mapped[list["MemberStatusPeriod"]] = relationship(
        back_populates="member", order_by="MemberStatusPeriod.start"
    )


class MemberTransfer(Synced, Base):
    """组织关系转入/转出."""

    __tablename__ = "member_transfer"

    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    direction: Mapped[str] = mapped_column(String(4))  # 转入 / 转出
    date: Mapped[dt.date]
    organisation: Mapped[str] = mapped_column(String(200), default="")  # from / to
    letter_no: Mapped[str] = mapped_column(String(50), default="")  # 介绍信编号
    notes: Mapped[str] = mapped_column(default="")

    member: Mapped[Member] = relationship(back_populates="transfers")


class MemberStatusPeriod(Synced, Base):
    """A period that changes a member's rights: 延长预备期, 留党察看, 停止党籍.

    `start` is None when an older database knew only that the status holds, not since when.
    `end` is the first day the period no longer applies (None: still running). A 延长预备期
    carries its length in months and extends the 预备期 from the end of the first year.
    """

    __tablename__ = "member_status_period"

    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    start: Mapped[dt.date | None]
    end: Mapped[dt.date | None]
    months: Mapped[int | None]  # 延长预备期: 1–12 months
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meeting.id"))  # deciding meeting
    reference: Mapped[str] = mapped_column(String(200), default="")  # approval document
    notes: Mapped[str] = mapped_column(default="")

    member: Mapped[Member] = relationship(back_populates="periods")
