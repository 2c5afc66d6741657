"""Visits: money rules, caps, the fund payment in the same transaction, the working lists."""

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import settings
from app.fund import ledger
from app.fund.corrections import reverse
from app.fund.kinds import EntryKind
from app.fund.ledger import Posting
from app.visits import lists, rules
from app.visits.festivals import festival_day, season, upcoming
from app.visits.rules import FundingSource, Organiser, VisitKind
from app.visits.service import (
    GoodsInput,
    PersonInput,
    VisitInput,
    delete_visit,
    fund_payment,
    save_visit,
)
from base.errors import UserError, ValidationError
from db.database import Database
from db.models import FundEntry, Visit
from tests.fund.helpers import TODAY, branch_fund, make_member, yuan

DAY = dt.date(2026, 1, 20)


def visit(persons: list[PersonInput], source: str = FundingSource.UNION,
          kind: str = VisitKind.SPRING, **extra: object) -> VisitInput:
    data = VisitInput(date=DAY, kind=kind, persons=persons, source=source,
                      visitors="王书记、李委员")
    for key, value in extra.items():
        setattr(data, key, value)
    return data


def test_party_money_cannot_visit_non_member_staff(session: Session) -> None:
    staff = PersonInput(None, "赵 师傅", yuan("500.00"), signed_name="赵师傅")
    for source in (FundingSource.DUES, FundingSource.FUND):
        refused = f"{source}不能用于慰问非党员职工（赵师傅），请改用工会经费"
        with pytest.raises(ValidationError, match=refused):
            save_visit(session, visit([staff], source=source, kind=VisitKind.HARDSHIP_STAFF),
                       today=TODAY)
    saved, warnings = save_visit(session, visit([staff], kind=VisitKind.HARDSHIP_STAFF),
                                 today=TODAY)
    assert saved.source == FundingSource.UNION and warnings == []
    stranger = PersonInput(None, "钱师傅", yuan("100.00"), signed_name="钱")
    _other, warnings = save_visit(session, visit([stranger], source=FundingSource.UNIT,
                                                 kind=VisitKind.HARDSHIP_STAFF), today=TODAY)
    assert warnings == ["慰问非党员职工钱师傅一般使用工会经费"]


def test_member_kinds_need_members_and_money_needs_a_source(session: Session) -> None:
    with pytest.raises(ValidationError, match="“老党员”的慰问对象须为党员"):
        save_visit(session, visit([PersonInput(None, "孙某")], kind=VisitKind.OLD_MEMBER,
                                  source=""), today=TODAY)
    member = make_member(session)
    with pytest.raises(ValidationError, match="请选择经费来源"):
        save_visit(session, visit([PersonInput(member.id, cash=yuan("300.00"))], source=""),
                   today=TODAY)
    saved, _w = save_visit(session, visit([PersonInput(member.id)], source=""), today=TODAY)
    assert saved.source == "" and saved.persons[0].name == "张伟"


def test_caps_per_visit_and_per_person_per_year_warn(session: Session) -> None:
    settings.put(session, rules.CAPS,
                 {FundingSource.UNION: {"per_visit": 100000, "per_year": 150000}})
    member = make_member(session)
    person = PersonInput(member.id, cash=yuan("800.00"),
                         goods=[GoodsInput("米面油", yuan("300.00"))], signed_name="张伟")
    _v, warnings = save_visit(session, visit([person]), today=TODAY)
    assert warnings == ["张伟本次慰问 1,100.00 元，超过工会经费每人每次 1,000.00 元的限额"]
    again = PersonInput(member.id, cash=yuan("400.00"), signed_name="张伟")
    _v, warnings = save_visit(session, visit([again], kind=VisitKind.ILLNESS,
                                             date=dt.date(2026, 3, 1)), today=TODAY)
    assert warnings == []  # 1,500.00 in the year: at the cap, not above it
    third = PersonInput(member.id, cash=yuan("0.01"), signed_name="张伟")
    _v, warnings = save_visit(session, visit([third], kind=VisitKind.OTHER,
                                             date=dt.date(2026, 4, 1)), today=TODAY)
    assert warnings == ["张伟2026年已获工会经费慰问合计 1,500.01 元，"
                        "超过每人每年 1,500.00 元的限额"]
    _v, warnings = save_visit(session, visit([PersonInput(member.id, cash=yuan("5.00"))],
                                             date=dt.date(2027, 1, 5)),
                              today=dt.date(2027, 1, 6))
    assert warnings == ["张伟的慰问金尚未签收"]


