import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Synced
from db.models.member import Member
from db.types import Money


class DuesAssessment(Synced, Base):
    """党费核定: a member's category, base and monthly amount for a year, from a month on."""

    __tablename__ = "dues_assessment"
    __table_args__ = (Index("ix_dues_assessment_member_year", "member_id", "year"),)

    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"))
    year: Mapped[int] = mapped_column(index=True)
    start_month: Mapped[int] = mapped_column(default=1)  # applies from this month of the year
    category: Mapped[str] = mapped_column(String(10))
    base: Mapped[Decimal | None] = mapped_column(Money)  # none for fixed-sum categories
    pay_items: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # name -> 元
    profile: Mapped[str] = mapped_column(String(50), default="")  # deduction profile's name
    deductions: Mapped[list[str]] = mapped_column(JSON, default=list)  # as applied
    rule_set: Mapped[str] = mapped_column(String(100))  # name of the rule set used
    monthly_amount: Mapped[Decimal] = mapped_column(Money)
    assessed_on: Mapped[dt.date]
    notes: Mapped[str] = mapped_column(default="")

    member: Mapped[Member] = relationship()


class DuesPayment(Synced, Base):
    """Dues actually paid for one month (正常/预交/补交), or a voluntary sum (no month).

    What a member hands over at once shares one receipt number.
    """

    __tablename__ = "dues_payment"
    __table_args__ = (Index("ix_dues_payment_member_month", "member_id", "month"),)

    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"))
    kind: Mapped[str] = mapped_column(String(10))  # 正常 / 预交 / 补交 / 自愿多交 / 一次性自愿
    month: Mapped[dt.date | None]  # day 1 of the month paid for
    amount: Mapped[Decimal] = mapped_column(Money)
    paid_on: Mapped[dt.date] = mapped_column(index=True)
    method: Mapped[str] = mapped_column(String(10), default="现金")
    receipt_no: Mapped[str] = mapped_column(String(20), index=True)
    to_central: Mapped[bool] = mapped_column(default=False)  # 全部上缴中央
    notes: Mapped[str] = mapped_column(default="")

    member: Mapped[Member] = relationship()


class DuesRelief(Synced, Base):
    """减免: months with a reduced amount (0 = waived), approved by the higher 党委."""

    __tablename__ = "dues_relief"

    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    first_month: Mapped[dt.date]
    last_month: Mapped[dt.date]
    monthly_amount: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(default="")
    approved_by: Mapped[str] = mapped_column(String(200), default="")
    approval_ref: Mapped[str] = mapped_column(String(100))
    approved_on: Mapped[dt.date]

    member: Mapped[Member] = relationship()


class DuesRemittance(Synced, Base):
    """上缴: a sum passed up to the 机关党委 or 工委."""

    __tablename__ = "dues_remittance"

    year: Mapped[int] = mapped_column(index=True)  # whose dues
    paid_on: Mapped[dt.date]
    amount: Mapped[Decimal] = mapped_column(Money)
    recipient: Mapped[str] = mapped_column(String(200), default="")
    to_central: Mapped[bool] = mapped_column(default=False)  # the 全部上缴中央 sums
    reference: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(default="")
