"""Elections by candidate: the rules at their thresholds, saving and refusing, versions,
copies, the printed minutes, `meetings show` and `branchdesk check`."""

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from app.cli import main
from app.meetings.checks import meeting_problems
from app.meetings.detail import get_meeting_detail
from app.meetings.election import (
    CONTESTED,
    ELECTED,
    NOT_ELECTED,
    TIED,
    UNCONTESTED,
    VALID,
    Ballot,
    election_outcome,
    election_problems,
    election_style,
)
from app.meetings.minutes import minutes_pdf
from app.meetings.service import (
    AgendaInput,
    CandidateInput,
    amend_meeting,
    finalise_meeting,
    meeting_input,
    save_meeting,
)
from app.meetings.snapshots import version_detail
from app.meetings.templates import copy_meeting
from app.meetings.text import minutes_text
from app.meetings.votes import INVALID
from base.errors import ValidationError
from db.models import ElectionCandidate
from tests import pdfcheck
from tests.meetings.conftest import TODAY, Branch, attendance, general_meeting, make_branch

MARCH = dt.date(2026, 3, 12)


# --- rules ----------------------------------------------------------------------------------

def test_elected_needs_more_than_half_of_the_electors_expected() -> None:
    """《中国共产党基层组织选举工作条例》(2020): 当选 needs yes votes of more than half of the
    electors expected (应到会有选举权的人数)."""
    # 12 electors expected, 11 present: 6 yes is exactly half (not elected), 7 is more.
    outcome = election_outcome(12, 11, 2, 11, 11, [Ballot("甲", 7, 4, 0), Ballot("乙", 6, 5, 0)])
    assert outcome.result == VALID
    assert outcome.candidates == [ELECTED, NOT_ELECTED]
    assert outcome.elected == ["甲"] and outcome.unfilled == 1
    assert "乙得赞成票6票，未超过应到有选举权人数12人的半数" in outcome.messages
    assert outcome.summary == "应选2名，当选1名：甲；尚缺1名，需另行选举。"


def test_more_passing_than_seats_goes_by_yes_votes() -> None:
    outcome = election_outcome(10, 10, 2, 10, 10, [
        Ballot("甲", 9, 1, 0), Ballot("乙", 6, 4, 0), Ballot("丙", 8, 2, 0)])
    assert outcome.candidates == [ELECTED, NOT_ELECTED, ELECTED]
    assert outcome.elected == ["甲", "丙"] and outcome.unfilled == 0
    assert any("按得票多少确定当选人" in m for m in outcome.messages)


def test_a_tie_for_the_last_seat_is_voted_again() -> None:
    outcome = election_outcome(10, 10, 2, 10, 10, [
        Ballot("甲", 9), Ballot("乙", 7), Ballot("丙", 7)])
    assert outcome.candidates == [ELECTED, TIED, TIED]
    assert outcome.elected == ["甲"] and outcome.tied_seats == 1 and outcome.unfilled == 0
    assert "末位票数相同：乙、丙各得7票，需就票数相同的候选人再次投票" in outcome.summary
    # A tie that still fits the seats decides nothing: both are elected.
    fits = election_outcome(10, 10, 2, 10, 10, [Ballot("甲", 7), Ballot("乙", 7), Ballot("丙", 2)])
    assert fits.candidates == [ELECTED, ELECTED, NOT_ELECTED]


@pytest.mark.parametrize(("expected", "present", "valid"), [
    (10, 9, True), (10, 8, False),   # 8 of 10 is exactly 4/5: not more
    (5, 5, True), (5, 4, False), (12, 10, True), (12, 9, False)])
def test_quorum_is_more_than_four_fifths(expected: int, present: int, valid: bool) -> None:
    """《中国共产党基层组织选举工作条例》(2020): with not more than 4/5 of the electors present the
    election is invalid."""
    outcome = election_outcome(expected, present, 1, present, present,
                               [Ballot("甲", present)])
    assert outcome.result == (VALID if valid else INVALID)
    assert valid or "超过五分之四" in outcome.messages[0]


def test_more_ballots_returned_than_issued_voids_the_election() -> None:
    outcome = election_outcome(10, 10, 1, 9, 10, [Ballot("甲", 10)])
    assert outcome.result == INVALID and outcome.elected == []
    assert outcome.summary == "收回选票10张，多于发出选票9张，选举无效，应重新进行选举。"


