"""Aid applications and their strict order of steps.

City fund (市级基金): 已登记 → 支部已审核 → 已上报 → 已批准 | 未批准 (the city's decision,
    from the return file) → 已到账 (the grant arrived) → 已发放 (paid, signed) → 已归档
Branch fund (支部基金): 已登记 → 已批准 | 待上级审批 | 未批准 (the 支委会 decides; above the
    threshold the higher level approves) → 已发放 → 已归档

Before submission an application may be withdrawn (已撤回). Every step records who, when and
on which date; a step whose starting status does not match is refused, so none can be skipped.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.branch import get_profile
from app.fund.kinds import EntryKind
from app.fund.ledger import Posting, actor, post
from app.fund.settings import FundMode, higher_approval_above, mode
from app.meetings.service import AttachmentInput
from app.meetings.types import MeetingType
from app.members.rules import on_roster
from app.members.service import get_member
from app.records import get_live
from base.errors import UserError, ValidationError
from base.money import format_yuan
from db.models import AgendaItem, AidApplication, AidProof, AidStep, Meeting, MeetingTypeLink
from db.types import utcnow


class AidStatus(StrEnum):
    REGISTERED = "已登记"
    REVIEWED = "支部已审核"
    SUBMITTED = "已上报"
    AWAITING_HIGHER = "待上级审批"
    APPROVED = "已批准"
    FUNDED = "已到账"
    PAID = "已发放"
    REFUSED = "未批准"
    WITHDRAWN = "已撤回"
    ARCHIVED = "已归档"


STATUSES = tuple(AidStatus)

REASONS = ("本人患重病", "家属患重病", "遭遇意外或灾害", "直系亲属去世", "老党员生活困难",
           "其他困难")



class ApplicationStep(StrEnum):
    REVIEW = "支部审核"
    SUBMIT = "上报工委"
    CITY_DECISION = "工委审批"
    HIGHER_DECISION = "上级审批"
    RECEIVE = "补助到账"
    PAY = "发放签收"
    WITHDRAW = "撤回"
    ARCHIVE = "归档"
    UNDO_PAY = "冲销发放"
    UNDO_RECEIVE = "冲销到账"


#: The statuses each step may start from, per fund mode.
FLOW: dict[str, dict[str, tuple[str, ...]]] = {
    FundMode.CITY: {
        ApplicationStep.REVIEW: (AidStatus.REGISTERED,),
        ApplicationStep.SUBMIT: (AidStatus.REVIEWED,),
        ApplicationStep.CITY_DECISION: (AidStatus.SUBMITTED,),
        ApplicationStep.RECEIVE: (AidStatus.APPROVED,),
        ApplicationStep.PAY: (AidStatus.FUNDED,),
        ApplicationStep.WITHDRAW: (AidStatus.REGISTERED, AidStatus.REVIEWED),
        ApplicationStep.ARCHIVE: (AidStatus.PAID, AidStatus.REFUSED, AidStatus.WITHDRAWN),
        ApplicationStep.UNDO_PAY: (AidStatus.PAID,),
        ApplicationStep.UNDO_RECEIVE: (AidStatus.FUNDED,),
    },
    FundMode.BRANCH: {
        ApplicationStep.REVIEW: (AidStatus.REGISTERED,),
        ApplicationStep.HIGHER_DECISION: (AidStatus.AWAITING_HIGHER,),
        ApplicationStep.PAY: (AidStatus.APPROVED,),
        ApplicationStep.WITHDRAW: (AidStatus.REGISTERED,),
        ApplicationStep.ARCHIVE: (AidStatus.PAID, AidStatus.REFUSED, AidStatus.WITHDRAWN),
        ApplicationStep.UNDO_PAY: (AidStatus.PAID,),
    },
}

#: What the user does next, by status (for messages and the GUI's buttons).
NEXT_STEP: dict[str, dict[str, str]] = {
    FundMode.CITY: {
        AidStatus.REGISTERED: ApplicationStep.REVIEW,
        AidStatus.REVIEWED: ApplicationStep.SUBMIT,
        AidStatus.SUBMITTED: "等待工委审批",
        AidStatus.APPROVED: ApplicationStep.RECEIVE,
        AidStatus.FUNDED: ApplicationStep.PAY,
        AidStatus.PAID: ApplicationStep.ARCHIVE,
        AidStatus.REFUSED: ApplicationStep.ARCHIVE,
        AidStatus.WITHDRAWN: ApplicationStep.ARCHIVE,
    },
    FundMode.BRANCH: {
        AidStatus.REGISTERED: ApplicationStep.REVIEW,
        AidStatus.AWAITING_HIGHER: ApplicationStep.HIGHER_DECISION,
        AidStatus.APPROVED: ApplicationStep.PAY,
        AidStatus.PAID: ApplicationStep.ARCHIVE,
        AidStatus.REFUSED: ApplicationStep.ARCHIVE,
        AidStatus.WITHDRAWN: ApplicationStep.ARCHIVE,
    },
}


@dataclass
class ApplicationInput:
    member_id: str
    reason: str
    amount_requested: Decimal | None
    applied_on: dt.date | None
    detail: str = ""
    proofs: list[AttachmentInput] = field(default_factory=list)  # in the shared file store


def get_application(session: Session, application_id: str) -> AidApplication:
    return get_live(session, AidApplication, application_id, "找不到该补助申请")


def find_application(session: Session, key: str) -> AidApplication:
    """By id or by its number (as the CLI is given it)."""
    key = key.strip()
    found = session.scalars(select(AidApplication).where(
        AidApplication.deleted_at.is_(None),
        (AidApplication.id == key) | (AidApplication.number == key))).all()
    if len(found) != 1:
        raise UserError(f"找不到编号为“{key}”的补助申请" if not found
                        else f"编号“{key}”对应多份申请，请改用申请的 id")
    return found[0]


def list_applications(session: Session, year: int | None = None,
                      status: str | None = None) -> list[AidApplication]:
    query = (select(AidApplication).where(AidApplication.deleted_at.is_(None))
             .options(selectinload(AidApplication.steps))
             .order_by(AidApplication.applied_on.desc(), AidApplication.number.desc()))
    if year is not None:
        query = query.where(AidApplication.applied_on >= dt.date(year, 1, 1),
                            AidApplication.applied_on <= dt.date(year, 12, 31))
    if status:
        query = query.where(AidApplication.status == status)
    return list(session.scalars(query))


def next_step(application: AidApplication) -> str:
    return NEXT_STEP[application.fund_mode].get(application.status, "")


def _move(session: Session, application: AidApplication, step: str, to_status: str,
          day: dt.date, note: str = "", today: dt.date | None = None) -> None:
    allowed = FLOW[application.fund_mode].get(step)
    if allowed is None:
        raise UserError(f"{application.fund_mode}模式下没有“{step}”这一步")
    if application.status not in allowed:
        hint = next_step(application)
        raise UserError(
            f"申请 {application.number} 当前为“{application.status}”，不能进行“{step}”"
            + (f"；下一步应为“{hint}”" if hint else "")
        )
    today = today or dt.date.today()
    if day > today:
        raise UserError(f"“{step}”的日期不能晚于今天")
    last = max((s.date for s in application.steps if s.deleted_at is None), default=None)
    if last is not None and day < last:
        raise UserError(f"“{step}”的日期不能早于上一步（{last:%Y-%m-%d}）")
    session.add(AidStep(application_id=application.id, action=step,
                        from_status=application.status, to_status=to_status,
                        actor=actor(session), at=utcnow(), date=day, note=note.strip()))
    application.status = to_status
    session.flush()
    session.refresh(application, ["steps"])


def _next_number(session: Session, year: int) -> str:
    profile = get_profile(session)
    prefix = f"{profile.code if profile else 'ZB'}-{year}-"
    numbers = session.scalars(select(AidApplication.number).where(
        AidApplication.number.like(prefix + "%")))
    used = [int(n[len(prefix):]) for n in numbers if n[len(prefix):].isdigit()]
    return f"{prefix}{max(used, default=0) + 1:03d}"


def register(session: Session, data: ApplicationInput,
             today: dt.date | None = None) -> AidApplication:
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    member = None
    try:
        member = get_member(session, data.member_id)
    except UserError:
        errors["member_id"] = "请选择申请人（本支部党员）"
    if data.reason not in REASONS:
        errors["reason"] = "请选择申请事由：" + "、".join(REASONS)
    if data.amount_requested is None or data.amount_requested <= 0:
        errors["amount_requested"] = "申请金额应大于零"
    if data.applied_on is None:
        errors["applied_on"] = "请填写申请日期"
    elif data.applied_on > today:
        errors["applied_on"] = "申请日期不能晚于今天"
    elif member is not None and not on_roster(member, data.applied_on):
        errors["member_id"] = f"{member.name}在{data.applied_on:%Y-%m-%d}不在本支部名册中"
    if not data.detail.strip():
        errors["detail"] = "请写明困难情况"
    if errors:
        raise ValidationError(errors)
    assert member is not None and data.applied_on is not None  # else refused above
    application = AidApplication(
        number=_next_number(session, data.applied_on.year), fund_mode=mode(session),
        member_id=member.id, applicant_name=member.name, reason=data.reason,
        detail=data.detail.strip(), amount_requested=data.amount_requested,
        applied_on=data.applied_on, status=AidStatus.REGISTERED)
    session.add(application)
    session.flush()
    session.add(AidStep(application_id=application.id, action="登记申请", from_status="",
                        to_status=AidStatus.REGISTERED, actor=actor(session), at=utcnow(),
                        date=data.applied_on))
    add_proofs(session, application.id, data.proofs)
    session.refresh(application, ["steps"])
    return application


def add_proofs(session: Session, application_id: str, files: list[AttachmentInput]) -> None:
    """Proof of the need (病历, 诊断证明 …), added at any step; never removed."""
    application = get_application(session, application_id)
    start = len(application.proofs)
    session.add_all(AidProof(application_id=application.id, position=start + n,
                             sha256=f.sha256, filename=f.filename, size=f.size,
                             caption=f.caption.strip()) for n, f in enumerate(files))
    session.flush()
    session.refresh(application, ["proofs"])


def _committee_item(session: Session, application: AidApplication, meeting_id: str | None,
                    agenda_item_id: str | None) -> tuple[Meeting, AgendaItem]:
    meeting = session.get(Meeting, meeting_id) if meeting_id else None
    if meeting is None or meeting.deleted_at is not None:
        raise UserError("请选择审核该申请的支委会会议")
    is_committee = session.scalar(select(func.count()).select_from(MeetingTypeLink).where(
        MeetingTypeLink.meeting_id == meeting.id, MeetingTypeLink.deleted_at.is_(None),
        MeetingTypeLink.type == MeetingType.COMMITTEE))
    if not is_committee:
        raise UserError(f"{meeting.date:%Y-%m-%d}的会议不是支部委员会会议，补助申请须经支委会审核")
    if meeting.date < application.applied_on:
        raise UserError("审核会议的日期早于申请日期")
    item = session.get(AgendaItem, agenda_item_id) if agenda_item_id else None
    if item is None or item.deleted_at is not None or item.meeting_id != meeting.id:
        raise UserError("请选择该次支委会上讨论此申请的议题")
    return meeting, item


def review(session: Session, application_id: str, *, meeting_id: str | None,
           agenda_item_id: str | None, approve: bool, opinion: str,
           amount: Decimal | None = None, today: dt.date | None = None) -> AidApplication:
    """支部审核 at a 支委会. City fund: agree to pass it up (with the proposed amount) or refuse.
    Branch fund: the branch's decision; above the threshold it goes to the higher level."""
    application = get_application(session, application_id)
    meeting, item = _committee_item(session, application, meeting_id, agenda_item_id)
    opinion = opinion.strip()
    if not opinion:
        raise UserError("请填写支部审核意见")
    amount = application.amount_requested if amount is None else amount
    if approve and amount <= 0:
        raise UserError("建议补助金额应大于零")
    if approve and application.fund_mode == FundMode.CITY:
        target = AidStatus.REVIEWED
    elif approve and amount > higher_approval_above(session):
        target = AidStatus.AWAITING_HIGHER
    else:
        target = AidStatus.APPROVED if approve else AidStatus.REFUSED
    _move(session, application, ApplicationStep.REVIEW, target, meeting.date,
          f"{meeting.date:%Y-%m-%d}支委会议题“{item.title}”：{opinion}", today)
    application.meeting_id, application.agenda_item_id = meeting.id, item.id
    application.review_opinion = opinion
    application.branch_amount = amount if approve else None
    if target == AidStatus.REFUSED:
        application.refusal_reason = opinion
    decided = target in (AidStatus.APPROVED, AidStatus.REFUSED)
    if application.fund_mode == FundMode.BRANCH and decided:
        _decided(application, amount if approve else None, "支部委员会",
                 f"{meeting.date:%Y-%m-%d}支委会", meeting.date)
    session.flush()
    return application


