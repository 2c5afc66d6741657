"""Elections by candidate (《中国共产党基层组织选举工作条例》) as pure functions of the counts.

More than 4/5 of the electors must be present (votes.ELECTION_RULE). The ballots count only if
no more come back than were issued. A candidate is elected with yes votes from MORE than half
of the electors EXPECTED (应到), as for motions. When more candidates pass that bar than there
are seats, the highest yes counts win; a tie for the last seat is voted on again. Seats left
empty are filled by a later election (另行选举).
"""

from dataclasses import dataclass, field

from app.meetings.votes import ELECTION_RULE, INVALID, quorum

VALID = "有效"
ELECTED = "当选"
NOT_ELECTED = "未当选"
TIED = "待定"  # tied for the last seat: voted on again
CONTESTED = "差额选举"
UNCONTESTED = "等额选举"


@dataclass(frozen=True)
class Ballot:
    """One candidate's counts; all None while not yet entered."""

    name: str
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None

    @property
    def entered(self) -> bool:
        return any(v is not None for v in (self.yes, self.no, self.abstain))

    @property
    def total(self) -> int:
        return sum(v or 0 for v in (self.yes, self.no, self.abstain))


@dataclass(frozen=True)
class ElectionOutcome:
    result: str | None  # 有效 / 无效; None while something is missing
    candidates: list[str | None] = field(default_factory=list)  # 当选 / 未当选 / 待定 each
    elected: list[str] = field(default_factory=list)
    tied_seats: int = 0  # seats left to the re-vote among the tied candidates
    unfilled: int = 0  # seats left to a later election
    summary: str = ""  # the outcome in one sentence
    messages: list[str] = field(default_factory=list)


def election_style(seats: int | None, candidates: int) -> str:
    """差额选举 with more candidates than seats, 等额选举 with as many."""
    if not seats or candidates < seats:
        return ""
    return CONTESTED if candidates > seats else UNCONTESTED


#: 《中国共产党基层组织选举工作条例》(2020): 委员候选人的差额不少于应选人数的20%;
#: 书记 and 副书记 may be elected 等额.
CONTEST_RULE = "《中国共产党基层组织选举工作条例》规定：委员候选人的差额不少于应选人数的20%"


def is_secretary_election(title: str) -> bool:
    """An election of the 书记 or 副书记 alone, which may be 等额."""
    return "书记" in title and "委员" not in title