def test_problems_refused_at_save() -> None:
    assert election_problems(10, 3, 10, 10, [Ballot("甲"), Ballot("乙")]) == [
        "候选人2人，少于应选人数3人（候选人数应不少于应选人数）"]
    assert election_problems(10, None, None, None, [Ballot("甲")]) == ["请填写应选人数"]
    assert election_problems(10, 0, None, None, []) == ["应选人数至少为1人"]
    assert election_problems(10, 1, 11, 10, [Ballot("甲")]) == [
        "发出选票11张，超过实到有选举权的10人"]
    assert election_problems(10, 1, 10, 8, [Ballot("甲", 6, 2, 1)]) == [
        "甲的赞成、反对、弃权票合计9票，超过收回选票8张"]
    assert election_problems(10, 1, 10, 10, [Ballot("甲"), Ballot(" 甲 ")]) == ["候选人“甲”重复"]
    assert election_problems(10, 1, 10, 10, [Ballot("", 1)]) == ["第1位候选人缺少姓名"]
    assert election_problems(10, 1, -1, 10, [Ballot("甲", -1)]) == [
        "选票数不能为负数", "甲的票数不能为负数"]


def test_missing_figures_leave_the_result_open() -> None:
    assert election_outcome(10, 10, None, None, None, []).result is None
    outcome = election_outcome(10, 10, 2, None, None, [Ballot("甲", 9), Ballot("乙")])
    assert outcome.result is None and outcome.candidates == [None, None]
    assert outcome.messages == ["尚未录入发出、收回选票数", "尚未录入得票：乙"]


def test_style() -> None:
    assert election_style(5, 6) == CONTESTED and election_style(5, 5) == UNCONTESTED
    assert election_style(None, 3) == election_style(5, 4) == ""


@st.composite
def elections(draw: st.DrawFn) -> tuple[int, int, int, int, list[Ballot]]:
    expected = draw(st.integers(1, 40))
    present = draw(st.integers(0, expected))
    returned = draw(st.integers(0, present))
    seats = draw(st.integers(1, 7))
    count = draw(st.integers(seats, seats + 4))
    ballots = []
    for index in range(count):
        yes = draw(st.integers(0, returned))
        no = draw(st.integers(0, returned - yes))
        ballots.append(Ballot(f"候选人{index}", yes, no, draw(st.integers(0, returned - yes - no))))
    return expected, present, seats, returned, ballots


@given(elections())
def test_never_more_elected_than_seats_and_each_elected_has_a_majority(
        case: tuple[int, int, int, int, list[Ballot]]) -> None:
    expected, present, seats, returned, ballots = case
    outcome = election_outcome(expected, present, seats, present, returned, ballots)
    assert outcome.result in (VALID, INVALID)
    if outcome.result == INVALID:
        assert outcome.elected == [] and present * 5 <= expected * 4
        return
    assert len(outcome.elected) + outcome.tied_seats + outcome.unfilled == seats
    yes = {b.name: b.yes for b in ballots}
    assert all(yes[name] * 2 > expected for name in outcome.elected)
    losers = [b.yes for b, r in zip(ballots, outcome.candidates, strict=True) if r != ELECTED]
    assert all(yes[name] > max(losers, default=-1) for name in outcome.elected)
    tied = {b.yes for b, r in zip(ballots, outcome.candidates, strict=True) if r == TIED}
    assert len(tied) <= 1 and (not tied or outcome.tied_seats >= 1)


# --- service --------------------------------------------------------------------------------

def election(seats: int | None = 2, issued: int | None = 12, returned: int | None = 12,
             candidates: list[CandidateInput] | None = None) -> AgendaInput:
    return AgendaInput("选举支部委员", "选举", "差额选举", seats=seats, ballots_issued=issued,
                       ballots_returned=returned, candidates=candidates or [])


def save(session: Session, data) -> str:
    at = dt.datetime.combine(data.date, dt.time(18)).astimezone()
    return save_meeting(session, data, today=TODAY, now=at).id


