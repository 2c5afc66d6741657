"""The branch's mutual-aid ledger (互助金) and the aid applications it pays out."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Synced
from db.models import visit  # noqa: F401 - the table fund_entry.visit_id points to
from db.models.member import Member
from db.types import Money


class FundEntry(Synced, Base):
    """One posted ledger entry. Never changed once written: a mistake gets a reversing entry
    (`reverses_id`); only the second person's confirmation is added later."""

    __tablename__ = "fund_entry"

    seq: Mapped[int] = mapped_column(index=True)  # 凭证号 in this branch's ledger
    date: Mapped[dt.date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(10))  # see app.fund.kinds
    direction: Mapped[str] = mapped_column(String(2))  # 收 / 支
    amount: Mapped[Decimal] = mapped_column(Money)  # always positive
    member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"), index=True)
    person_name: Mapped[str] = mapped_column(String(100), default="")  # donor, payee, payer
    receipt_no: Mapped[str] = mapped_column(String(30), default="", index=True)
    reference: Mapped[str] = mapped_column(String(100), default="")  # 文号 / 凭证 of the source
    summary: Mapped[str] = mapped_column(String(200), default="")  # 摘要
    application_id: Mapped[str | None] = mapped_column(
        ForeignKey("aid_application.id"), index=True)
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id"), index=True)
    reverses_id: Mapped[str | None] = mapped_column(ForeignKey("fund_entry.id"), index=True)
    signed_name: Mapped[str] = mapped_column(String(50), default="")  # 签收人 of a payout
    signed_on: Mapped[dt.date | None]
    entered_by: Mapped[str] = mapped_column(String(100))
    confirmed_by: Mapped[str] = mapped_column(String(100), default="")  # 复核人
    confirmed_at: Mapped[dt.datetime | None]

    member: Mapped[Member | None] = relationship(lazy="joined")


class FundRemittanceItem(Synced, Base):
    """Which donation a remittance to the city fund (上缴) passed up."""

    __tablename__ = "fund_remittance_item"

    remittance_id: Mapped[str] = mapped_column(ForeignKey("fund_entry.id"), index=True)
    donation_id: Mapped[str] = mapped_column(ForeignKey("fund_entry.id"), index=True)


class AidApplication(Synced, Base):
    """A member's application for aid; `status` moves only along app.fund.applications."""

    __tablename__ = "aid_application"

    number: Mapped[str] = mapped_column(String(40), index=True)  # FGW-01-2026-003
    fund_mode: Mapped[str] = mapped_column(String(10))  # 市级基金 / 支部基金, fixed at entry
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    applicant_name: Mapped[str] = mapped_column(String(50))
    reason: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(default="")  # 情况说明
    amount_requested: Mapped[Decimal] = mapped_column(Money)
    applied_on: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(10), index=True)
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meeting.id"))
    agenda_item_id: Mapped[str | None] = mapped_column(ForeignKey("meeting_agenda_item.id"))
    review_opinion: Mapped[str] = mapped_column(String(500), default="")  # 支部审核意见
    branch_amount: Mapped[Decimal | None] = mapped_column(Money)  # what the branch proposed
    approved_amount: Mapped[Decimal | None] = mapped_column(Money)
    refusal_reason: Mapped[str] = mapped_column(String(500), default="")
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decision_ref: Mapped[str] = mapped_column(String(100), default="")  # 批文 / 会议
    decided_on: Mapped[dt.date | None]

    member: Mapped[Member] = relationship(lazy="joined")
    steps: Mapped[list["AidStep"]] = relationship(order_by="AidStep.at")
    proofs: Mapped[list["AidProof"]] = relationship(order_by="AidProof.position")


class AidStep(Synced, Base):
    """Who moved an application, when, from which status to which."""

    __tablename__ = "aid_step"

    application_id: Mapped[str] = mapped_column(ForeignKey("aid_application.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime]
    date: Mapped[dt.date]  # the business date the step is about
    note: Mapped[str] = mapped_column(String(500), default="")


class AidProof(Synced, Base):
    """A scan or photo proving the need (病历, 诊断证明, 死亡证明 …), stored by SHA-256."""

    __tablename__ = "aid_proof"

    application_id: Mapped[str] = mapped_column(ForeignKey("aid_application.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    caption: Mapped[str] = mapped_column(String(200), default="")