def test_fund_visit_posts_to_the_ledger_and_edits_reverse(session: Session) -> None:
    branch_fund(session)
    ledger.post(session, Posting(kind=EntryKind.UNION_FUNDING, date=dt.date(2026, 1, 2),
                                 amount=yuan("2000.00")), TODAY)
    member = make_member(session)
    data = visit([PersonInput(member.id, cash=yuan("500.00"),
                              goods=[GoodsInput("慰问品", yuan("100.00"))], signed_name="张伟")],
                 source=FundingSource.FUND)
    saved, _w = save_visit(session, data, today=TODAY)
    payment = fund_payment(session, saved.id)
    assert (payment.kind, payment.amount, payment.date) == (EntryKind.VISIT_PAYMENT, yuan("600.00"),
                                                            DAY)
    assert ledger.balance(session) == yuan("1400.00")
    data.persons[0].cash = yuan("700.00")
    save_visit(session, data, saved.id, today=TODAY)
    assert ledger.balance(session) == yuan("1200.00")
    assert fund_payment(session, saved.id).amount == yuan("800.00")
    data.source = FundingSource.UNION
    save_visit(session, data, saved.id, today=TODAY)
    assert fund_payment(session, saved.id) is None and ledger.balance(session) == yuan("2000.00")
    data.source = FundingSource.FUND
    save_visit(session, data, saved.id, today=TODAY)
    with pytest.raises(UserError, match="请在“慰问”页修改或删除"):
        reverse(session, fund_payment(session, saved.id).id, TODAY, "手工冲销", TODAY)
    delete_visit(session, saved.id, today=TODAY)
    assert ledger.balance(session) == yuan("2000.00")


def test_fund_visit_in_city_mode_is_refused(session: Session) -> None:
    member = make_member(session)
    with pytest.raises(ValidationError, match="市级基金模式下"):
        save_visit(session, visit([PersonInput(member.id, cash=yuan("100.00"))],
                                  source=FundingSource.FUND), today=TODAY)
    saved, _w = save_visit(session, visit([PersonInput(member.id, cash=yuan("100.00"))],
                                          source=FundingSource.FUND, organiser=Organiser.CITY),
                           today=TODAY)
    assert fund_payment(session, saved.id) is None


def test_failed_fund_posting_leaves_neither_visit_nor_entry(database: Database) -> None:
    with database.session() as session:
        branch_fund(session)
        ledger.post(session, Posting(kind=EntryKind.HIGHER_FUNDING, date=dt.date(2026, 1, 2),
                                     amount=yuan("300.00")), TODAY)
        member_id = make_member(session).id
    data = visit([PersonInput(member_id, cash=yuan("500.00"), signed_name="张伟")],
                 source=FundingSource.FUND)
    with pytest.raises(UserError, match=r"余额为 300\.00 元"), database.session() as session:
        save_visit(session, data, today=TODAY)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 0
        assert session.scalar(select(func.count()).select_from(FundEntry)) == 1

    class Boom(Exception):
        pass

    with pytest.raises(Boom), database.session() as session:
        data.persons[0].cash = yuan("200.00")
        save_visit(session, data, today=TODAY)
        assert ledger.balance(session) == yuan("100.00")
        raise Boom  # anything failing later in the same unit of work
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 0
        assert ledger.balance(session) == yuan("300.00")


def test_medal_candidates_at_the_first_of_july_boundary(session: Session) -> None:
    on_day = make_member(session, "王一", "19500101", 11, dt.date(1975, 7, 1), dt.date(1976, 7, 1))
    day_late = make_member(session, "王二", "19500202", 13, dt.date(1975, 7, 2),
                           dt.date(1976, 7, 2))
    older = make_member(session, "王三", "19400303", 15, dt.date(1960, 3, 1), dt.date(1961, 3, 1))
    make_member(session, "王四", "19400404", 17, dt.date(1960, 3, 1), dt.date(1961, 3, 1)
                ).deceased_date = dt.date(2020, 1, 1)
    found = lists.medal_candidates(session, 2026, TODAY)
    assert [c.member.name for c in found] == ["王三", "王一"]
    assert [c.first_year for c in found] == [False, True]
    assert found[1].party_years == 50
    assert day_late.id not in {c.member.id for c in found}
    assert lists.medal_cutoff(2027) == dt.date(1977, 7, 1)
    assert {c.member.id for c in lists.medal_candidates(session, 2027, TODAY)} == {
        on_day.id, day_late.id, older.id}
    save_visit(session, visit([PersonInput(older.id)], source="", kind=VisitKind.MEDAL,
                              date=dt.date(2011, 7, 1)), today=TODAY)
    assert lists.medal_candidates(session, 2026, TODAY)[0].awarded_on == dt.date(2011, 7, 1)


def test_festival_targets_and_political_birthdays(session: Session) -> None:
    old = make_member(session, "老李", "19400101", 11, dt.date(1965, 11, 3), dt.date(1966, 11, 3))
    poor = make_member(session, "小困", "19900101", 13, dt.date(2015, 6, 1), dt.date(2016, 6, 1),
                       hardship=True, hardship_kind="因病致困")
    make_member(session, "小王", "19950101", 15, dt.date(2020, 11, 20), dt.date(2021, 11, 20))
    year = upcoming("春节", TODAY)
    assert (year, festival_day("春节", year)) == (2027, dt.date(2027, 2, 6))
    targets = lists.festival_targets(session, "春节", year)
    assert [(t.member.name, t.label, t.visited_on) for t in targets] == [
        ("老李", "老党员", None), ("小困", "困难党员", None)]
    start, _end = season("春节", year)
    save_visit(session, visit([PersonInput(poor.id)], source="", kind=VisitKind.HARDSHIP_MEMBER,
                              date=start), today=start)
    targets = lists.festival_targets(session, "春节", year)
    assert [t.visited_on for t in targets] == [None, start]
    births = lists.political_birthdays(session, 2026, 11)
    assert [(b.member.name, b.years) for b in births] == [("老李", 61), ("小王", 6)]
    assert old.id == births[0].member.id