def test_election_is_saved_with_its_candidates_and_counted(session: Session,
                                                           branch: Branch) -> None:
    zhao, qian, sun = branch.full[:3]
    data = general_meeting(branch, MARCH, agenda=[election(candidates=[
        CandidateInput("", zhao.id, 11, 1, 0), CandidateInput("", qian.id, 9, 2, 1),
        CandidateInput("外单位张同志", None, 5, 6, 1)])])
    meeting_id = save(session, data)
    line = get_meeting_detail(session, meeting_id).agenda[0]
    assert line.vote is None
    result = line.election
    assert (result.expected, result.present, result.seats) == (12, 12, 2)
    assert (result.ballots_issued, result.ballots_returned) == (12, 12)
    assert result.style == CONTESTED and result.result == VALID
    assert [(c.name, c.member_id, c.result) for c in result.candidates] == [
        (zhao.name, zhao.id, ELECTED), (qian.name, qian.id, ELECTED),
        ("外单位张同志", None, NOT_ELECTED)]
    assert result.summary == f"应选2名，当选2名：{zhao.name}、{qian.name}。"
    # Editing keeps the candidate rows (by position); dropping one tombstones it.
    data = meeting_input(session, meeting_id)
    assert [c.name for c in data.agenda[0].candidates] == [zhao.name, qian.name, "外单位张同志"]
    data.agenda[0].candidates[2] = CandidateInput("", sun.id, 3, 8, 1)
    save_meeting(session, data, meeting_id, today=TODAY)
    data.agenda[0].candidates.pop()
    save_meeting(session, data, meeting_id, today=TODAY)
    rows = session.query(ElectionCandidate).order_by(ElectionCandidate.position).all()
    assert [(r.name, r.deleted_at is None) for r in rows] == [
        (zhao.name, True), (qian.name, True), (sun.name, False)]
    assert [r.version for r in rows] == [1, 1, 3]  # unchanged rows keep their version
    # The 议题 becomes a plain one: its candidates go with it.
    data.agenda = [AgendaInput("学习")]
    save_meeting(session, data, meeting_id, today=TODAY)
    assert all(r.deleted_at is not None for r in session.query(ElectionCandidate))


