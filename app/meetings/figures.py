"""The official figures of a record in words (应到, 实到, voters, 委员, each result), and
the frozen figures beside those a 修订 would compute from the roster of the date now."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.meetings.detail import computed_detail, get_meeting_detail
from app.meetings.lines import MeetingDetail


@dataclass(frozen=True)
class FigureChange:
    label: str
    frozen: str
    recomputed: str

    @property
    def changed(self) -> bool:
        return self.frozen != self.recomputed


def figures(detail: MeetingDetail) -> dict[str, str]:
    found = {"应到": f"{detail.expected}人", "实到": f"{detail.present}人",
             "有表决权应到": f"{detail.voters_expected}人",
             "有表决权实到": f"{detail.voters_present}人",
             "委员应到": f"{detail.committee_expected}人",
             "委员实到": f"{detail.committee_present}人"}
    for item in detail.agenda:
        label = f"议题{item.number}“{item.title}”"
        if item.vote is not None:
            vote = item.vote
            found[label] = (f"应到{vote.expected}人，实到{vote.present}人，赞成{vote.yes or 0}票："
                            f"{vote.result or '未录入'}")
        if item.election is not None:
            election = item.election
            found[label] = (f"应到{election.expected}人，实到{election.present}人："
                            f"{election.result or '未录入'}"
                            + (f"，当选{'、'.join(election.elected)}" if election.elected else ""))
    return found


def recompute_comparison(session: Session, meeting_id: str) -> list[FigureChange]:
    """Each figure as frozen at 定稿 (latest version) and as the roster of the meeting date
    gives it now; shown before a 修订 that recomputes."""
    frozen = figures(get_meeting_detail(session, meeting_id))
    now = figures(computed_detail(session, meeting_id, from_roster=True))
    return [FigureChange(label, frozen.get(label, "—"), now.get(label, "—"))
            for label in dict.fromkeys([*frozen, *now])]
