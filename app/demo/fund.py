"""Ten years of the mutual-aid fund and visits: 七一 donation drives passed up to the city,
aid applications through the 支委会 and the city's decisions, grants paid against signatures,
春节 and 七一 visits, hospital visits, 光荣在党50年 medals."""

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.branch import get_profile
from app.demo.members import DEMO_YEARS
from app.demo.people import person_name, random_date
from app.fund import applications as apps
from app.fund import donations
from app.fund.applications import AidStatus
from app.meetings.roster import roster
from app.meetings.service import AgendaInput, AttendanceInput, MeetingInput, finalise_meeting
from app.meetings.service import save_meeting as save_meeting_record
from app.meetings.types import MeetingType
from app.members.service import list_members
from app.visits import lists
from app.visits.festivals import festival_day
from app.visits.rules import FundingSource, Organiser, VisitKind
from app.visits.service import GoodsInput, PersonInput, VisitInput, save_visit
from db.audit import ACTOR
from db.models import AgendaItem, Member

GIFTS = (("大米", "120.00"), ("食用油", "90.00"), ("牛奶", "80.00"), ("慰问品", "200.00"),
         ("水果", "100.00"))
REFUSALS = ("不符合基金补助条件", "已享受其他渠道救助，本次不予补助")
FAMILY = ("配偶", "女儿", "儿子")


def _signer(rng: random.Random, member: Member) -> str:
    """Most sign themselves; for the old and the sick a family member often signs."""
    return member.name if rng.random() < 0.75 else f"{member.name}{rng.choice(FAMILY)}代签"


def _yuan(value: int | str) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


class _FundWriter:
    def __init__(self, session: Session, rng: random.Random, today: dt.date) -> None:
        self.session, self.rng, self.today = session, rng, today
        profile = get_profile(session)
        posts = {c["post"]: c["name"] for c in (profile.committee if profile else [])}
        self.secretary = posts.get("书记", "")
        self.visitors = [name for name in (self.secretary, posts.get("组织委员", ""),
                                           posts.get("纪检委员", "")) if name]

    def members(self, day: dt.date) -> list[Member]:
        return list_members(self.session, on=day)

    def committee_item(self, day: dt.date, title: str) -> tuple[str, str]:
        """A short 支委会 held to review an aid application, with its one 议题."""
        expected = roster(self.session, day, [MeetingType.COMMITTEE])
        meeting = save_meeting_record(self.session, MeetingInput(
            types=[MeetingType.COMMITTEE], date=day, start_time=dt.time(16, 30),
            end_time=dt.time(17, 0), title="研究党员困难补助申请", place="支部会议室",
            chair_name=self.secretary, chair_post="支部书记", recorder_name=self.secretary,
            attendance=[AttendanceInput(e.member_id) for e in expected],
            agenda=[AgendaInput(title, content="组织委员介绍申请人困难情况和证明材料，"
                                               "支委逐一发表意见。")],
            summary="同意按程序办理。"), today=self.today)
        finalise_meeting(self.session, meeting.id)
        item = self.session.scalars(select(AgendaItem).where(
            AgendaItem.meeting_id == meeting.id)).one()
        return meeting.id, item.id

    def visit(self, day: dt.date, kind: str, people: list[PersonInput], source: str,
              form: str = "上门", organiser: str = Organiser.BRANCH, notes: str = "") -> None:
        if day > self.today or not people:
            return
        for person in people:
            if (person.cash or 0) > 0 and not person.signed_name:
                person.signed_name = person.name
        save_visit(self.session, VisitInput(
            date=day, kind=kind, persons=people, organiser=organiser, form=form,
            visitors="、".join(self.rng.sample(self.visitors, min(2, len(self.visitors)))),
            source=source, notes=notes,
            approval_ref=(f"支委会{day.year}年第{day.month}次会议"
                          if source == FundingSource.DUES else "")),
            today=self.today)

    def gifts(self) -> list[GoodsInput]:
        return [GoodsInput(name, _yuan(value)) for name, value in self.rng.sample(GIFTS, 2)]


