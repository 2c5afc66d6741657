"""Recording, changing and deleting visits, with the money rules.

A visit the branch paid from its own fund (source 互助金, organiser 支部) posts the payment
to the fund ledger in the same transaction; changing or deleting the visit reverses that
entry and posts the new one, so the ledger and the visits always agree.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import extract, select
from sqlalchemy.orm import Session, selectinload

from app.fund.corrections import reverse
from app.fund.kinds import EntryKind
from app.fund.ledger import Posting, live_entries, post, reversal_of
from app.fund.settings import FundMode, mode
from app.meetings.service import AttachmentInput
from app.members.rules import on_roster, party_age
from app.members.service import get_member
from app.records import get_live
from app.visits import rules
from app.visits.rules import FundingSource, Organiser, VisitKind
from base.errors import UserError, ValidationError
from base.money import ZERO, format_yuan
from db.models import FundEntry, Visit, VisitGoods, VisitPerson, VisitPhoto
from db.types import utcnow


@dataclass
class GoodsInput:
    name: str
    value: Decimal | None


@dataclass
class PersonInput:
    """A member (member_id) or non-member staff (name only)."""

    member_id: str | None
    name: str = ""
    cash: Decimal | None = ZERO
    goods: list[GoodsInput] = field(default_factory=list)
    signed_name: str = ""  # 签收人; empty until signed

    @property
    def value(self) -> Decimal:
        return (self.cash or ZERO) + sum((g.value or ZERO for g in self.goods), ZERO)


@dataclass
class VisitInput:
    date: dt.date | None
    kind: str
    persons: list[PersonInput]
    organiser: str = Organiser.BRANCH
    form: str = "上门"
    visitors: str = ""
    source: str = ""
    approval_ref: str = ""
    notes: str = ""
    photos: list[AttachmentInput] = field(default_factory=list)  # in the file store

    @property
    def total(self) -> Decimal:
        return sum((p.value for p in self.persons), ZERO)


def paid_from_fund(data: VisitInput) -> bool:
    return (data.source == FundingSource.FUND and data.organiser == Organiser.BRANCH
            and data.total > 0)


def _person_key(member_id: str | None, name: str) -> str:
    return member_id or "姓名:" + "".join(name.split())


def _year_totals(session: Session, source: str, year: int,
                 exclude_visit: str | None) -> dict[str, Decimal]:
    """What each person received from `source` in `year`, by person key."""
    query = (select(VisitPerson).join(Visit, Visit.id == VisitPerson.visit_id)
             .options(selectinload(VisitPerson.goods))
             .where(Visit.deleted_at.is_(None), VisitPerson.deleted_at.is_(None),
                    Visit.source == source, extract("year", Visit.date) == year))
    if exclude_visit:
        query = query.where(Visit.id != exclude_visit)
    totals: dict[str, Decimal] = {}
    for person in session.scalars(query):
        key = _person_key(person.member_id, person.name)
        totals[key] = totals.get(key, ZERO) + person_value(person)
    return totals


def person_value(person: VisitPerson) -> Decimal:
    return person.cash + sum((g.value for g in person.goods if g.deleted_at is None), ZERO)


def _check_people(session: Session, data: VisitInput, day: dt.date | None,
                  errors: dict[str, str], warnings: list[str]) -> None:
    seen: set[str] = set()
    for index, person in enumerate(data.persons, start=1):
        where = f"persons.{index}"
        if person.member_id:
            try:
                member = get_member(session, person.member_id)
            except UserError:
                errors[where] = f"第{index}位慰问对象不在党员名册中"
                continue
            person.name = member.name
            if day and not on_roster(member, day) and member.deceased_date is None:
                warnings.append(f"{member.name}在{day:%Y-%m-%d}不在本支部名册中")
            if data.kind == VisitKind.MEDAL and day and (party_age(member, day) or 0) < 50:
                warnings.append(f"{member.name}到{day:%Y-%m-%d}党龄不满50年，一般不颁发“光荣在党50年”纪念章")
        else:
            person.name = "".join(person.name.split())
            if not person.name:
                errors[where] = f"请填写第{index}位慰问对象的姓名"
                continue
            if data.kind in rules.MEMBER_KINDS:
                errors[where] = f"“{data.kind}”的慰问对象须为党员（{person.name}不是党员）"
            elif data.source in rules.PARTY_SOURCES and person.value > 0:
                errors[where] = (f"{data.source}不能用于慰问非党员职工（{person.name}），"
                                 f"请改用{FundingSource.UNION}")
            elif data.source not in ("", FundingSource.UNION) and person.value > 0:
                warnings.append(f"慰问非党员职工{person.name}一般使用{FundingSource.UNION}")
        key = _person_key(person.member_id, person.name)
        if key in seen:
            errors[where] = f"{person.name}在本次慰问中重复出现"
        seen.add(key)
        if person.cash is None or person.cash < 0:
            errors[where] = f"{person.name}的慰问金不能为负数"
        for goods in person.goods:
            if not goods.name.strip():
                errors[where] = f"{person.name}的慰问品请填写名称"
            if goods.value is None or goods.value <= 0:
                errors[where] = f"{person.name}的慰问品“{goods.name}”请填写价值（大于零）"
        if (person.cash or ZERO) > 0 and not person.signed_name.strip():
            warnings.append(f"{person.name}的慰问金尚未签收")


def _check_caps(session: Session, data: VisitInput, visit_id: str | None,
                warnings: list[str]) -> None:
    if data.source not in rules.SOURCES or data.date is None:
        return
    per_visit, per_year = rules.caps(session)[data.source]
    year = _year_totals(session, data.source, data.date.year, visit_id) if per_year else {}
    for person in data.persons:
        value = person.value
        if per_visit and value > per_visit:
            warnings.append(f"{person.name}本次慰问 {format_yuan(value)} 元，超过{data.source}"
                            f"每人每次 {format_yuan(per_visit)} 元的限额")
        if per_year:
            total = year.get(_person_key(person.member_id, person.name), ZERO) + value
            if total > per_year:
                warnings.append(f"{person.name}{data.date.year}年已获{data.source}慰问合计 "
                                f"{format_yuan(total)} 元，超过每人每年 "
                                f"{format_yuan(per_year)} 元的限额")


def check_visit(session: Session, data: VisitInput, visit_id: str | None = None,
                today: dt.date | None = None) -> list[str]:
    """Validate; raise ValidationError for what is refused, return warnings (caps …)."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    warnings: list[str] = []
    if data.date is None:
        errors["date"] = "请填写慰问日期"
    elif data.date > today:
        errors["date"] = "慰问日期不能晚于今天"
    if data.kind not in rules.KINDS:
        errors["kind"] = "请选择慰问类别：" + "、".join(rules.KINDS)
    if data.organiser not in rules.ORGANISERS:
        errors["organiser"] = "组织者应为“支部”或“工委”"
    if data.form not in rules.FORMS:
        errors["form"] = "慰问形式应为：" + "、".join(rules.FORMS)
    if not data.persons:
        errors["persons"] = "请至少添加一位慰问对象"
    if data.source and data.source not in rules.SOURCES:
        errors["source"] = "经费来源应为：" + "、".join(rules.SOURCES)
    _check_people(session, data, data.date, errors, warnings)
    if data.total > 0 and not data.source:
        errors["source"] = "有慰问金或慰问品时请选择经费来源"
    if paid_from_fund(data) and mode(session) == FundMode.CITY:
        errors["source"] = (
            "市级基金模式下，支部手中的互助金只有待上缴的捐款和工委拨付给指定党员的补助，"
            "不能用于支部自行组织的慰问：补助请在“互助金”页按申请发放；"
            "工委组织的慰问请把组织者选为“工委”")
    if errors:
        raise ValidationError(errors)
    _check_caps(session, data, visit_id, warnings)
    return warnings


