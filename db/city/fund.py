"""The city-wide mutual-aid fund (市直机关党员爱心互助基金): its ledger, its decisions on the
branches' applications, and its rules."""

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.city.models import CityBase
from db.types import Money, utcnow


class CityFundEntry(CityBase):
    """One posted entry of the city fund; never changed, corrected by a reversing entry."""

    __tablename__ = "city_fund_entry"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(index=True)
    date: Mapped[dt.date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(10))  # 支部上缴 / 补助拨付 / 党费划拨 … / 冲销
    direction: Mapped[str] = mapped_column(String(2))  # 收 / 支
    amount: Mapped[Decimal] = mapped_column(Money)
    branch_code: Mapped[str | None] = mapped_column(ForeignKey("city_branch.code"), index=True)
    #: The branch record it books: the branch's 上缴 entry, or the application granted.
    source_id: Mapped[str | None] = mapped_column(String(36), index=True)
    reverses_id: Mapped[str | None] = mapped_column(ForeignKey("city_fund_entry.id"))
    reference: Mapped[str] = mapped_column(String(100), default="")
    summary: Mapped[str] = mapped_column(String(200), default="")
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CityAidDecision(CityBase):
    """The city's approval or refusal of one branch application (sent down once decided)."""

    __tablename__ = "city_aid_decision"

    application_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_code: Mapped[str] = mapped_column(ForeignKey("city_branch.code"), index=True)
    number: Mapped[str] = mapped_column(String(40))
    member_id: Mapped[str] = mapped_column(String(36), index=True)
    reason_category: Mapped[str] = mapped_column(String(20))
    approve: Mapped[bool]
    amount: Mapped[Decimal | None] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(500), default="")  # why refused
    decided_by: Mapped[str] = mapped_column(String(200))
    decision_ref: Mapped[str] = mapped_column(String(100), default="")
    decided_on: Mapped[dt.date] = mapped_column(index=True)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    message_id: Mapped[str] = mapped_column(String(36))
    entry_id: Mapped[str | None] = mapped_column(ForeignKey("city_fund_entry.id"))


class CityFundSetting(CityBase):
    """A rule of the city fund (limits, who may apply); defaults live in app.city.fund."""

    __tablename__ = "city_fund_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