def contest_warnings(title: str, seats: int | None, candidates: int) -> list[str]:
    """差额 below 20 % of the seats in an election of 委员 (a warning, citing the rule)."""
    if not seats or candidates < seats or is_secretary_election(title):
        return []
    if (candidates - seats) * 5 >= seats:
        return []
    needed = seats + -(-seats // 5)
    return [f"应选{seats}名，候选人{candidates}名，差额{candidates - seats}名，不足应选人数的20%"
            f"（至少应有{needed}名候选人）。{CONTEST_RULE}"]


def _ballot_problems(seats: int | None, returned: int | None, invalid: int | None,
                     candidates: list[Ballot]) -> list[str]:
    """Ballot validity: 无效票 among those returned; a ballot marking more names than seats
    is invalid, so the yes marks on the valid ballots total at most seats × valid."""
    if invalid is None:
        return []
    if invalid < 0:
        return ["无效票数不能为负数"]
    if returned is not None and invalid > returned:
        return [f"无效票{invalid}张，多于收回选票{returned}张"]
    if seats and returned is not None:
        valid = returned - invalid
        marks = sum(b.yes or 0 for b in candidates)
        if marks > seats * valid:
            return [f"候选人赞成票合计{marks}票，超过应选{seats}名×有效票{valid}张"
                    f"={seats * valid}票"
                    "（所选人数多于应选人数的选票为无效票，应计入无效票）"]
    return []


def election_problems(present: int, seats: int | None, issued: int | None,
                      returned: int | None, candidates: list[Ballot],
                      invalid: int | None = None) -> list[str]:
    """Why these figures cannot be right (refused when saving); [] when they can."""
    problems: list[str] = []
    if seats is None:
        if candidates:
            problems.append("请填写应选人数")
    elif seats < 1:
        problems.append("应选人数至少为1人")
    elif candidates and len(candidates) < seats:
        problems.append(f"候选人{len(candidates)}人，少于应选人数{seats}人"
                        "（候选人数应不少于应选人数）")
    if any(v is not None and v < 0 for v in (issued, returned)):
        problems.append("选票数不能为负数")
    elif issued is not None and issued > present:
        problems.append(f"发出选票{issued}张，超过实到有选举权的{present}人")
    seen: set[str] = set()
    limit, what = (present, f"实到有选举权的{present}人") if returned is None else \
        (returned, f"收回选票{returned}张")
    if returned is not None and invalid is not None and 0 <= invalid <= returned:
        limit, what = returned - invalid, f"有效票{returned - invalid}张"
    for number, ballot in enumerate(candidates, start=1):
        name = ballot.name.strip()
        if not name:
            problems.append(f"第{number}位候选人缺少姓名")
        elif name in seen:
            problems.append(f"候选人“{name}”重复")
        seen.add(name)
        if any(v is not None and v < 0 for v in (ballot.yes, ballot.no, ballot.abstain)):
            problems.append(f"{name or f'第{number}位候选人'}的票数不能为负数")
        elif ballot.total > limit:
            problems.append(f"{name}的赞成、反对、弃权票合计{ballot.total}票，超过{what}")
    return problems + _ballot_problems(seats, returned, invalid, candidates)


def _missing(seats: int | None, issued: int | None, returned: int | None,
             candidates: list[Ballot]) -> list[str]:
    """What still has to be entered before a result can be computed."""
    missing = []
    if seats is None:
        missing.append("尚未填写应选人数")
    if not candidates:
        missing.append("尚未录入候选人")
    if issued is None or returned is None:
        missing.append("尚未录入发出、收回选票数")
    waiting = [b.name for b in candidates if not b.entered]
    if waiting:
        missing.append("尚未录入得票：" + "、".join(waiting))
    return missing


def election_outcome(expected: int, present: int, seats: int | None, issued: int | None,
                     returned: int | None, candidates: list[Ballot],
                     invalid: int | None = None) -> ElectionOutcome:
    """The computed result of an election; never typed by the user.

    `expected` and `present` are the electors (有选举权的党员) 应到 and 实到.
    """
    blank: list[str | None] = [None] * len(candidates)
    if seats is None and not candidates and issued is None and returned is None:
        return ElectionOutcome(None, blank)
    problems = election_problems(present, seats, issued, returned, candidates, invalid)
    if problems:
        return ElectionOutcome(INVALID, blank, messages=problems,
                               summary="选举数据有误：" + "；".join(problems) + "。")
    missing = _missing(seats, issued, returned, candidates)
    if missing:
        return ElectionOutcome(None, blank, messages=missing)
    assert seats is not None and issued is not None and returned is not None  # none missing
    check = quorum(ELECTION_RULE, expected, present)
    if not check.met:
        return ElectionOutcome(INVALID, blank, summary=f"选举无效：{check.message}。",
                               messages=[check.message])
    if returned > issued:
        message = f"收回选票{returned}张，多于发出选票{issued}张，选举无效，应重新进行选举"
        return ElectionOutcome(INVALID, blank, summary=message + "。", messages=[message])
    return _count(expected, seats, candidates)


def _count(expected: int, seats: int, candidates: list[Ballot]) -> ElectionOutcome:
    """Who is elected, once the figures are complete and the election is valid."""
    yes = [b.yes or 0 for b in candidates]
    passing = sorted((i for i, b in enumerate(candidates) if yes[i] * 2 > expected),
                     key=lambda i: -yes[i])
    elected, tied = passing, list[int]()
    if len(passing) > seats:
        last = yes[passing[seats - 1]]
        above = [i for i in passing if yes[i] > last]
        level = [i for i in passing if yes[i] == last]
        elected, tied = (above, level) if len(above) + len(level) > seats else \
            (above + level, [])
    results: list[str | None] = [
        ELECTED if i in elected else TIED if i in tied else NOT_ELECTED
        for i in range(len(candidates))]
    names = [candidates[i].name for i in elected]
    tied_seats = seats - len(elected) if tied else 0
    unfilled = seats - len(elected) - tied_seats
    messages = [f"{b.name}得赞成票{yes[i]}票，未超过应到有选举权人数{expected}人的半数"
                for i, b in enumerate(candidates) if yes[i] * 2 <= expected]
    if len(passing) > seats and not tied:
        messages.append(f"得票过半数的候选人{len(passing)}人，多于应选{seats}名，"
                        "按得票多少确定当选人")
    summary = f"应选{seats}名，当选{len(elected)}名" + \
        (f"：{'、'.join(names)}" if names else "")
    if tied:
        tie = (f"末位票数相同：{'、'.join(candidates[i].name for i in tied)}各得"
               f"{yes[tied[0]]}票，需就票数相同的候选人再次投票，确定剩余的{tied_seats}个名额")
        messages.append(tie)
        summary += f"；{tie}"
    if unfilled:
        gap = f"尚缺{unfilled}名，需另行选举"
        messages.append(f"应选{seats}名，当选{len(elected)}名，{gap}")
        summary += f"；{gap}"
    return ElectionOutcome(VALID, results, names, tied_seats, unfilled, summary + "。",
                           messages)
