"""The quorum and vote rules of domain.md §2 at their exact thresholds, odd and even."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.meetings.votes import (
    COMMITTEE_RULE,
    ELECTION_RULE,
    FAILED,
    GENERAL_RULE,
    INVALID,
    PASSED,
    quorum,
    vote_outcome,
    vote_rule,
)


@pytest.mark.parametrize(("expected", "present", "met", "warned"), [
    (10, 6, True, False),   # even: more than half
    (10, 5, True, True),    # even: exactly half -> warning, not blocked
    (10, 4, False, False),
    (9, 5, True, False),    # odd: 5 of 9 is more than half
    (9, 4, False, False),   # odd: 4 of 9 is not
    (1, 1, True, False),
    (2, 1, True, True),
])
def test_general_meeting_quorum(expected: int, present: int, met: bool, warned: bool) -> None:
    """党员大会 (支部工作条例第十一条): more than half of the voters expected present; exactly
    half is unclear in the sources, so it warns and does not block."""
    check = quorum(GENERAL_RULE, expected, present)
    assert check.met is met
    assert bool(check.warning) is warned
    assert bool(check.message) is (not met)


@pytest.mark.parametrize(("expected", "present", "met"), [
    (5, 3, True), (5, 2, False),      # odd committee
    (4, 3, True), (4, 2, False),      # even: exactly half is not enough, and no warning
    (7, 4, True), (7, 3, False),
])
def test_committee_quorum_needs_more_than_half(expected: int, present: int, met: bool) -> None:
    """支委会 (支部工作条例第十二条): more than half of the 委员 present; exactly half is not."""
    check = quorum(COMMITTEE_RULE, expected, present)
    assert check.met is met
    assert check.warning == ""


@pytest.mark.parametrize(("expected", "present", "met"), [
    (10, 9, True), (10, 8, False),    # 8/10 is exactly 4/5: not more
    (11, 9, True), (11, 8, False),    # 9/11 > 0.8 > 8/11
    (5, 5, True), (5, 4, False),
    (20, 17, True), (20, 16, False),
])
def test_election_needs_more_than_four_fifths(expected: int, present: int, met: bool) -> None:
    """《中国共产党基层组织选举工作条例》(2020): an election is valid only with more than 4/5
    of the electors present."""
    assert quorum(ELECTION_RULE, expected, present).met is met


@pytest.mark.parametrize(("expected", "present", "yes", "result"), [
    (10, 10, 6, PASSED), (10, 10, 5, FAILED),   # even: 5 is not more than half of 10
    (9, 9, 5, PASSED), (9, 9, 4, FAILED),        # odd
    (10, 6, 5, FAILED),  # 5 of the 6 present is a majority of those present, not of 应到
    (10, 6, 6, PASSED),
    (10, 5, 5, FAILED),  # exactly half present: quorate with a warning, 5 yes not enough
    (10, 4, 4, INVALID),  # not quorate
])
def test_pass_counts_against_expected_voters(expected: int, present: int, yes: int,
                                             result: str) -> None:
    """支部工作条例第十一条: a motion passes with yes votes of more than half of the voters
    expected (应到), not of those present."""
    outcome = vote_outcome(GENERAL_RULE, expected, present, yes, present - yes, 0)
    assert outcome.result == result


def test_exactly_half_present_warns_but_decides() -> None:
    outcome = vote_outcome(GENERAL_RULE, 8, 4, 4, 0, 0)
    assert outcome.result == FAILED
    assert any("恰好半数" in m for m in outcome.messages)


def test_committee_and_election_results() -> None:
    assert vote_outcome(COMMITTEE_RULE, 5, 3, 3, 0, 0).result == PASSED
    assert vote_outcome(COMMITTEE_RULE, 5, 3, 2, 1, 0).result == FAILED
    assert vote_outcome(COMMITTEE_RULE, 4, 2, 2, 0, 0).result == INVALID
    assert vote_outcome(ELECTION_RULE, 10, 8, 8, 0, 0).result == INVALID
    assert vote_outcome(ELECTION_RULE, 10, 9, 6, 3, 0).result == PASSED


def test_no_votes_entered_has_no_result() -> None:
    assert vote_outcome(GENERAL_RULE, 10, 8, None, None, None).result is None


@pytest.mark.parametrize(("yes", "no", "abstain", "message"), [
    (6, 2, 1, "超过实到"),  # 9 votes from 8 present voters
    (-1, 0, 0, "负数"),
])
def test_impossible_counts_are_invalid(yes: int, no: int, abstain: int, message: str) -> None:
    outcome = vote_outcome(GENERAL_RULE, 10, 8, yes, no, abstain)
    assert outcome.result == INVALID
    assert message in outcome.messages[0]


def test_nobody_expected_cannot_vote() -> None:
    assert vote_outcome(GENERAL_RULE, 0, 0, 0, 0, 0).result == INVALID


def test_which_rule_applies() -> None:
    assert vote_rule(["支部委员会"], "表决") == COMMITTEE_RULE
    assert vote_rule(["支部党员大会"], "表决") == GENERAL_RULE
    assert vote_rule(["支部党员大会", "主题党日"], "表决") == GENERAL_RULE
    assert vote_rule(["支部委员会", "支部党员大会"], "表决") == GENERAL_RULE
    assert vote_rule(["支部党员大会"], "选举") == ELECTION_RULE


@given(st.integers(1, 60).flatmap(lambda e: st.tuples(
    st.just(e), st.integers(0, e)).flatmap(lambda ep: st.tuples(
        st.just(ep[0]), st.just(ep[1]), st.integers(0, ep[1])))))
def test_general_result_matches_the_rule(counts: tuple[int, int, int]) -> None:
    expected, present, yes = counts
    result = vote_outcome(GENERAL_RULE, expected, present, yes, 0, present - yes).result
    if 2 * present < expected:
        assert result == INVALID
    elif 2 * yes > expected:
        assert result == PASSED
    else:
        assert result == FAILED
