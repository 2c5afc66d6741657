"""The vocabularies of a visit and its configurable limits."""

from decimal import Decimal
from enum import StrEnum

from sqlalchemy.orm import Session

from app import settings
from app.settings import Option
from base.errors import UserError
from base.money import from_fen, to_fen


class VisitKind(StrEnum):
    HARDSHIP_MEMBER = "困难党员"
    OLD_MEMBER = "老党员"
    ILLNESS = "生病住院"
    BEREAVEMENT = "直系亲属去世"
    SPRING = "春节慰问"
    JULY_FIRST = "七一慰问"
    MEDAL = "纪念章颁发"
    HARDSHIP_STAFF = "困难职工"
    OTHER = "其他"


KINDS = tuple(VisitKind)
#: Kinds whose persons must be party members.
MEMBER_KINDS = (VisitKind.HARDSHIP_MEMBER, VisitKind.OLD_MEMBER, VisitKind.MEDAL)


class Organiser(StrEnum):
    BRANCH = "支部"
    CITY = "工委"


ORGANISERS = tuple(Organiser)


class VisitForm(StrEnum):
    AT_HOME = "上门"
    GATHERED = "集中"
    IN_HOSPITAL = "医院"


FORMS = tuple(VisitForm)


class FundingSource(StrEnum):
    DUES = "党费"
    FUND = "互助金"
    UNION = "工会经费"
    HIGHER = "上级下拨"
    UNIT = "单位"


SOURCES = tuple(FundingSource)
#: Party money may not be spent on non-member staff (that is 工会 money).
PARTY_SOURCES = (FundingSource.DUES, FundingSource.FUND)


def _fen(yuan: int) -> int:
    return yuan * 100


#: Per source, in 分 per person: the cap for one visit and for a calendar year (0 = none).
CAPS: Option[dict[str, dict[str, int]]] = Option("visits.caps", {
    FundingSource.DUES: {"per_visit": _fen(1000), "per_year": _fen(2000)},
    FundingSource.FUND: {"per_visit": _fen(2000), "per_year": _fen(5000)},
    FundingSource.UNION: {"per_visit": _fen(1000), "per_year": _fen(2000)},
    FundingSource.HIGHER: {"per_visit": 0, "per_year": 0},
    FundingSource.UNIT: {"per_visit": 0, "per_year": 0},
}, "慰问经费限额（每人每次、每人每年，按经费来源）")
OLD_PARTY_AGE = Option("visits.old_member_party_age", 50, "老党员：党龄达到（年）")
OLD_AGE = Option("visits.old_member_age", 80, "老党员：年龄达到（岁）")


def caps(session: Session) -> dict[str, tuple[Decimal, Decimal]]:
    """Source -> (per visit, per year) in 元; zero means no cap."""
    stored = CAPS.default | settings.get(session, CAPS)
    return {source: (from_fen(int(stored.get(source, {}).get("per_visit", 0))),
                     from_fen(int(stored.get(source, {}).get("per_year", 0))))
            for source in SOURCES}


def save_caps(session: Session, limits: dict[str, tuple[Decimal, Decimal]]) -> None:
    """Source -> (per visit, per year) in 元; zero means no cap."""
    stored = {}
    for source, (per_visit, per_year) in limits.items():
        if source not in SOURCES:
            raise UserError(f"未知的经费来源“{source}”")
        if per_visit < 0 or per_year < 0:
            raise UserError(f"{source}的限额不能为负数")
        if per_visit and per_year and per_visit > per_year:
            raise UserError(f"{source}每人每次的限额不应高于每人每年的限额")
        stored[source] = {"per_visit": to_fen(per_visit), "per_year": to_fen(per_year)}
    settings.put(session, CAPS, stored)


def save_old_member(session: Session, party_years: int, age: int) -> None:
    if not 1 <= party_years <= 80 or not 50 <= age <= 120:
        raise UserError("老党员的党龄应在1–80年之间、年龄应在50–120岁之间")
    settings.put(session, OLD_PARTY_AGE, party_years)
    settings.put(session, OLD_AGE, age)