def get_visit(session: Session, visit_id: str) -> Visit:
    return get_live(session, Visit, visit_id, "找不到该慰问记录")


def fund_payment(session: Session, visit_id: str) -> FundEntry | None:
    """The ledger entry that paid this visit and still stands."""
    for entry in session.scalars(live_entries().where(
            FundEntry.visit_id == visit_id, FundEntry.kind == EntryKind.VISIT_PAYMENT)):
        if reversal_of(session, entry.id) is None:
            return entry
    return None


def _names(data: VisitInput) -> str:
    names = [p.name for p in data.persons]
    return "、".join(names[:3]) + (f"等{len(names)}人" if len(names) > 3 else "")


def _settle_ledger(session: Session, visit: Visit, data: VisitInput, today: dt.date,
                   reason: str) -> None:
    """Make the ledger say what the visit says: reverse a payment that no longer fits (on its
    own date, so the history stays right) and post the new one."""
    current = fund_payment(session, visit.id)
    wanted = data.total if paid_from_fund(data) else ZERO
    if current is not None and (current.amount, current.date) == (wanted, data.date):
        return
    if current is not None:
        reverse(session, current.id, current.date, reason, today, visit_edit=True)
    if wanted > 0:
        post(session, Posting(
            kind=EntryKind.VISIT_PAYMENT, date=visit.date, amount=wanted, visit_id=visit.id,
            person_name=_names(data), reference=data.approval_ref,
            summary=f"{data.kind}：{_names(data)}",
        ), today)


