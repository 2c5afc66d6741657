"""A policy change is a settings change: new rule versions, profiles, rounding and share."""

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from app import settings
from app.dues import config
from app.dues.assessment import AssessmentInput, compute
from app.dues.rules import (
    DEFAULT_RULE_SET,
    DeductionProfile,
    parse_brackets,
    rule_set_from_data,
    rule_set_to_data,
)
from base.errors import UserError
from tests.dues.helpers import assess, make_member

D = Decimal


def _new_rules(name: str = "2027年新办法", effective: str = "2027-01-01"):
    data = rule_set_to_data(DEFAULT_RULE_SET)
    data.update(name=name, effective=effective)
    employed = next(r for r in data["rules"] if r["category"] == "在职")
    employed["brackets"] = [{"upto": b.upto and str(b.upto), "percent": str(b.percent)}
                            for b in parse_brackets("≤4000:0.5%；以上:1%")]
    return rule_set_from_data(data)


def test_new_rule_version_applies_from_its_effective_date(session: Session) -> None:
    member = make_member(session)
    config.save_rule_set(session, _new_rules())
    assert [r.name for r in config.rule_sets(session)] == [DEFAULT_RULE_SET.name, "2027年新办法"]
    assess(session, member, [2026, 2027])
    old = compute(session, AssessmentInput(member.id, 2026, "在职", base=D("5100")))
    new = compute(session, AssessmentInput(member.id, 2027, "在职", base=D("5100")))
    assert (old.monthly_amount, old.rule_set.name) == (D("76.50"), DEFAULT_RULE_SET.name)
    assert (new.monthly_amount, new.rule_set.name) == (D("51.00"), "2027年新办法")


def test_rule_versions_are_checked(session: Session) -> None:
    with pytest.raises(UserError, match="内置规则"):
        config.save_rule_set(session, _new_rules(name=DEFAULT_RULE_SET.name))
    config.save_rule_set(session, _new_rules())
    with pytest.raises(UserError, match="已有名为"):
        config.save_rule_set(session, _new_rules(effective="2028-01-01"))
    with pytest.raises(UserError, match="起施行的规则版本"):
        config.save_rule_set(session, _new_rules(name="另一个"))
    config.save_rule_set(session, _new_rules(name="改名后"), replaces="2027年新办法")
    assert config.rule_set_for(session, 2027).name == "改名后"
    config.delete_rule_set(session, "改名后")
    with pytest.raises(UserError, match="内置规则不能删除"):
        config.delete_rule_set(session, DEFAULT_RULE_SET.name)
    assert config.rule_set_for(session, 2030) == DEFAULT_RULE_SET


def test_rounding_unit_and_profiles_are_settings(session: Session) -> None:
    member = make_member(session)
    settings.put(session, config.ROUNDING_UNIT, "元")
    items = {"职务工资": D("4000"), "住房公积金": D("500")}
    data = AssessmentInput(member.id, 2026, "在职", pay_items=items)
    assert compute(session, data).monthly_amount == D("35.00")  # 3500 × 1%
    config.save_profiles(session, [DeductionProfile("不扣公积金", ())], "不扣公积金")
    assert compute(session, data).base == D("4000")
    with pytest.raises(UserError, match="不能重复"):
        config.save_profiles(session, [DeductionProfile("甲", ()), DeductionProfile("甲", ())],
                             "甲")
    with pytest.raises(UserError, match="找不到扣除方案"):
        compute(session, AssessmentInput(member.id, 2026, "在职", pay_items=items,
                                         profile="不存在"))


def test_recipient_defaults_to_the_parent_committee(session: Session) -> None:
    from app.profile import ProfileInput, save_profile

    save_profile(session, ProfileInput(name="中共测试局机关第一党支部", code="T-01",
                                       parent_committee="中共测试局机关委员会"))
    assert config.recipient(session) == "中共测试局机关委员会"
    settings.put(session, config.RECIPIENT, "中共市直属机关工作委员会")
    assert config.recipient(session) == "中共市直属机关工作委员会"