def _donation_drive(w: _FundWriter, year: int) -> None:
    """The 七一 一日捐: most members give, the money goes up to the city fund a few weeks on."""
    day = dt.date(year, 6, w.rng.randint(18, 28))
    if day > w.today:
        return
    for member in w.members(day):
        if w.rng.random() < 0.85:
            amount = w.rng.choice((50, 100, 100, 200, 200, 300, 500))
            donations.record_donation(w.session, date=day + dt.timedelta(days=w.rng.randint(0, 5)),
                                      amount=_yuan(amount), member_id=member.id, today=w.today)
    for _ in range(w.rng.randint(1, 3)):  # a few give later in the year
        late = random_date(w.rng, dt.date(year, 8, 1), dt.date(year, 12, 20))
        members = w.members(late)
        if late <= w.today and members:
            donations.record_donation(w.session, date=late, amount=_yuan(w.rng.choice((100, 200))),
                                      member_id=w.rng.choice(members).id, today=w.today)
    remit_day = dt.date(year, 7, w.rng.randint(20, 31))
    waiting = [d.id for d in donations.unremitted(w.session) if d.date <= remit_day]
    if remit_day <= w.today and waiting:
        donations.remit(w.session, waiting, remit_day, f"银行汇款凭证 {year}07", w.today)
    year_end = dt.date(year, 12, 28)
    waiting = [d.id for d in donations.unremitted(w.session) if d.date <= year_end]
    if year_end <= w.today and waiting:
        donations.remit(w.session, waiting, year_end, f"银行汇款凭证 {year}12", w.today)