@pytest.mark.parametrize(("item", "message"), [
    (election(seats=3, candidates=[CandidateInput("甲", None, 1)]), "少于应选人数3人"),
    (election(issued=13, candidates=[CandidateInput("甲"), CandidateInput("乙")]),
     "发出选票13张，超过实到有选举权的12人"),
    (election(returned=5, candidates=[CandidateInput("甲", None, 4, 2),
                                      CandidateInput("乙")]), "超过收回选票5张"),
    (election(seats=None, candidates=[CandidateInput("甲")]), "请填写应选人数"),
    (AgendaInput("表彰", "表决", seats=1), "不是选举事项，不能录入候选人和选票"),
    (AgendaInput("选举", "选举", votes_yes=3, seats=1, candidates=[CandidateInput("甲")]),
     "选举按候选人分别计票"),
])
def test_impossible_figures_are_refused_and_nothing_is_saved(
        session: Session, branch: Branch, item: AgendaInput, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        save(session, general_meeting(branch, MARCH, agenda=[item]))
    assert session.query(ElectionCandidate).count() == 0


def test_probationary_members_cannot_stand(session: Session, branch: Branch) -> None:
    june = dt.date(2026, 6, 10)
    data = general_meeting(branch, june, agenda=[election(issued=None, returned=None, candidates=[
        CandidateInput("", branch.full[0].id), CandidateInput("", branch.probationary[0].id)])])
    with pytest.raises(ValidationError, match="蒋预一在选举之日没有被选举权"):
        save(session, data)


def test_quorum_and_void_ballots_are_saved_as_invalid(session: Session, branch: Branch) -> None:
    away = {m.name: ("请假", "出差") for m in branch.full[9:]}  # 9 of 12 present: not > 4/5
    data = general_meeting(branch, MARCH, agenda=[election(
        seats=1, issued=9, returned=9, candidates=[CandidateInput("甲", None, 9)])])
    data.attendance = attendance(branch.everyone_on(MARCH), away)
    result = get_meeting_detail(session, save(session, data)).agenda[0].election
    assert result.result == INVALID and "超过五分之四" in result.summary
    assert [c.result for c in result.candidates] == [None]


def test_an_election_recorded_as_one_count_still_reads_as_a_vote(session: Session,
                                                                 branch: Branch) -> None:
    data = general_meeting(branch, MARCH, agenda=[AgendaInput(
        "选举支部委员", "选举", votes_yes=12, votes_no=0, votes_abstain=0)])
    line = get_meeting_detail(session, save(session, data)).agenda[0]
    assert line.election is None and line.vote.result == "通过"


def test_versions_keep_the_candidates_and_copies_leave_them_out(session: Session,
                                                                branch: Branch) -> None:
    zhao, qian = branch.full[:2]
    data = general_meeting(branch, MARCH, agenda=[election(candidates=[
        CandidateInput("", zhao.id, 12), CandidateInput("", qian.id, 6, 6)])])
    meeting_id = save(session, data)
    finalise_meeting(session, meeting_id)
    data.agenda[0].candidates[1].votes_yes, data.agenda[0].candidates[1].votes_no = 10, 2
    amend_meeting(session, meeting_id, data, "更正钱二的得票", today=TODAY)
    first = version_detail(session, meeting_id, 1).agenda[0].election
    second = version_detail(session, meeting_id, 2).agenda[0].election
    assert [c.result for c in first.candidates] == [ELECTED, NOT_ELECTED]
    assert first.unfilled == 1 and first.candidates[1].yes == 6
    assert [c.result for c in second.candidates] == [ELECTED, ELECTED]
    copy = copy_meeting(session, meeting_id, dt.date(2026, 4, 1))
    item = copy.agenda[0]
    assert (item.kind, item.seats, item.candidates) == ("选举", 2, [])
    assert item.ballots_issued is item.ballots_returned is None


def test_check_finds_impossible_elections(session: Session, branch: Branch) -> None:
    data = general_meeting(branch, MARCH, agenda=[election(candidates=[
        CandidateInput("甲", None, 8), CandidateInput("乙", None, 6)])])
    meeting_id = save(session, data)
    row = session.query(ElectionCandidate).filter_by(name="甲").one()
    row.votes_yes = 20  # changed behind the app's back
    session.flush()
    assert meeting_problems(session) == [
        f"{MARCH:%Y-%m-%d}的会议记录议题“选举支部委员”：甲的赞成、反对、弃权票合计20票，"
        "超过收回选票12张"]
    assert get_meeting_detail(session, meeting_id).agenda[0].election.result == INVALID


# --- text, print, CLI -----------------------------------------------------------------------

def _contested(session: Session, branch: Branch) -> str:
    zhao, qian, sun, li = branch.full[:4]
    data = general_meeting(branch, MARCH, agenda=[AgendaInput(
        "选举产生新一届支部委员会", "选举", "采用无记名投票方式。", seats=2, ballots_issued=12,
        ballots_returned=12, candidates=[
            CandidateInput("", zhao.id, 11, 1, 0), CandidateInput("", qian.id, 8, 3, 1),
            CandidateInput("", sun.id, 8, 2, 2), CandidateInput("", li.id, 4, 7, 1)])])
    return save(session, data)


def test_minutes_text_and_pdf_show_the_election(session: Session, branch: Branch) -> None:
    meeting_id = _contested(session, branch)
    text = minutes_text(get_meeting_detail(session, meeting_id))
    assert "应选2名，候选人4名（差额选举）；发出选票12张，收回选票12张" in text
    assert "钱二：赞成8票，反对3票，弃权1票——待定" in text
    assert "李四：赞成4票，反对7票，弃权1票——未当选" in text
    flat = pdfcheck.compact(minutes_pdf(session, meeting_id))
    expected = ["选举情况：", "应选2名，候选人4名，差额选举。",
                "应到有选举权的党员12人，实到12人。",
                "发出选票12张，收回选票12张，选举有效。",
                "序号候选人赞成反对弃权结果", "1赵一1110当选", "2钱二831待定", "4李四471未当选",
                "选举结果：应选2名，当选1名：赵一；末位票数相同：钱二、孙三各得8票，"
                "需就票数相同的候选人再次投票，确定剩余的1个名额。"]
    assert [value for value in expected if value not in flat] == []


def test_show_json_has_candidates_and_results(database, capsys: pytest.CaptureFixture[str]
                                              ) -> None:
    with database.session() as session:
        meeting_id = _contested(session, make_branch(session))
    path = str(database.path)
    database.close()
    assert main(["--db", path, "meetings", "show", meeting_id, "--json"]) == 0
    item = json.loads(capsys.readouterr().out)["agenda"][0]
    assert item["vote"] is None
    election = item["election"]
    assert (election["seats"], election["style"], election["result"]) == (2, "差额选举", "有效")
    assert [(c["name"], c["yes"], c["result"]) for c in election["candidates"]] == [
        ("赵一", 11, "当选"), ("钱二", 8, "待定"), ("孙三", 8, "待定"), ("李四", 4, "未当选")]
    assert election["elected"] == ["赵一"] and election["tied_seats"] == 1
