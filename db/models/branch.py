import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class BranchProfile(Synced, Base):
    """The branch itself (one row): names, code, the higher levels and the committee."""

    __tablename__ = "branch_profile"

    name: Mapped[str] = mapped_column(String(200))  # full name as on the seal
    code: Mapped[str] = mapped_column(String(50))
    parent_committee: Mapped[str] = mapped_column(String(200), default="")  # 机关党委
    city_committee: Mapped[str] = mapped_column(String(200), default="")  # 市直机关工委
    term_start: Mapped[dt.date | None]
    # 启用日期: compliance is checked for periods from here on (None: every period).
    started_on: Mapped[dt.date | None]
    # [{"post": "书记", "name": "张三", "member_id": "uuid or null"}]
    committee: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class PartyGroup(Synced, Base):
    """党小组."""

    __tablename__ = "party_group"

    name: Mapped[str] = mapped_column(String(100))
    leader_name: Mapped[str] = mapped_column(String(50), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    # The day the group was added after set-up; None: as old as the branch's 启用日期.
    established_on: Mapped[dt.date | None]


class CommitteePost(Synced, Base):
    """One post on the 支部委员会 held from `start` until the day before `end`.

    Written from the profile's committee and from finalised committee elections; `member_id`
    is None for a name that matches no member. `start` None: since before the records begin.
    """

    __tablename__ = "committee_post"

    member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    post: Mapped[str] = mapped_column(String(20), default="委员")
    start: Mapped[dt.date | None]
    end: Mapped[dt.date | None]
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meeting.id"))  # the election
