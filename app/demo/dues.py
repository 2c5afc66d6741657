"""Ten years of dues: yearly 核定 from pay items, monthly 集中交纳 on 主题党日, quarterly and
late payers, a 减免, voluntary sums (one of them for 中央), 上缴 twice a year, and a few
members in arrears now (one past the six months of 党章 第九条)."""

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.members import DEMO_YEARS
from app.dues import config
from app.dues.assessment import AssessmentInput, members_of_year, save_assessment
from app.dues.ledger import Ledger
from app.dues.months import Month, span
from app.dues.payments import PaymentMethod, pay_month_for_many, pay_months, pay_voluntary
from app.dues.relief import ReliefInput, add_relief
from app.dues.remittance import RemittanceInput, add_remittance, balance
from app.members.rules import MemberCategory
from app.members.service import list_members
from base.money import CENT
from db.models import DuesPayment, Member


def _yuan(value: Decimal) -> Decimal:
    """Whole 元, as pay slips show them."""
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


#: Deductions as a share of the gross pay (个税 is taken on the part above 5000 元).
_RATES = {"养老保险": Decimal("0.08"), "医疗保险": Decimal("0.02"), "失业保险": Decimal("0.005"),
          "住房公积金": Decimal("0.12"), "职业年金": Decimal("0.04")}


def _pay_items(rng: random.Random, member: Member) -> dict[str, Decimal]:
    """A plausible pay slip of the first demo year."""
    if member.employment == "离退休":
        return {"基本离退休费": Decimal(rng.randrange(3800, 7600))}
    duty, grade = Decimal(rng.randrange(1300, 4200)), Decimal(rng.randrange(1100, 3300))
    allowance = Decimal(rng.randrange(1800, 4600))
    gross = duty + grade + allowance
    items = {"职务工资": duty, "级别工资": grade, "津贴补贴": allowance,
             "个人所得税": _yuan(max(gross - 5000, Decimal(0)) * Decimal("0.06"))}
    return items | {name: _yuan(gross * rate) for name, rate in _RATES.items()}


def _raise(items: dict[str, Decimal], rng: random.Random) -> dict[str, Decimal]:
    factor = 1 + Decimal(rng.choice((0, 2, 3, 4, 5))) / 100
    return {name: _yuan(value * factor) for name, value in items.items()}


def _assess(session: Session, rng: random.Random, today: dt.date, years: list[int]) -> None:
    slips: dict[str, dict[str, Decimal]] = {}
    for year in years:
        for member in members_of_year(session, year):
            items = slips.get(member.id)
            items = _pay_items(rng, member) if items is None else _raise(items, rng)
            slips[member.id] = items
            assessed = max(dt.date(year, 1, 10), member.join_date)
            category = "离退休" if member.employment == "离退休" else "在职"
            save_assessment(session, AssessmentInput(member.id, year, category, pay_items=items),
                            today=min(assessed, today))


def _theme_day(rng: random.Random, month: Month) -> dt.date:
    """The monthly 主题党日, when most members pay together."""
    return dt.date(month.year, month.month, rng.randrange(12, 26))


def _habits(rng: random.Random, members: list[Member]) -> dict[str, str]:
    working = [m for m in members
               if m.employment == "在职" and m.category != MemberCategory.PROBATIONARY
               and not m.party_post and not m.transfers]
    chosen = rng.sample(working, 8)
    habits = {m.id: "monthly" for m in members}
    for member in chosen[:3]:
        habits[member.id] = "quarterly"
    for member in chosen[3:5]:
        habits[member.id] = "late"
    habits[chosen[5].id] = "stopped:3"  # 3 months unpaid now: a warning
    habits[chosen[6].id] = "stopped:4"
    habits[chosen[7].id] = "stopped:8"  # past the six months of 党章 第九条: a red flag
    return habits


