"""Condolence visits (慰问): who was visited, by whom, with what, paid from which money."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Synced
from db.models.member import Member
from db.types import Money


class Visit(Synced, Base):
    __tablename__ = "visit"

    date: Mapped[dt.date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)  # 困难党员, 春节慰问 …
    organiser: Mapped[str] = mapped_column(String(4), default="支部")  # 支部 / 工委
    form: Mapped[str] = mapped_column(String(4), default="上门")  # 上门 / 集中 / 医院
    visitors: Mapped[str] = mapped_column(String(200), default="")  # names, 、-separated
    source: Mapped[str] = mapped_column(String(10), default="")  # "" when nothing was given
    approval_ref: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(default="")

    persons: Mapped[list["VisitPerson"]] = relationship(order_by="VisitPerson.position")
    photos: Mapped[list["VisitPhoto"]] = relationship(order_by="VisitPhoto.position")


class VisitPerson(Synced, Base):
    """One person visited: a member from the roster, or non-member staff by name."""

    __tablename__ = "visit_person"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    cash: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    signed_name: Mapped[str] = mapped_column(String(50), default="")  # 签收人 ("" = not yet)

    member: Mapped[Member | None] = relationship(lazy="joined")
    goods: Mapped[list["VisitGoods"]] = relationship(order_by="VisitGoods.position")


class VisitGoods(Synced, Base):
    """An item handed over (慰问品) with its value."""

    __tablename__ = "visit_goods"

    person_id: Mapped[str] = mapped_column(ForeignKey("visit_person.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(100))
    value: Mapped[Decimal] = mapped_column(Money)


class VisitPhoto(Synced, Base):
    """A photo of the visit, stored once by its SHA-256 beside the database."""

    __tablename__ = "visit_photo"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    caption: Mapped[str] = mapped_column(String(200), default="")