def _application(w: _FundWriter, applied: dt.date, awaiting_city: bool = False) -> None:
    """One member's application, as far along as the dates allow (or only up to the city)."""
    candidates = w.members(applied)
    if applied > w.today - dt.timedelta(days=5) or not candidates:
        return
    needy = [m for m in candidates if m.hardship or m.employment == "离退休"]
    member = w.rng.choice(needy if needy and w.rng.random() < 0.7 else candidates)
    reason = w.rng.choice(apps.REASONS[:5])
    asked = _yuan(w.rng.choice((1000, 1500, 2000, 3000)))
    application = apps.register(w.session, apps.ApplicationInput(
        member.id, reason, asked, applied,
        f"{member.name}同志{reason}，家庭负担较重，附相关证明材料。"), w.today)
    steps = iter(w.rng.randint(3, 12) for _ in range(6))
    day = applied + dt.timedelta(days=next(steps))
    if day > w.today:
        return
    meeting_id, item_id = w.committee_item(day, f"审议{member.name}同志困难补助申请")
    proposed = min(asked, _yuan(w.rng.choice((800, 1000, 1000, 1500))))
    apps.review(w.session, application.id, meeting_id=meeting_id, agenda_item_id=item_id,
                approve=True, opinion="经核实情况属实，同意上报工委", amount=proposed,
                today=w.today)
    day += dt.timedelta(days=1)
    if day > w.today:
        return
    apps.submit(w.session, application.id, day, w.today)
    day += dt.timedelta(days=next(steps) + 14)
    if day > w.today or awaiting_city:
        return
    approve = w.rng.random() < 0.85
    apps.record_city_decision(
        w.session, application.id, approve=approve,
        amount=proposed if approve else None,
        reason="" if approve else w.rng.choice(REFUSALS), decided_by="中共市直属机关工作委员会",
        decision_ref=f"{day.year}年第{day.month}次工委会", decided_on=day)
    day += dt.timedelta(days=next(steps))
    if approve and day <= w.today:
        apps.receive_grant(w.session, application.id, day, "工委拨款通知", w.today)
        day += dt.timedelta(days=next(steps) // 3 + 1)
        if day > w.today:
            return
        apps.pay_out(w.session, application.id, day, _signer(w.rng, member), today=w.today)
    archive_day = max(dt.date(applied.year, 12, 30), day)
    if application.status in (AidStatus.PAID, AidStatus.REFUSED) and archive_day <= w.today:
        apps.archive(w.session, application.id, archive_day, w.today)


def _festival_visits(w: _FundWriter, year: int) -> None:
    spring = festival_day("春节", year) - dt.timedelta(days=w.rng.randint(5, 20))
    july = dt.date(year, 6, w.rng.randint(22, 30))
    for festival, kind, day in (("春节", VisitKind.SPRING, spring),
                                ("七一", VisitKind.JULY_FIRST, july)):
        if day > w.today:
            continue
        targets = [t.member for t in lists.festival_targets(w.session, festival, year)]
        w.rng.shuffle(targets)
        for start in range(0, len(targets), 3):  # a few homes per afternoon
            people = [PersonInput(m.id, cash=_yuan(w.rng.choice((300, 400, 500))),
                                  goods=w.gifts(), signed_name=_signer(w.rng, m))
                      for m in targets[start:start + 3]]
            organiser, source = ((Organiser.CITY, FundingSource.FUND) if w.rng.random() < 0.15
                                 else (Organiser.BRANCH, FundingSource.DUES))
            w.visit(day + dt.timedelta(days=start // 3), kind, people, source,
                    organiser=organiser)
        staff = [PersonInput(None, person_name(w.rng, w.rng.choice("男女")),
                             cash=_yuan(w.rng.choice((300, 500))))
                 for _ in range(w.rng.randint(1, 2))]
        w.visit(day, VisitKind.HARDSHIP_STAFF, staff, FundingSource.UNION, notes="单位困难职工")


def _medals(w: _FundWriter, year: int) -> None:
    day = dt.date(year, 6, 28)
    if day > w.today:
        return
    new = [c.member for c in lists.medal_candidates(w.session, year, w.today) if c.eligible
           if c.first_year and c.awarded_on is None]
    if new:
        w.visit(day, VisitKind.MEDAL, [PersonInput(m.id) for m in new], "", form="集中",
                notes="颁发“光荣在党50年”纪念章")


def _illness_visits(w: _FundWriter, year: int) -> None:
    for _ in range(w.rng.randint(1, 3)):
        day = random_date(w.rng, dt.date(year, 1, 1), dt.date(year, 12, 31))
        members = w.members(day)
        if day > w.today or not members:
            continue
        member = w.rng.choice(members)
        if w.rng.random() < 0.8:
            w.visit(day, VisitKind.ILLNESS, [PersonInput(member.id, cash=_yuan(500),
                                                 goods=[GoodsInput("水果", _yuan(100))],
                                                 signed_name=_signer(w.rng, member))],
                    w.rng.choice((FundingSource.DUES, FundingSource.UNION)), form="医院")
        else:
            w.visit(day, VisitKind.BEREAVEMENT, [PersonInput(member.id, cash=_yuan(500),
                                                     signed_name=member.name)], FundingSource.UNION,
                    notes=f"{member.name}同志直系亲属去世")


def populate(session: Session, rng: random.Random, today: dt.date) -> None:
    w = _FundWriter(session, rng, today)
    previous = session.info.get(ACTOR)
    session.info[ACTOR] = w.secretary or previous  # the demo's fund is kept by the secretary
    try:
        for year in range(today.year - DEMO_YEARS + 1, today.year + 1):
            _festival_visits(w, year)
            _donation_drive(w, year)
            _medals(w, year)
            for _ in range(rng.choice((1, 1, 2))):
                _application(w, random_date(rng, dt.date(year, 2, 1), dt.date(year, 11, 30)))
            _illness_visits(w, year)
        # Sent up late last quarter, so it went to the city with the latest quarterly package
        # (app/demo/sync.py), and the city has not decided yet.
        quarter = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        _application(w, quarter - dt.timedelta(days=rng.randint(30, 40)), awaiting_city=True)
    finally:
        session.info[ACTOR] = previous
