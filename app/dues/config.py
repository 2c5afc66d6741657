"""The dues settings: rule sets, deduction profiles, rounding, 上缴 share, 核定 mode."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from app import settings
from app.branch import get_profile
from app.dues.rules import (
    DEFAULT_PROFILES,
    DEFAULT_RULE_SET,
    DEFAULT_UNIT,
    ROUNDING_UNITS,
    DeductionProfile,
    RuleSet,
    profile_from_data,
    profile_to_data,
    rule_set_from_data,
    rule_set_on,
    rule_set_to_data,
    validate_rule_set,
)
from base.errors import UserError

YEARLY = "年初核定"  # the base is set in January and holds for the year
FROM_PAY_CHANGE = "随工资调整"  # a new base applies from the month new pay starts
MODES = (YEARLY, FROM_PAY_CHANGE)

RULE_SETS: settings.Option[list[dict[str, Any]]] = settings.Option(
    "dues.rule_sets", [], "党费比例规则（新增的版本）")
ROUNDING_UNIT = settings.Option("dues.rounding_unit", DEFAULT_UNIT, "党费舍入单位（分/角/元）")
#: The share before any change in SHARE_CHANGES, which each hold from a year on: changing the
#: share never rewrites what earlier years owed.
SHARE_PERCENT = settings.Option("dues.share_percent", "100", "党费上缴比例（%）")
SHARE_CHANGES: settings.Option[list[dict[str, Any]]] = settings.Option(
    "dues.share_changes", [], "党费上缴比例的调整（自某年起）")
RECIPIENT = settings.Option("dues.recipient", "", "党费上缴单位（空则为上级机关党委）")
MODE = settings.Option("dues.assessment_mode", YEARLY, "党费基数核定方式")
PROFILES = settings.Option(
    "dues.deduction_profiles", [profile_to_data(p) for p in DEFAULT_PROFILES],
    "计算基数扣除方案",
)
DEFAULT_PROFILE = settings.Option(
    "dues.default_profile", DEFAULT_PROFILES[0].name, "默认扣除方案"
)
#: The day of the month by which that month's dues are to be paid (0: the month's last
#: day); a month is not owed, anywhere, before it has passed.
DUE_DAY = settings.Option("dues.due_day", 0, "每月党费交纳截止日（0为月末）")
WARN_MONTHS = settings.Option("dues.warn_months", 3, "连续未交党费几个月时提醒")
#: 党章 第九条: six consecutive months is the threshold the 支部大会 must consider.
FLAG_MONTHS = 6
#: Advance (预交) and late (补交) payment are each capped at this many months.
PAY_AHEAD_LIMIT = 6


def rule_sets(session: Session) -> list[RuleSet]:
    """The built-in 2008 rule and every version added in the settings, oldest first."""
    added = [rule_set_from_data(d) for d in settings.get(session, RULE_SETS)]
    return sorted([DEFAULT_RULE_SET, *added], key=lambda r: r.effective)


def rule_set_for(session: Session, year: int, month: int = 1) -> RuleSet:
    return rule_set_on(rule_sets(session), dt.date(year, month, 1))


def save_rule_set(session: Session, rule_set: RuleSet, replaces: str | None = None) -> None:
    """Add a rule version, or replace the added one named `replaces`; the built-in stays."""
    validate_rule_set(rule_set)
    if rule_set.name == DEFAULT_RULE_SET.name or replaces == DEFAULT_RULE_SET.name:
        raise UserError(f"内置规则“{DEFAULT_RULE_SET.name}”不能修改，请新增一个规则版本")
    stored = [d for d in settings.get(session, RULE_SETS) if d["name"] != replaces]
    if any(d["name"] == rule_set.name for d in stored):
        raise UserError(f"已有名为“{rule_set.name}”的规则版本")
    if any(d["effective"] == rule_set.effective.isoformat() for d in stored) or (
        rule_set.effective == DEFAULT_RULE_SET.effective
    ):
        raise UserError(f"已有自 {rule_set.effective:%Y年%m月%d日} 起施行的规则版本")
    settings.put(session, RULE_SETS, [*stored, rule_set_to_data(rule_set)])


def delete_rule_set(session: Session, name: str) -> None:
    stored = settings.get(session, RULE_SETS)
    if not any(d["name"] == name for d in stored):
        raise UserError(f"找不到可删除的规则版本“{name}”（内置规则不能删除）")
    settings.put(session, RULE_SETS, [d for d in stored if d["name"] != name])


def rounding_unit(session: Session) -> str:
    unit = settings.get(session, ROUNDING_UNIT)
    return unit if unit in ROUNDING_UNITS else DEFAULT_UNIT


def share_changes(session: Session) -> list[tuple[int, Decimal]]:
    """(from year, percent) of every change of the share, earliest first."""
    return sorted((c["from_year"], Decimal(c["percent"]))
                  for c in settings.get(session, SHARE_CHANGES))


def share_percent(session: Session, year: int) -> Decimal:
    """The share of `year`'s dues passed up: the latest change from that year or before."""
    earlier = [percent for from_year, percent in share_changes(session) if from_year <= year]
    return earlier[-1] if earlier else Decimal(settings.get(session, SHARE_PERCENT))


def set_share_percent(session: Session, text: str, from_year: int) -> None:
    """Set the share from `from_year` on (until a later change); earlier years keep theirs."""
    try:
        value = Decimal(text.strip().rstrip("%"))
    except InvalidOperation:
        raise UserError(f"上缴比例“{text}”不是有效的数字") from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise UserError("上缴比例应在 0 到 100 之间")
    if value == share_percent(session, from_year):
        return
    kept = [c for c in settings.get(session, SHARE_CHANGES) if c["from_year"] != from_year]
    settings.put(session, SHARE_CHANGES,
                 [*kept, {"from_year": from_year, "percent": f"{value.normalize():f}"}])


def recipient(session: Session) -> str:
    name = settings.get(session, RECIPIENT).strip()
    if name:
        return name
    profile = get_profile(session)
    return profile.parent_committee if profile else ""


def mode(session: Session) -> str:
    value = settings.get(session, MODE)
    return value if value in MODES else YEARLY


def profiles(session: Session) -> list[DeductionProfile]:
    return [profile_from_data(d) for d in settings.get(session, PROFILES)]


def profile_named(session: Session, name: str) -> DeductionProfile:
    for profile in profiles(session):
        if profile.name == name:
            return profile
    raise UserError(f"找不到扣除方案“{name}”，请在设置中查看")


def default_profile(session: Session) -> DeductionProfile:
    name = settings.get(session, DEFAULT_PROFILE)
    found = [p for p in profiles(session) if p.name == name]
    return found[0] if found else profiles(session)[0]


def save_profiles(session: Session, items: list[DeductionProfile], default: str) -> None:
    names = [p.name.strip() for p in items]
    if not items:
        raise UserError("至少需要一个扣除方案")
    if any(not n for n in names):
        raise UserError("扣除方案名称不能为空")
    if len(set(names)) != len(names):
        raise UserError("扣除方案名称不能重复")
    if default not in names:
        raise UserError("默认扣除方案应是列表中的一个")
    settings.put(session, PROFILES, [profile_to_data(p) for p in items])
    settings.put(session, DEFAULT_PROFILE, default)