def _decided(application: AidApplication, amount: Decimal | None, by: str, ref: str,
             day: dt.date) -> None:
    application.approved_amount = amount
    application.decided_by, application.decision_ref, application.decided_on = by, ref, day


def submit(session: Session, application_id: str, day: dt.date,
           today: dt.date | None = None) -> AidApplication:
    """上报: the application goes to the city with the next sync package."""
    application = get_application(session, application_id)
    _move(session, application, ApplicationStep.SUBMIT, AidStatus.SUBMITTED, day,
          "随下一次同步数据包报送工委", today)
    return application


def _check_decision(approve: bool, amount: Decimal | None, reason: str) -> None:
    if approve and (amount is None or amount <= 0):
        raise UserError("批准金额应大于零")
    if not approve and not reason.strip():
        raise UserError("不予批准时请写明理由")


def record_city_decision(session: Session, application_id: str, *, approve: bool,
                         amount: Decimal | None, reason: str, decided_by: str,
                         decision_ref: str, decided_on: dt.date) -> AidApplication:
    """The city's decision as it arrives in the return file (never typed in at the branch)."""
    _check_decision(approve, amount, reason)
    application = get_application(session, application_id)
    target = AidStatus.APPROVED if approve else AidStatus.REFUSED
    note = (f"批准 {format_yuan(amount)} 元" if approve and amount else f"不予批准：{reason}")
    _move(session, application, ApplicationStep.CITY_DECISION, target, decided_on, note,
          today=decided_on)
    _decided(application, amount if approve else None, decided_by, decision_ref, decided_on)
    application.refusal_reason = "" if approve else reason.strip()
    session.flush()
    return application


