"""The dues rates: bracket edges, published examples, half-up rounding, fixed sums, the base."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.dues.rules import (
    DEFAULT_PROFILES,
    DEFAULT_RULE_SET,
    CategoryRule,
    DeductionProfile,
    RuleSet,
    build_base,
    format_brackets,
    monthly_amount,
    parse_brackets,
    rule_set_from_data,
    rule_set_on,
    rule_set_to_data,
    validate_rule_set,
)
from base.errors import UserError, ValidationError

D = Decimal
RULES = DEFAULT_RULE_SET


def amount(category: str, base: str | None, unit: str = "分") -> Decimal:
    return monthly_amount(RULES, category, None if base is None else D(base), unit)


@pytest.mark.parametrize(("base", "expected"), [
    ("0.00", "0.00"),
    ("3000.00", "15.00"), ("3000.01", "30.00"),
    ("5000.00", "50.00"), ("5000.01", "75.00"),
    ("10000.00", "150.00"), ("10000.01", "200.00"),
])
def test_employed_bracket_edges_both_sides(base: str, expected: str) -> None:
    assert amount("在职", base) == D(expected)


@pytest.mark.parametrize(("base", "expected"), [
    ("5000.00", "25.00"), ("5000.01", "50.00"), ("1200.00", "6.00"), ("8000.00", "80.00"),
])
def test_retired_bracket_edge_both_sides(base: str, expected: str) -> None:
    assert amount("离退休", base) == D(expected)


def test_published_examples() -> None:
    """中组发〔2008〕3号: the whole base at one rate (全额累进); its published examples."""
    assert amount("在职", "5100") == D("76.50")
    assert amount("在职", "4900") == D("49.00")


@pytest.mark.parametrize(("base", "expected"), [
    ("3456.50", "34.57"), ("1234.50", "6.17"), ("2222.50", "11.11"), ("4321.50", "43.22"),
])
def test_half_up_in_decimal(base: str, expected: str) -> None:
    assert amount("在职", base) == D(expected)


def test_float_would_get_3456_50_wrong() -> None:
    # Why money never goes through float: 3456.50 × 1% rounds down in binary.
    assert round(3456.50 * 0.01, 2) == 34.56
    assert amount("在职", "3456.50") == D("34.57")


@pytest.mark.parametrize(("unit", "expected"), [("分", "34.57"), ("角", "34.60"), ("元", "35.00")])
def test_rounding_unit(unit: str, expected: str) -> None:
    assert amount("在职", "3456.50", unit) == D(expected)


def test_unknown_rounding_unit_is_refused() -> None:
    with pytest.raises(UserError, match="舍入单位"):
        amount("在职", "3000", "厘")


@pytest.mark.parametrize("category", ["学生", "下岗失业", "抚恤救济", "低保", "农民"])
def test_fixed_amounts_ignore_the_base(category: str) -> None:
    assert amount(category, None) == D("0.20")
    assert amount(category, "99999") == D("0.20")


@pytest.mark.parametrize("category", ["年薪制", "个体"])
def test_annual_salary_and_self_employed_use_the_wage_brackets(category: str) -> None:
    assert amount(category, "5100") == D("76.50")
    assert amount(category, "10000.01") == D("200.00")


def test_rate_category_needs_a_base_and_no_negative_base() -> None:
    with pytest.raises(UserError, match="计算基数"):
        amount("在职", None)
    with pytest.raises(UserError, match="负数"):
        amount("在职", "-1")
    with pytest.raises(UserError, match="没有类别"):
        amount("工人", "100")


def test_farmer_amount_is_configurable_within_its_range() -> None:
    data = rule_set_to_data(RULES)
    farmer = next(r for r in data["rules"] if r["category"] == "农民")
    farmer["fixed"] = "0.50"
    data.update(name="某省2030年规定", effective="2030-01-01")
    province = rule_set_from_data(data)
    validate_rule_set(province)
    assert monthly_amount(province, "农民", None) == D("0.50")
    farmer["fixed"] = "1.50"
    with pytest.raises(ValidationError, match=r"不能高于 1\.00"):
        validate_rule_set(rule_set_from_data(data))


def test_custom_fixed_category() -> None:
    rules = RuleSet("自定义", dt.date(2030, 1, 1),
                    (*RULES.rules, CategoryRule("灵活就业", fixed=D("1.00"))))
    validate_rule_set(rules)
    assert monthly_amount(rules, "灵活就业", None) == D("1.00")


def test_rule_set_is_data_and_chosen_by_effective_date() -> None:
    data = rule_set_to_data(RULES)
    assert rule_set_from_data(data) == RULES
    data.update(name="2030年新规定", effective="2030-01-01")
    employed = next(r for r in data["rules"] if r["category"] == "在职")
    employed["brackets"] = [{"upto": "4000", "percent": "0.5"}, {"upto": None, "percent": "1"}]
    newer = rule_set_from_data(data)
    both = [RULES, newer]
    assert rule_set_on(both, dt.date(2029, 12, 31)) is RULES
    assert rule_set_on(both, dt.date(2030, 1, 1)) is newer
    assert monthly_amount(newer, "在职", D("3500")) == D("17.50")
    assert rule_set_on(both, dt.date(2000, 1, 1)) is RULES  # before any: the oldest


def test_brackets_as_text_round_trip() -> None:
    text = format_brackets(RULES.rule("在职").brackets)
    assert text == "≤3000:0.5%；≤5000:1%；≤10000:1.5%；以上:2%"
    assert parse_brackets(text) == RULES.rule("在职").brackets
    assert parse_brackets("<=3000 0.5%, 以上 1%")[1].upto is None
    with pytest.raises(UserError, match="格式不对"):
        parse_brackets("3000以下百分之一")


@pytest.mark.parametrize(("brackets", "message"), [
    ("≤5000:1%；≤3000:0.5%；以上:2%", "从小到大"),
    ("≤3000:0.5%；≤5000:1%", "最后一档"),
    ("≤3000:0.5%；以上:120%", "0% 到 100%"),
])
def test_invalid_brackets_are_refused(brackets: str, message: str) -> None:
    rules = RuleSet("坏规则", dt.date(2030, 1, 1), (
        CategoryRule("在职", brackets=parse_brackets(brackets)),))
    with pytest.raises(ValidationError, match=message):
        validate_rule_set(rules)


PAY = {"职务工资": D("3000"), "级别工资": D("2500"), "津贴补贴": D("2000"),
       "个人所得税": D("150"), "养老保险": D("600"), "医疗保险": D("150"),
       "失业保险": D("40"), "住房公积金": D("900"), "职业年金": D("300")}


def test_base_under_two_deduction_profiles() -> None:
    full, tax_only = DEFAULT_PROFILES[0], DEFAULT_PROFILES[2]
    built = build_base(PAY, full)
    assert built.income == D("7500")
    assert built.base == D("5360")  # 7500 - 150 - 600 - 150 - 40 - 900 - 300
    assert monthly_amount(RULES, "在职", built.base) == D("80.40")
    built = build_base(PAY, tax_only)
    assert built.base == D("7350")
    assert set(built.not_deducted) == {"养老保险", "医疗保险", "失业保险", "住房公积金", "职业年金"}
    assert monthly_amount(RULES, "在职", built.base) == D("110.25")
    assert tax_only.describe() == "扣除个人所得税"


def test_base_refuses_negative_items_and_deductions_over_income() -> None:
    with pytest.raises(UserError, match="负数"):
        build_base({"职务工资": D("-1")}, DEFAULT_PROFILES[0])
    with pytest.raises(UserError, match="超过"):
        build_base({"职务工资": D("100"), "住房公积金": D("200")}, DEFAULT_PROFILES[0])
    assert build_base({}, DeductionProfile("无", ())).base == 0


def _expected_percent(category: str, base: Decimal) -> Decimal:
    if category == "离退休":
        return D("0.5") if base <= 5000 else D("1")
    if base <= 3000:
        return D("0.5")
    if base <= 5000:
        return D("1")
    return D("1.5") if base <= 10000 else D("2")


@given(
    category=st.sampled_from(["在职", "离退休", "年薪制", "个体"]),
    fen=st.integers(min_value=0, max_value=10_000_000),
)
def test_amount_is_rate_times_base_rounded_half_up(category: str, fen: int) -> None:
    base = D(fen) / 100
    result = monthly_amount(RULES, category, base)
    expected = (base * _expected_percent(category, base) / 100).quantize(
        D("0.01"), rounding=ROUND_HALF_UP)
    assert result == expected
    assert result >= 0
    assert result.as_tuple().exponent == -2
