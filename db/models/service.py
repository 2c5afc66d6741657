"""双报到 and volunteer service: the branch's 报到社区, each member's 居住地社区, 志愿服务
records with who took part, 微心愿 claimed by members, and problems found in the community."""

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Synced
from db.models.member import Member


class ServiceCommunity(Synced, Base):
    """The community the branch reported to (单位党组织到社区报到); a later one replaces it."""

    __tablename__ = "service_community"

    community: Mapped[str] = mapped_column(String(100))
    contact: Mapped[str] = mapped_column(String(50), default="")  # 社区联系人
    phone: Mapped[str] = mapped_column(String(30), default="")
    reported_on: Mapped[dt.date]


class ServiceHome(Synced, Base):
    """A member's 居住地社区 (回家报到); the latest one counts."""

    __tablename__ = "service_home"

    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    community: Mapped[str] = mapped_column(String(100))
    reported_on: Mapped[dt.date | None]

    member: Mapped[Member] = relationship(lazy="joined")


class ServiceActivity(Synced, Base):
    """One 志愿服务 activity; the members who took part and their hours are its participants."""

    __tablename__ = "service_activity"

    date: Mapped[dt.date] = mapped_column(index=True)
    community: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))  # from the configurable list ("五个一")
    content: Mapped[str] = mapped_column(default="")  # what was done
    deeds: Mapped[int] = mapped_column(default=0)  # 办实事: practical things done for residents

    participants: Mapped[list["ServiceParticipant"]] = relationship(
        order_by="ServiceParticipant.position")


class ServiceParticipant(Synced, Base):
    __tablename__ = "service_participant"

    activity_id: Mapped[str] = mapped_column(ForeignKey("service_activity.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    minutes: Mapped[int]  # time served, kept in whole minutes

    member: Mapped[Member] = relationship(lazy="joined")


class ServiceWish(Synced, Base):
    """微心愿: a resident's small wish, claimed by a member (认领) and then fulfilled (完成)."""

    __tablename__ = "service_wish"

    community: Mapped[str] = mapped_column(String(100))
    resident: Mapped[str] = mapped_column(String(50))  # who made the wish
    wish: Mapped[str] = mapped_column(String(500))
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    claimed_on: Mapped[dt.date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(4), default="认领")  # 认领 / 完成
    done_on: Mapped[dt.date | None]
    result: Mapped[str] = mapped_column(default="")

    member: Mapped[Member] = relationship(lazy="joined")


class ServiceProblem(Synced, Base):
    """A problem found or reported in the community, who coordinated it, and the result."""

    __tablename__ = "service_problem"

    found_on: Mapped[dt.date] = mapped_column(index=True)
    community: Mapped[str] = mapped_column(String(100))
    origin: Mapped[str] = mapped_column(String(10))  # 党员发现 / 群众反映
    description: Mapped[str] = mapped_column(String(500))
    coordinator_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"), index=True)
    status: Mapped[str] = mapped_column(String(4), default="待协调")  # 待协调 / 协调中 / 已解决
    solved_on: Mapped[dt.date | None]
    result: Mapped[str] = mapped_column(default="")

    coordinator: Mapped[Member | None] = relationship(lazy="joined")
