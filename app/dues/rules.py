"""The dues rates (中组发〔2008〕3号) as data, the monthly amount and the base builder.

Pure functions on Decimal. A rule set is a versioned table with an effective date; the
built-in one is the 2008 rule, and a policy change is a new rule set stored in the settings.
"""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from base.errors import UserError, ValidationError
from base.money import MAX_YUAN

EMPLOYED = "在职"
RETIRED = "离退休"
FARMER = "农民"
CATEGORIES = (EMPLOYED, RETIRED, "学生", "下岗失业", "抚恤救济", "低保", FARMER, "年薪制", "个体")

#: Rounding unit name → quantum. No official rule; the default is 0.01 元, half-up.
ROUNDING_UNITS = {"分": Decimal("0.01"), "角": Decimal("0.1"), "元": Decimal("1")}
DEFAULT_UNIT = "分"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Bracket:
    upto: Decimal | None  # inclusive upper bound of the monthly base; None = no bound
    percent: Decimal


@dataclass(frozen=True)
class CategoryRule:
    """How one category pays: a percentage of the whole base by bracket, or a fixed sum."""

    category: str
    basis: str = ""  # what the base is, printed on the 核定表
    brackets: tuple[Bracket, ...] = ()
    fixed: Decimal | None = None
    fixed_min: Decimal | None = None  # allowed range of the fixed sum (农民: 0.20–1.00)
    fixed_max: Decimal | None = None

    @property
    def is_fixed(self) -> bool:
        return self.fixed is not None

    def describe(self) -> str:
        if self.fixed is not None:
            return f"每月{self.fixed:.2f}元"
        return format_brackets(self.brackets)


@dataclass(frozen=True)
class RuleSet:
    name: str
    effective: dt.date
    rules: tuple[CategoryRule, ...]

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(r.category for r in self.rules)

    def rule(self, category: str) -> CategoryRule:
        for rule in self.rules:
            if rule.category == category:
                return rule
        raise UserError(f"党费规则“{self.name}”中没有类别“{category}”")


def _percent_brackets(*pairs: tuple[str | None, str]) -> tuple[Bracket, ...]:
    return tuple(Bracket(None if u is None else Decimal(u), Decimal(p)) for u, p in pairs)


_WAGE = _percent_brackets(("3000", "0.5"), ("5000", "1"), ("10000", "1.5"), (None, "2"))
_TWENTY_FEN = Decimal("0.20")

DEFAULT_RULE_SET = RuleSet(
    name="中组发〔2008〕3号",
    effective=dt.date(2008, 4, 1),
    rules=(
        CategoryRule(EMPLOYED, "税后月工资中相对固定、经常性的收入", _WAGE),
        CategoryRule(RETIRED, "每月实际领取的离退休费总额或养老金总额",
                     _percent_brackets(("5000", "0.5"), (None, "1"))),
        CategoryRule("学生", fixed=_TWENTY_FEN),
        CategoryRule("下岗失业", fixed=_TWENTY_FEN),
        CategoryRule("抚恤救济", fixed=_TWENTY_FEN),
        CategoryRule("低保", fixed=_TWENTY_FEN),
        CategoryRule(FARMER, fixed=_TWENTY_FEN, fixed_min=_TWENTY_FEN, fixed_max=Decimal("1.00")),
        CategoryRule("年薪制", "当月实际领取的薪酬收入（税后）", _WAGE),
        CategoryRule("个体", "上季度月平均纯收入", _WAGE),
    ),
)


