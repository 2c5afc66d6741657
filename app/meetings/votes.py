"""Quorum and vote rules (domain.md §2) as pure functions of the counts.

党员大会: more than half of the voters present; a motion passes when the yes votes exceed half
of the voters EXPECTED (应到), not of those present. Exactly half present is unclear in the
sources: warn, do not block. 支委会: more than half of the 委员. Elections: more than 4/5.
"""

from dataclasses import dataclass, field

from app.meetings.types import ItemKind, MeetingType

PASSED = "通过"
FAILED = "未通过"
INVALID = "无效"

#: Which rule applies to a vote.
GENERAL_RULE = "党员大会"
COMMITTEE_RULE = "支委会"
ELECTION_RULE = "选举"


@dataclass(frozen=True)
class Quorum:
    met: bool
    warning: str = ""  # met, but worth a second look
    message: str = ""  # why it is not met


@dataclass(frozen=True)
class VoteOutcome:
    result: str | None  # 通过 / 未通过 / 无效; None while no votes are entered
    messages: list[str] = field(default_factory=list)


def decides_full_membership(title: str) -> bool:
    """A 议题 deciding a 预备党员's 转正 (or its extension or cancellation)."""
    return "转正" in title or "延长预备期" in title or "取消预备党员资格" in title


def admits_new_member(title: str) -> bool:
    return "接收" in title and "预备党员" in title


def takes_written_opinions(title: str) -> bool:
    """发展党员工作细则: an absent voter's written opinion, given before the vote, counts in
    votes on 接收预备党员 and 预备党员转正."""
    return admits_new_member(title) or decides_full_membership(title)


def vote_rule(types: list[str], kind: str) -> str:
    if kind == ItemKind.ELECTION:
        return ELECTION_RULE
    if MeetingType.COMMITTEE in types and MeetingType.GENERAL not in types:
        return COMMITTEE_RULE
    return GENERAL_RULE


def quorum(rule: str, expected: int, present: int) -> Quorum:
    """Is the body quorate, given who may vote (expected) and who of them came (present)?"""
    counts = f"（应到{expected}人，实到{present}人）"
    if expected <= 0:
        who = "委员" if rule == COMMITTEE_RULE else "有表决权的党员"
        return Quorum(False, message=f"应到{who}为0人，无法表决")
    if rule == ELECTION_RULE:
        if present * 5 > expected * 4:
            return Quorum(True)
        return Quorum(False, message="选举需有选举权的党员超过五分之四到会" + counts)
    if rule == COMMITTEE_RULE:
        if present * 2 > expected:
            return Quorum(True)
        return Quorum(False, message="支委会需超过半数委员到会" + counts)
    if present * 2 > expected:
        return Quorum(True)
    if present * 2 == expected:
        return Quorum(True, warning="有表决权的党员恰好半数到会" + counts +
                      "，是否满足“超过半数”请按上级党组织的要求把握")
    return Quorum(False, message="有表决权的党员到会未超过半数" + counts)


def vote_problem(present: int, yes: int | None, no: int | None, abstain: int | None,
                 written: int = 0) -> str:
    """Why these counts cannot be right, or "" when they can. `present` counts those who
    may vote (实到), `written` the absent voters' written opinions counted as well."""
    counts = [c for c in (yes, no, abstain) if c is not None]
    if any(c < 0 for c in counts):
        return "票数不能为负数"
    if counts and sum(counts) > present + written:
        who = f"实到有表决权的{present}人" + (f"与{written}份书面意见" if written else "")
        return f"赞成、反对、弃权票合计{sum(counts)}票，超过{who}"
    return ""


def vote_outcome(rule: str, expected: int, present: int, yes: int | None, no: int | None,
                 abstain: int | None, *, quorum_present: int | None = None) -> VoteOutcome:
    """The computed result of one vote; never typed by the user. `present` is how many
    votes could be cast (written opinions included), `quorum_present` who came (default
    `present`)."""
    if yes is None and no is None and abstain is None:
        return VoteOutcome(None)
    problem = vote_problem(present, yes, no, abstain)
    if problem:
        return VoteOutcome(INVALID, [problem])
    check = quorum(rule, expected, present if quorum_present is None else quorum_present)
    if not check.met:
        return VoteOutcome(INVALID, [check.message])
    messages = [check.warning] if check.warning else []
    if (yes or 0) * 2 > expected:
        return VoteOutcome(PASSED, messages)
    messages.append(f"赞成票{yes or 0}票，未超过应到{expected}人的半数")
    return VoteOutcome(FAILED, messages)
