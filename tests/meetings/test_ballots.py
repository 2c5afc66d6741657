"""Ballot validity and the 差额 rule (《中国共产党基层组织选举工作条例》, issue 15 item 6)."""

import pytest

from app.meetings.election import Ballot, contest_warnings, election_outcome, election_problems


def test_more_marks_than_seats_times_valid_ballots_is_refused() -> None:
    """A ballot marking more names than seats is invalid, so the yes marks total at most
    seats × valid ballots: 2 seats, 18 ballots, three candidates at 18 each (54 marks where
    36 are possible) cannot be right."""
    candidates = [Ballot(name, 18, 0, 0) for name in ("甲", "乙", "丙")]
    problems = election_problems(18, 2, 18, 18, candidates, 0)
    assert any("超过应选2名×有效票18张=36票" in p for p in problems)
    outcome = election_outcome(20, 18, 2, 18, 18, candidates, 0)
    assert outcome.result == "无效"


def test_invalid_ballots_leave_the_valid_ones_to_count() -> None:
    """无效票 are entered; each candidate's votes are counted on the valid ballots only."""
    assert election_problems(18, 1, 18, 18, [Ballot("甲", 16, 1, 1)], 19) == [
        "无效票19张，多于收回选票18张"]
    over = election_problems(18, 2, 18, 18, [Ballot("甲", 15, 1, 1), Ballot("乙", 10, 5, 1)], 2)
    assert any("甲的赞成、反对、弃权票合计17票，超过有效票16张" in p for p in over)
    outcome = election_outcome(20, 18, 2, 18, 18,
                               [Ballot("甲", 14, 1, 1), Ballot("乙", 11, 4, 1),
                                Ballot("丙", 7, 8, 1)], 2)
    assert outcome.result == "有效" and outcome.elected == ["甲", "乙"]


@pytest.mark.parametrize(("title", "seats", "candidates", "warned"), [
    ("选举支部委员会委员", 5, 5, True),    # 等额: no 差额
    ("选举支部委员会委员", 7, 8, True),    # 1 of 7 is below 20 %
    ("选举支部委员会委员", 7, 9, False),   # 2 of 7 ≥ 20 %
    ("选举支部委员会委员", 5, 6, False),   # 1 of 5 = 20 %
    ("选举支部书记", 1, 1, False),         # 书记 may be 等额
    ("选举支部副书记", 1, 1, False),
])
def test_contest_rule_for_committee_members(title: str, seats: int, candidates: int,
                                            warned: bool) -> None:
    """委员候选人的差额不少于应选人数的20%; 书记、副书记 may be elected 等额. A warning that
    cites the rule, not a refusal."""
    warnings = contest_warnings(title, seats, candidates)
    assert bool(warnings) is warned
    if warned:
        assert "《中国共产党基层组织选举工作条例》" in warnings[0]