def record_higher_decision(session: Session, application_id: str, *, approve: bool,
                           amount: Decimal | None, reason: str, decided_by: str,
                           decision_ref: str, day: dt.date,
                           today: dt.date | None = None) -> AidApplication:
    """Branch fund, above the threshold: the higher level's approval, with its reference."""
    _check_decision(approve, amount, reason)
    if not decided_by.strip() or not decision_ref.strip():
        raise UserError("请填写审批单位和批复文号（或会议）")
    application = get_application(session, application_id)
    target = AidStatus.APPROVED if approve else AidStatus.REFUSED
    note = f"{decided_by.strip()}（{decision_ref.strip()}）" + (
        f"批准 {format_yuan(amount)} 元" if approve and amount else f"不予批准：{reason}")
    _move(session, application, ApplicationStep.HIGHER_DECISION, target, day, note, today)
    _decided(application, amount if approve else None, decided_by.strip(),
             decision_ref.strip(), day)
    application.refusal_reason = "" if approve else reason.strip()
    session.flush()
    return application


def receive_grant(session: Session, application_id: str, day: dt.date, reference: str = "",
                  today: dt.date | None = None) -> AidApplication:
    """City fund: the approved grant arrived at the branch (posted as 市级补助)."""
    application = get_application(session, application_id)
    _move(session, application, ApplicationStep.RECEIVE, AidStatus.FUNDED, day, reference, today)
    assert application.approved_amount is not None  # set when it was approved
    post(session, Posting(
        kind=EntryKind.CITY_GRANT, date=day, amount=application.approved_amount,
        member_id=application.member_id, person_name=application.applicant_name,
        reference=reference, application_id=application.id,
        summary=f"收到工委拨付{application.applicant_name}补助（申请 {application.number}）",
    ), today)
    return application


