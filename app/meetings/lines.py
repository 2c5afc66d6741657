"""The plain shape of a meeting record as it reads and prints: `MeetingDetail` and its lines.

app/meetings/detail.py computes it from the database; each finalised version stores it as a
snapshot (app/meetings/snapshots.py), and a finalised record reads back from that snapshot.
"""

import datetime as dt
from dataclasses import dataclass, field

from app.meetings.study import study_text
from app.meetings.types import NOT_RECORDED, AttendanceStatus, RecordStatus


@dataclass
class AttendeeLine:
    member_id: str
    name: str
    category: str  # on the meeting date
    voter: bool
    committee: bool
    status: str  # 出席 / 请假 / 缺席 / 不计入 (approved exclusion) / 未登记 (draft only)
    reason: str
    exclusion: str = ""  # 不计入: the category of the approved exclusion
    approval_ref: str = ""  # 不计入: the higher level's approval


@dataclass
class OpinionLine:
    """书面意见 of an absent voter (counted in the totals, printed with a mark)."""

    member_id: str
    name: str
    opinion: str  # 赞成 / 反对 / 弃权


@dataclass
class VoteLine:
    rule: str  # 党员大会 / 支委会 / 选举
    expected: int  # 应到 (有表决权 / 委员 / 有选举权)
    present: int
    yes: int | None
    no: int | None
    abstain: int | None
    result: str | None  # 通过 / 未通过 / 无效, computed
    messages: list[str]
    written: list[OpinionLine] = field(default_factory=list)  # included in yes/no/abstain


@dataclass
class CandidateLine:
    member_id: str | None  # None for a typed name
    name: str
    yes: int | None
    no: int | None
    abstain: int | None
    result: str | None  # 当选 / 未当选 / 待定 (tied for the last seat), computed


@dataclass
class ElectionLine:
    expected: int  # 有选举权 应到
    present: int
    seats: int | None  # 应选人数
    ballots_issued: int | None
    ballots_returned: int | None
    style: str  # 差额选举 / 等额选举
    candidates: list[CandidateLine]
    result: str | None  # 有效 / 无效, computed; None while something is missing
    elected: list[str]
    tied_seats: int
    unfilled: int  # seats left to a later election
    summary: str
    messages: list[str]
    ballots_invalid: int | None = None
    warnings: list[str] = field(default_factory=list)  # e.g. 差额 below the rule


@dataclass
class AgendaLine:
    number: int  # 议题一, 二… (1-based)
    title: str
    kind: str  # 一般 / 表决 / 选举
    content: str
    subject_member_id: str | None
    subject_name: str
    vote: VoteLine | None  # a 表决, or a 选举 recorded before candidates were kept
    election: ElectionLine | None = None  # a 选举 by candidate
    first_topic: bool = False  # 第一议题: the title is what was studied
    study_source: str = ""
    study_date: dt.date | None = None
    study_form: str = ""

    @property
    def study_text(self) -> str:
        """ "第一议题：…" with where and when it was said and how it was studied."""
        return study_text(self.title, self.study_source, self.study_date, self.study_form)


@dataclass
class SpeechLine:
    agenda_number: int | None
    speaker: str
    content: str
    verbatim: bool


@dataclass
class DecisionLine:
    content: str
    owner: str
    deadline: dt.date | None


@dataclass
class RectificationLine:
    id: str
    problem: str
    measure: str
    owner: str
    deadline: dt.date | None
    status: str


@dataclass
class FollowUpLine:
    rectification_id: str
    problem: str
    origin: str  # heading of the meeting that raised it
    progress: str
    status: str


@dataclass
class GradeLine:
    member_id: str
    name: str
    grade: str


@dataclass
class AttachmentLine:
    id: str
    filename: str
    sha256: str
    size: int
    caption: str


@dataclass
class VersionInfo:
    number: int
    at: dt.datetime
    actor: str
    reason: str


@dataclass
class MeetingDetail:
    id: str
    heading: str  # "2026年第3次支部委员会暨10月主题党日"
    types: list[str]
    sequences: dict[str, int]  # type -> 第N次 in the year (per 党小组 for 党小组会)
    title: str  # 主题
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    place: str
    group_id: str | None
    group_name: str
    chair_name: str
    chair_post: str
    recorder_name: str
    expected: int  # 应到
    present: int  # 实到
    voters_expected: int  # 有表决权 应到
    voters_present: int
    committee_expected: int
    committee_present: int
    attendees: list[AttendeeLine]  # everyone expected, in roster order
    absentees: list[AttendeeLine]  # 请假 / 缺席, with the reason
    guests: list[dict[str, str]]  # 列席: {"name", "identity"}
    agenda: list[AgendaLine]
    speeches: list[SpeechLine]
    decisions: list[DecisionLine]
    summary: str
    rectifications: list[RectificationLine]  # 整改清单 raised here
    followups: list[FollowUpLine]  # earlier 整改 items reviewed here
    grades: list[GradeLine]
    grade_warnings: list[str]
    attachments: list[AttachmentLine]
    status: str  # 草稿 / 定稿
    entered_at: dt.datetime
    backdated: bool  # 补录
    finalised_at: dt.datetime | None
    versions: list[VersionInfo] = field(default_factory=list)
    counts_for_year: int | None = None  # 组织生活会 / 民主评议: 所属年度 when not its date's
    frozen: bool = False  # read from a stored final version (figures as at 定稿), not computed

    @property
    def excluded(self) -> list[AttendeeLine]:
        """经上级党组织同意不计入应到会人数."""
        return [a for a in self.attendees if a.status == AttendanceStatus.EXCLUDED]

    @property
    def unrecorded(self) -> list[AttendeeLine]:
        """On the roster of the date, attendance not yet entered (a draft only)."""
        return [a for a in self.attendees if a.status == NOT_RECORDED]

    @property
    def amended(self) -> bool:
        return len(self.versions) > 1

    @property
    def is_final(self) -> bool:
        return self.status == RecordStatus.FINAL