def round_amount(value: Decimal, unit: str = DEFAULT_UNIT) -> Decimal:
    """Half-up to the unit (分, 角 or 元), never through binary floating point."""
    if unit not in ROUNDING_UNITS:
        raise UserError(f"舍入单位应为：{'、'.join(ROUNDING_UNITS)}")
    return value.quantize(ROUNDING_UNITS[unit], rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def percent_for(rule: CategoryRule, base: Decimal) -> Decimal:
    """The one rate applied to the whole base (upper bounds inclusive)."""
    for bracket in rule.brackets:
        if bracket.upto is None or base <= bracket.upto:
            return bracket.percent
    raise UserError(f"类别“{rule.category}”的比例档次没有覆盖 {base} 元")


def monthly_amount(rule_set: RuleSet, category: str, base: Decimal | None,
                   unit: str = DEFAULT_UNIT) -> Decimal:
    """The monthly dues of one member; fixed sums are not rounded."""
    rule = rule_set.rule(category)
    if rule.fixed is not None:
        return rule.fixed
    if base is None:
        raise UserError(f"类别“{category}”按比例交纳，请填写计算基数")
    if base < 0:
        raise UserError("计算基数不能为负数")
    return round_amount(base * percent_for(rule, base) / HUNDRED, unit)


def rule_set_on(rule_sets: list[RuleSet], day: dt.date) -> RuleSet:
    """The rule set in force on that day: the latest one whose effective date has come."""
    in_force = [r for r in rule_sets if r.effective <= day]
    if not in_force:
        return min(rule_sets, key=lambda r: r.effective)
    return max(in_force, key=lambda r: r.effective)


# --- editing brackets as text: "≤3000:0.5%；≤5000:1%；以上:2%" -----------------------------

_BRACKET = re.compile(r"(?:(?:≤|<=|不超过)?\s*([\d.]+)\s*元?|(以上|其余))\s*[:：]?\s*([\d.]+)\s*%")


def format_brackets(brackets: tuple[Bracket, ...]) -> str:
    parts = [
        f"{'以上' if b.upto is None else '≤' + _plain(b.upto)}:{_plain(b.percent)}%"
        for b in brackets
    ]
    return "；".join(parts)


def parse_brackets(text: str) -> tuple[Bracket, ...]:
    brackets = []
    for part in (p.strip() for p in re.split(r"[;；,，\n]", text)):
        if not part:
            continue
        found = _BRACKET.fullmatch(part)
        if found is None:
            raise UserError(f"比例档次“{part}”格式不对，应为 ≤3000:0.5% 或 以上:2%")
        upto = None if found.group(2) else _decimal(found.group(1), "档次上限")
        brackets.append(Bracket(upto, _decimal(found.group(3), "比例")))
    return tuple(brackets)


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _decimal(text: Any, what: str) -> Decimal:
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        raise UserError(f"{what}“{text}”不是有效的数字") from None
    if not value.is_finite():
        raise UserError(f"{what}“{text}”不是有效的数字")
    if abs(value) > MAX_YUAN:
        raise UserError(f"{what}“{text}”太大")
    return value


# --- validation and storage -------------------------------------------------------------

def validate_rule_set(rule_set: RuleSet) -> None:
    errors: dict[str, str] = {}
    if not rule_set.name.strip():
        errors["name"] = "请填写规则名称（如文件文号）"
    seen: set[str] = set()
    for rule in rule_set.rules:
        where = f"类别“{rule.category}”"
        if not rule.category.strip():
            errors["rules"] = "类别名称不能为空"
        elif rule.category in seen:
            errors[rule.category] = f"{where}重复"
        seen.add(rule.category)
        problem = _rule_problem(rule)
        if problem:
            errors[rule.category] = f"{where}{problem}"
    if EMPLOYED not in seen:
        errors["rules"] = f"规则中应有“{EMPLOYED}”类别"
    if errors:
        raise ValidationError(errors)


def _rule_problem(rule: CategoryRule) -> str:
    if rule.fixed is not None:
        if rule.brackets:
            return "不能同时设定额和比例"
        if rule.fixed < 0:
            return "的定额不能为负数"
        if rule.fixed_min is not None and rule.fixed < rule.fixed_min:
            return f"的定额不能低于 {rule.fixed_min:.2f} 元"
        if rule.fixed_max is not None and rule.fixed > rule.fixed_max:
            return f"的定额不能高于 {rule.fixed_max:.2f} 元"
        return ""
    if not rule.brackets:
        return "需要定额或比例档次"
    if rule.brackets[-1].upto is not None:
        return "的最后一档应为“以上”（不设上限）"
    bounds = [b.upto for b in rule.brackets[:-1]]
    if any(b is None for b in bounds) or bounds != sorted(set(bounds)):  # type: ignore[type-var]
        return "的档次上限应从小到大排列且不重复"
    if any(not 0 <= b.percent <= HUNDRED for b in rule.brackets):
        return "的比例应在 0% 到 100% 之间"
    return ""


def rule_set_to_data(rule_set: RuleSet) -> dict[str, Any]:
    def rule_data(rule: CategoryRule) -> dict[str, Any]:
        data: dict[str, Any] = {"category": rule.category, "basis": rule.basis}
        if rule.fixed is not None:
            data["fixed"] = str(rule.fixed)
        if rule.fixed_min is not None:
            data["fixed_min"] = str(rule.fixed_min)
        if rule.fixed_max is not None:
            data["fixed_max"] = str(rule.fixed_max)
        if rule.brackets:
            data["brackets"] = [
                {"upto": None if b.upto is None else str(b.upto), "percent": str(b.percent)}
                for b in rule.brackets
            ]
        return data

    return {"name": rule_set.name, "effective": rule_set.effective.isoformat(),
            "rules": [rule_data(r) for r in rule_set.rules]}


def rule_set_from_data(data: Mapping[str, Any]) -> RuleSet:
    def optional(value: Any, what: str) -> Decimal | None:
        return None if value in (None, "") else _decimal(value, what)

    rules = tuple(
        CategoryRule(
            category=str(r["category"]),
            basis=str(r.get("basis", "")),
            brackets=tuple(
                Bracket(optional(b.get("upto"), "档次上限"), _decimal(b["percent"], "比例"))
                for b in r.get("brackets", ())
            ),
            fixed=optional(r.get("fixed"), "定额"),
            fixed_min=optional(r.get("fixed_min"), "定额下限"),
            fixed_max=optional(r.get("fixed_max"), "定额上限"),
        )
        for r in data["rules"]
    )
    return RuleSet(str(data["name"]), dt.date.fromisoformat(data["effective"]), rules)


# --- the base: pay items minus the deductions of a profile ---------------------------------

INCOME_ITEMS = ("职务工资", "级别工资", "岗位工资", "薪级工资", "绩效工资", "津贴补贴",
                "基本离退休费", "离退休补贴", "年薪月收入", "月平均纯收入", "其他固定收入")
DEDUCTION_ITEMS = ("个人所得税", "养老保险", "医疗保险", "失业保险", "住房公积金", "职业年金")


@dataclass(frozen=True)
class DeductionProfile:
    """Which deductions come off the pay items; local practice differs, so it is data."""

    name: str
    deductions: tuple[str, ...]

    def describe(self) -> str:
        if not self.deductions:
            return "不扣除任何项目"
        return "扣除" + "、".join(self.deductions)


DEFAULT_PROFILES = (
    DeductionProfile("扣除个税、社保、公积金和年金", DEDUCTION_ITEMS),
    DeductionProfile("扣除个税和社保", ("个人所得税", "养老保险", "医疗保险", "失业保险")),
    DeductionProfile("仅扣除个人所得税", ("个人所得税",)),
)


@dataclass(frozen=True)
class BaseResult:
    base: Decimal
    income: Decimal
    deducted: dict[str, Decimal] = field(default_factory=dict)
    not_deducted: dict[str, Decimal] = field(default_factory=dict)  # entered, kept by profile


def build_base(items: Mapping[str, Decimal], profile: DeductionProfile) -> BaseResult:
    """The base: the income items less the deductions the profile names."""
    income = Decimal("0.00")
    deducted: dict[str, Decimal] = {}
    kept: dict[str, Decimal] = {}
    for name, amount in items.items():
        if amount < 0:
            raise UserError(f"工资项目“{name}”不能为负数")
        if name not in DEDUCTION_ITEMS:
            income += amount
        elif name in profile.deductions:
            deducted[name] = amount
        else:
            kept[name] = amount
    base = income - sum(deducted.values(), Decimal("0.00"))
    if base < 0:
        raise UserError("扣除项目合计超过了收入项目合计，请核对工资项目")
    return BaseResult(base, income, deducted, kept)


def profile_to_data(profile: DeductionProfile) -> dict[str, Any]:
    return {"name": profile.name, "deductions": list(profile.deductions)}


def profile_from_data(data: Mapping[str, Any]) -> DeductionProfile:
    unknown = [d for d in data.get("deductions", ()) if d not in DEDUCTION_ITEMS]
    if unknown:
        raise UserError(f"扣除方案中有未知的扣除项目：{'、'.join(unknown)}")
    return DeductionProfile(str(data["name"]), tuple(data.get("deductions", ())))