def pay_out(session: Session, application_id: str, day: dt.date, signed_name: str,
            signed_on: dt.date | None = None, today: dt.date | None = None) -> AidApplication:
    """Paid to the member against their signature; without 签收 it is not 已发放."""
    application = get_application(session, application_id)
    signed_name = signed_name.strip()
    if not signed_name:
        raise UserError("发放补助须由领款人签收：请填写签收人")
    signed_on = signed_on or day
    if signed_on < day:
        raise UserError("签收日期不能早于发放日期")
    if signed_on > (today or dt.date.today()):
        raise UserError("签收日期不能晚于今天")
    _move(session, application, ApplicationStep.PAY, AidStatus.PAID, day, f"{signed_name}签收",
          today)
    assert application.approved_amount is not None  # set when it was approved
    post(session, Posting(
        kind=EntryKind.PAYOUT, date=day, amount=application.approved_amount,
        member_id=application.member_id, person_name=application.applicant_name,
        application_id=application.id, signed_name=signed_name, signed_on=signed_on,
        summary=f"发放{application.applicant_name}补助（申请 {application.number}）",
    ), today)
    return application


def withdraw(session: Session, application_id: str, reason: str, day: dt.date,
             today: dt.date | None = None) -> AidApplication:
    if not reason.strip():
        raise UserError("请写明撤回原因")
    application = get_application(session, application_id)
    _move(session, application, ApplicationStep.WITHDRAW, AidStatus.WITHDRAWN, day, reason, today)
    return application


def archive(session: Session, application_id: str, day: dt.date,
            today: dt.date | None = None) -> AidApplication:
    application = get_application(session, application_id)
    _move(session, application, ApplicationStep.ARCHIVE, AidStatus.ARCHIVED, day, "", today)
    return application


def undo_for_reversal(session: Session, application: AidApplication, kind: str,
                      day: dt.date, reason: str) -> None:
    """A grant receipt or payout of this application was reversed: step back accordingly."""
    if kind == EntryKind.PAYOUT:
        back = AidStatus.FUNDED if application.fund_mode == FundMode.CITY else AidStatus.APPROVED
        _move(session, application, ApplicationStep.UNDO_PAY, back, day, reason, today=day)
    elif kind == EntryKind.CITY_GRANT:
        _move(session, application, ApplicationStep.UNDO_RECEIVE, AidStatus.APPROVED, day, reason,
              today=day)