def _collect(session: Session, rng: random.Random, today: dt.date, first: Month) -> None:
    members = list_members(session, include_left=True)
    habits = _habits(rng, list_members(session, on=today))
    current = Month.of(today)
    for month in span(first, current):
        day = _theme_day(rng, month)
        if day > today:
            break
        payable = Ledger(session, members, month, month, day)
        due_now: list[str] = []
        for member in members:
            cell = payable.cell(member.id, month)
            habit = habits.get(member.id, "monthly")
            if not cell.payable:
                continue
            if habit.startswith("stopped:") and month.index >= current.index - int(habit[8:]):
                continue
            if habit == "quarterly" and month.month % 3 == 1:
                last = min(month.shift(2), Month(month.year, 12))
                _pay_span(session, member, month, last, day, today)
            elif habit == "late" and month.month % 2 == 0:
                _pay_span(session, member, month.shift(-1), month, day, today)
            elif habit == "monthly" or habit.startswith("stopped:"):
                due_now.append(member.id)
        if due_now:
            method = rng.choice((PaymentMethod.CASH, PaymentMethod.CASH, PaymentMethod.WECHAT))
            pay_month_for_many(session, due_now, month, day, method, today=today)


def _pay_span(session: Session, member: Member, first: Month, last: Month, day: dt.date,
              today: dt.date) -> None:
    """Pay the months of first..last still open (some may be outside the member's time)."""
    ledger = Ledger(session, [member], first, last, today)
    months = [m for m in span(first, last) if ledger.cell(member.id, m).payable]
    if months:
        pay_months(session, member.id, months[0], months[-1], day, "微信", confirmed=True,
                   today=today)


def _relief(session: Session, rng: random.Random, today: dt.date) -> None:
    retired = [m for m in list_members(session, on=today) if m.employment == "离退休"]
    hardship = next((m for m in retired if m.hardship), retired[0])
    year = today.year - 2
    parent = config.recipient(session) or "机关党委"
    add_relief(session, ReliefInput(
        hardship.id, Month(year, 3), Month(year, 8), Decimal("0.00"),
        "本人重病住院治疗，家庭生活困难，申请免交党费", parent,
        f"机党发〔{year}〕{rng.randrange(5, 30)}号", dt.date(year, 2, 20),
    ), today=dt.date(year, 2, 28))


def _gifts(session: Session, rng: random.Random, today: dt.date) -> None:
    members = list_members(session, on=today)
    veteran = min((m for m in members if m.employment == "离退休"), key=lambda m: m.join_date)
    pay_voluntary(session, veteran.id, Decimal("2000.00"), dt.date(today.year - 3, 7, 1),
                  notes="七一前夕自愿交纳", today=today)
    for member in rng.sample(members, 3):
        day = dt.date(rng.randrange(today.year - 8, today.year), 12, rng.randrange(10, 28))
        if day > member.join_date:
            pay_voluntary(session, member.id, Decimal(rng.choice((50, 100, 200))), day,
                          today=today)


def _remit(session: Session, today: dt.date, years: list[int]) -> None:
    for year in years:
        share = config.share_percent(session, year) / 100
        first_half = sum((p.amount for p in session.scalars(
            select(DuesPayment).where(
                DuesPayment.deleted_at.is_(None), DuesPayment.to_central.is_(False),
                DuesPayment.paid_on.between(dt.date(year, 1, 1), dt.date(year, 6, 30)))
        )), Decimal("0.00"))
        july = dt.date(year, 7, 10)
        if first_half and july <= today:
            add_remittance(session, RemittanceInput(
                year, july, (first_half * share).quantize(CENT), reference=f"{year}上半年",
            ), today=today)
        rest = balance(session, year)
        january = dt.date(year + 1, 1, 12)
        if january > today:
            continue
        if rest.central:
            add_remittance(session, RemittanceInput(
                year, january, rest.central, reference=f"{year}年中央党费", to_central=True,
                notes="党员一次性自愿交纳1000元以上，全部上缴中央",
            ), today=today)
        if rest.outstanding - rest.central > 0:
            add_remittance(session, RemittanceInput(
                year, january, rest.outstanding - rest.central, reference=f"{year}下半年",
            ), today=today)


def populate(session: Session, rng: random.Random, today: dt.date) -> None:
    own = random.Random(rng.getrandbits(32))  # later steps see the same shared sequence
    years = list(range(today.year - DEMO_YEARS + 1, today.year + 1))
    _assess(session, own, today, years)
    _relief(session, own, today)
    _collect(session, own, today, Month(years[0], 1))
    _gifts(session, own, today)
    _remit(session, today, years)