def _write_children(session: Session, visit: Visit, data: VisitInput) -> None:
    now = utcnow()
    for person in visit.persons:
        if person.deleted_at is None:
            person.deleted_at = now
            for goods in person.goods:
                goods.deleted_at = goods.deleted_at or now
    for photo in visit.photos:
        photo.deleted_at = photo.deleted_at or now
    for position, item in enumerate(data.persons):
        person = VisitPerson(visit_id=visit.id, position=position, member_id=item.member_id,
                             name=item.name, cash=item.cash or ZERO,
                             signed_name=item.signed_name.strip())
        session.add(person)
        session.flush()
        session.add_all(VisitGoods(person_id=person.id, position=n, name=g.name.strip(),
                                   value=g.value) for n, g in enumerate(item.goods))
    session.add_all(VisitPhoto(visit_id=visit.id, position=n, sha256=p.sha256,
                               filename=p.filename, size=p.size, caption=p.caption.strip())
                    for n, p in enumerate(data.photos))


def save_visit(session: Session, data: VisitInput, visit_id: str | None = None,
               today: dt.date | None = None) -> tuple[Visit, list[str]]:
    """Add or change a visit (and its ledger payment) in the caller's transaction."""
    today = today or dt.date.today()
    warnings = check_visit(session, data, visit_id, today)
    assert data.date is not None  # check_visit requires it
    visit = get_visit(session, visit_id) if visit_id else Visit(date=data.date, kind=data.kind)
    visit.date, visit.kind, visit.organiser, visit.form = (
        data.date, data.kind, data.organiser, data.form)
    visit.visitors = "、".join(v for v in data.visitors.replace("，", "、").replace(",", "、")
                              .split("、") if v.strip())
    visit.source = data.source if data.total > 0 else ""
    visit.approval_ref, visit.notes = data.approval_ref.strip(), data.notes.strip()
    session.add(visit)
    session.flush()
    _write_children(session, visit, data)
    _settle_ledger(session, visit, data, today, "修改慰问记录")
    session.flush()
    session.refresh(visit, ["persons", "photos"])
    return visit, warnings


def delete_visit(session: Session, visit_id: str, today: dt.date | None = None) -> None:
    """A tombstone; a fund payment is reversed on its own date."""
    visit = get_visit(session, visit_id)
    current = fund_payment(session, visit.id)
    if current is not None:
        reverse(session, current.id, current.date, "删除慰问记录", today, visit_edit=True)
    visit.deleted_at = utcnow()
    session.flush()


def list_visits(session: Session, start: dt.date | None = None, end: dt.date | None = None,
                kind: str | None = None, source: str | None = None) -> list[Visit]:
    query = (select(Visit).where(Visit.deleted_at.is_(None))
             .options(selectinload(Visit.persons).selectinload(VisitPerson.goods),
                      selectinload(Visit.photos))
             .order_by(Visit.date.desc()))
    if start is not None:
        query = query.where(Visit.date >= start)
    if end is not None:
        query = query.where(Visit.date <= end)
    if kind:
        query = query.where(Visit.kind == kind)
    if source:
        query = query.where(Visit.source == source)
    return list(session.scalars(query))


def live_persons(visit: Visit) -> list[VisitPerson]:
    return [p for p in visit.persons if p.deleted_at is None]


def live_goods(person: VisitPerson) -> list[VisitGoods]:
    return [g for g in person.goods if g.deleted_at is None]


def visit_input(session: Session, visit_id: str) -> VisitInput:
    """A stored visit as the form edits it."""
    visit = get_visit(session, visit_id)
    return VisitInput(
        date=visit.date, kind=visit.kind, organiser=visit.organiser, form=visit.form,
        visitors=visit.visitors, source=visit.source, approval_ref=visit.approval_ref,
        notes=visit.notes,
        persons=[PersonInput(p.member_id, p.name, p.cash,
                             [GoodsInput(g.name, g.value) for g in live_goods(p)],
                             p.signed_name) for p in live_persons(visit)],
        photos=[AttachmentInput(p.sha256, p.filename, p.size, p.caption)
                for p in visit.photos if p.deleted_at is None],
    )
