"""年初核定: each member's category, base and monthly amount for a year, pre-filled from the
year before; in the mode 随工资调整 a new base can apply from a later month of the year."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dues import config
from app.dues.ledger import liable_spans
from app.dues.months import Month
from app.dues.rules import (
    CATEGORIES,
    EMPLOYED,
    BaseResult,
    DeductionProfile,
    RuleSet,
    build_base,
    monthly_amount,
    percent_for,
)
from app.members.service import get_member, list_members
from app.records import retire
from base.errors import UserError, ValidationError
from db.models import DuesAssessment, Member


@dataclass
class AssessmentInput:
    member_id: str
    year: int
    category: str
    base: Decimal | None = None  # typed directly when no pay items are given
    pay_items: dict[str, Decimal] = field(default_factory=dict)
    profile: str = ""  # deduction profile name; empty = the default profile
    start_month: int = 1
    notes: str = ""


@dataclass(frozen=True)
class Computed:
    base: Decimal | None
    monthly_amount: Decimal
    rule_set: RuleSet
    profile: DeductionProfile | None
    built: BaseResult | None


def compute(session: Session, data: AssessmentInput) -> Computed:
    """The base and monthly amount for an input, under the rule set of its start month."""
    if not 1 <= data.start_month <= 12:
        raise ValidationError({"start_month": "起始月份应在 1 到 12 之间"})
    rule_set = config.rule_set_for(session, data.year, data.start_month)
    if data.category not in rule_set.categories:
        raise ValidationError({"category": f"党费类别“{data.category}”不在规则“{rule_set.name}”中"})
    rule = rule_set.rule(data.category)
    if rule.is_fixed:
        return Computed(None, monthly_amount(rule_set, data.category, None), rule_set, None, None)
    profile = (config.profile_named(session, data.profile) if data.profile
               else config.default_profile(session))
    built = None
    base = data.base
    if any(v for v in data.pay_items.values()):
        built = build_base(data.pay_items, profile)
        base = built.base
    if base is None:
        raise ValidationError({"base": "按比例交纳的党员请填写计算基数或工资项目"})
    amount = monthly_amount(rule_set, data.category, base, config.rounding_unit(session))
    return Computed(base, amount, rule_set, profile if built else None, built)


def rate_text(rule_set: RuleSet, category: str, base: Decimal | None) -> str:
    """What the 核定表 prints in the 比例 column: "1.5%" or "定额"."""
    rule = rule_set.rule(category)
    if rule.is_fixed or base is None:
        return "定额"
    return f"{percent_for(rule, base).normalize():f}%"


def year_assessments(session: Session, year: int) -> list[DuesAssessment]:
    return list(session.scalars(
        select(DuesAssessment)
        .where(DuesAssessment.year == year, DuesAssessment.deleted_at.is_(None))
        .order_by(DuesAssessment.start_month)
    ))


def _member_assessments(session: Session, member_id: str, year: int) -> list[DuesAssessment]:
    return [a for a in year_assessments(session, year) if a.member_id == member_id]


def save_assessment(session: Session, data: AssessmentInput,
                    today: dt.date | None = None) -> DuesAssessment:
    """Create or replace the 核定 of a member for a year (from its start month)."""
    today = today or dt.date.today()
    member = get_member(session, data.member_id)
    computed = compute(session, data)
    existing = _member_assessments(session, member.id, data.year)
    same = next((a for a in existing if a.start_month == data.start_month), None)
    if same is None and existing and config.mode(session) == config.YEARLY:
        raise UserError(
            f"{member.name}{data.year}年已核定（自{existing[0].start_month}月起）。当前为"
            f"“{config.YEARLY}”方式，一年只核定一次；如需年中调整基数，请在设置中改为"
            f"“{config.FROM_PAY_CHANGE}”"
        )
    assessment = same or DuesAssessment(member_id=member.id, year=data.year,
                                        start_month=data.start_month)
    assessment.category = data.category
    assessment.base = computed.base
    assessment.pay_items = (
        {k: str(v) for k, v in data.pay_items.items() if v} if computed.built else {}
    )
    assessment.profile = computed.profile.name if computed.profile else ""
    assessment.deductions = list(computed.profile.deductions) if computed.profile else []
    assessment.rule_set = computed.rule_set.name
    assessment.monthly_amount = computed.monthly_amount
    assessment.assessed_on = today
    assessment.notes = data.notes.strip()
    session.add(assessment)
    session.flush()
    return assessment


def delete_assessment(session: Session, assessment_id: str) -> None:
    retire(session, DuesAssessment, assessment_id, "找不到该核定记录")


# --- the yearly review ------------------------------------------------------------------

@dataclass
class Proposal:
    """One row of the yearly 核定: what is stored, or what last year suggests."""

    member: Member
    input: AssessmentInput
    source: str  # 已核定 / 沿用上年 / 待填写
    monthly_amount: Decimal | None
    base: Decimal | None
    previous_amount: Decimal | None
    problem: str = ""


def default_category(member: Member) -> str:
    return member.employment if member.employment in CATEGORIES else EMPLOYED


def _input_from(assessment: DuesAssessment, year: int, start_month: int) -> AssessmentInput:
    return AssessmentInput(
        member_id=assessment.member_id, year=year, category=assessment.category,
        base=None if assessment.pay_items else assessment.base,
        pay_items={k: Decimal(v) for k, v in assessment.pay_items.items()},
        profile=assessment.profile, start_month=start_month, notes=assessment.notes,
    )


def members_of_year(session: Session, year: int) -> list[Member]:
    """Members who owe dues to the branch in at least one month of the year."""
    first, last = Month(year, 1), Month(year, 12)
    return [
        m for m in list_members(session, include_left=True)
        if any(a <= last and (b is None or b >= first) for a, b in liable_spans(m))
    ]


def propose_year(session: Session, year: int) -> list[Proposal]:
    """Every member of the year with the stored 核定, else last year's carried over."""
    stored: dict[str, DuesAssessment] = {a.member_id: a for a in year_assessments(session, year)}
    previous: dict[str, DuesAssessment] = {
        a.member_id: a for a in year_assessments(session, year - 1)
    }
    proposals = []
    for member in members_of_year(session, year):
        saved, before = stored.get(member.id), previous.get(member.id)
        if saved is not None:
            data, source = _input_from(saved, year, saved.start_month), "已核定"
        elif before is not None:
            data, source = _input_from(before, year, 1), "沿用上年"
        else:
            data, source = AssessmentInput(member.id, year, default_category(member)), "待填写"
        proposal = Proposal(member, data, source, None, None,
                            before.monthly_amount if before else None)
        if saved is not None:  # as saved, even if the rules changed since
            proposal.monthly_amount, proposal.base = saved.monthly_amount, saved.base
        else:
            try:
                computed = compute(session, data)
            except UserError as exc:
                proposal.problem = exc.message
            else:
                proposal.monthly_amount, proposal.base = computed.monthly_amount, computed.base
        proposals.append(proposal)
    return proposals


def confirm_year(session: Session, inputs: list[AssessmentInput],
                 today: dt.date | None = None) -> list[DuesAssessment]:
    """Save the reviewed rows together; one bad row saves none (the message names it)."""
    saved = []
    for data in inputs:
        try:
            saved.append(save_assessment(session, data, today))
        except UserError as exc:
            name = get_member(session, data.member_id).name
            raise UserError(f"{name}：{exc.message}") from None
    return saved
