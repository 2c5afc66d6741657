"""`recruits check`: every departure from 《发展党员工作细则》 in the tracks, with its rule.

Too early, too late (a step done late, or not done and its last day passed), a step missing
before one that was done, steps out of order, a vote that did not pass or lacked a quorum
(computed by the meetings module), the wrong people named, too short a training.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.meetings.types import MeetingType
from app.meetings.votes import PASSED
from app.members.rules import MemberCategory, category_on, on_roster
from app.recruits import timing
from app.recruits.steps import CONTACT, INTRODUCER, STEP_LIST, STEPS
from app.recruits.track import DoneStep, NextStep, Track, load_tracks
from db.models import Member

TOO_EARLY = "过早"
TOO_LATE = "过晚"
MISSING = "缺少步骤"
OUT_OF_ORDER = "顺序颠倒"
VOTE = "表决"
PEOPLE = "人员"
TRAINING = "培训"
AGE = "年龄"


@dataclass(frozen=True)
class Violation:
    recruit_id: str
    name: str
    step: str
    kind: str
    message: str
    rule: str


def _day(day: dt.date) -> str:
    return f"{day:%Y年%m月%d日}"


class _Finder:
    def __init__(self, track: Track, today: dt.date, members: dict[str, Member]) -> None:
        self.track, self.today, self.members = track, today, members
        self.found: list[Violation] = []
        # Deadlines stop counting once the track has ended.
        self.until = min(today, track.ended_on) if track.ended_on else today

    def add(self, step: str, kind: str, message: str, rule: str) -> None:
        self.found.append(Violation(self.track.id, self.track.name, step, kind, message, rule))

    def run(self) -> list[Violation]:
        self.age()
        self.order()
        for code in ("talk", "candidate", "approval", "full_vote", "full_approval"):
            self.window(code)
        self.reviews()
        self.votes()
        self.people(CONTACT, "contacts", 1, 2, timing.CONTACT_RULE)
        self.people(INTRODUCER, "introducers", 2, 2, timing.INTRODUCER_RULE)
        self.training()
        return self.found

    def age(self) -> None:
        applied = self.track.application_date
        if applied is not None and applied < timing.adult_from(self.track.birth_date):
            self.add(STEPS["application"].name, AGE,
                     f"{_day(applied)}递交申请时未满十八岁（{_day(self.track.birth_date)}出生）",
                     timing.AGE_RULE)

    def order(self) -> None:
        for done in self.track.steps:
            spec = STEPS[done.code]
            for code in spec.after:
                before = self.track.date_of(code)
                if before is None:
                    self.add(spec.name, MISSING,
                             f"已登记“{spec.name}”，但缺少前一步骤“{STEPS[code].name}”",
                             timing.ORDER_RULE)
                elif done.date is not None and done.date < before:
                    self.add(spec.name, OUT_OF_ORDER,
                             f"“{spec.name}”（{_day(done.date)}）早于前一步骤"
                             f"“{STEPS[code].name}”（{_day(before)}）", timing.ORDER_RULE)

    def window(self, code: str) -> None:
        window = self.track.window_of(code)
        if window.earliest is None and window.latest is None:
            return
        done = self.track.date_of(code)
        if done is not None:
            self._done_in(window, done)
        elif (window.latest is not None and self.until > window.latest
              and all(self.track.date_of(c) for c in STEPS[code].after)
              and code != "full_vote"):  # 转正 is reminded when due, not a breach
            self.add(window.name, TOO_LATE,
                     f"应在{_day(window.latest)}前完成“{window.name}”，至今未登记", window.rule)

    def _done_in(self, window: NextStep, done: dt.date) -> None:
        if window.earliest is not None and done < window.earliest and window.rule:
            self.add(window.name, TOO_EARLY,
                     f"“{window.name}”在{_day(done)}，早于{_day(window.earliest)}", window.rule)
        if window.latest is not None and done > window.latest and window.code != "full_vote":
            self.add(window.name, TOO_LATE,
                     f"“{window.name}”在{_day(done)}，晚于期限{_day(window.latest)}",
                     window.rule)

    def reviews(self) -> None:
        activist = self.track.date_of("activist")
        if activist is None:
            return
        end = self.track.date_of("candidate") or self.until
        points = sorted({activist, *(s.date for s in self.track.done("review")
                                     if s.date is not None and activist <= s.date <= end)})
        for last, following in zip(points, [*points[1:], end], strict=True):
            window = timing.review_window(last)
            if window.latest is not None and following > window.latest:
                late = (f"{_day(last)}之后至{_day(following)}未考察"
                        if following != self.until or self.track.date_of("candidate")
                        else f"{_day(last)}之后未考察，应在{_day(window.latest)}前考察")
                self.add(STEPS["review"].name, TOO_LATE, late, timing.REVIEW_RULE)

    def votes(self) -> None:
        for done in self.track.steps:
            spec = STEPS[done.code]
            if done.meeting_id and not done.meeting_types:
                self.add(spec.name, MISSING, "所关联的会议记录已删除，请重新选择作出决定的会议",
                         timing.ORDER_RULE)
            elif spec.meeting == MeetingType.GENERAL:
                self._general_vote(done)
            elif spec.meeting == MeetingType.COMMITTEE:
                self._committee(done)

    def _general_vote(self, done: DoneStep) -> None:
        name = STEPS[done.code].name
        if MeetingType.GENERAL not in done.meeting_types:
            self.add(name, VOTE, "未关联支部党员大会的会议记录", timing.VOTE_RULE)
            return
        vote = done.vote
        if vote is None:
            self.add(name, VOTE, f"{done.meeting_heading}中没有关联的表决议题", timing.VOTE_RULE)
        elif vote.result is None:
            self.add(name, VOTE, f"{done.meeting_heading}“{done.agenda_title}”未录入表决票数",
                     timing.VOTE_RULE)
        elif vote.result != PASSED:
            reasons = "；".join(vote.messages)
            self.add(name, VOTE, f"{done.meeting_heading}“{done.agenda_title}”表决结果为"
                                 f"“{vote.result}”" + (f"：{reasons}" if reasons else ""),
                     timing.VOTE_RULE)

    def _committee(self, done: DoneStep) -> None:
        name = STEPS[done.code].name
        if MeetingType.COMMITTEE not in done.meeting_types:
            self.add(name, VOTE, "未关联支部委员会的会议记录", timing.COMMITTEE_RULE)
        elif done.committee_present * 2 <= done.committee_expected:
            self.add(name, VOTE, f"{done.meeting_heading}委员应到{done.committee_expected}人，"
                                 f"实到{done.committee_present}人，未超过半数",
                     timing.COMMITTEE_RULE)
        elif done.vote is not None and done.vote.result not in (None, PASSED):
            self.add(name, VOTE, f"{done.meeting_heading}“{done.agenda_title}”表决结果为"
                                 f"“{done.vote.result}”", timing.COMMITTEE_RULE)

    def people(self, role: str, code: str, least: int, most: int, rule: str) -> None:
        if not self.track.date_of(code):
            return
        named = self.track.people_in(role)
        if not least <= len(named) <= most:
            wanted = f"{least}名" if least == most else f"{least}至{most}名"
            self.add(STEPS[code].name, PEOPLE, f"{role}应为{wanted}正式党员，登记了{len(named)}名",
                     rule)
        for person in named:
            member = self.members.get(person.member_id)
            if member is None or not on_roster(member, person.since) or category_on(
                    member, person.since) != MemberCategory.FULL:
                self.add(STEPS[code].name, PEOPLE,
                         f"{role}{person.name}在{_day(person.since)}不是本支部正式党员", rule)

    def training(self) -> None:
        for done in self.track.done("training"):
            if done.date is not None and not timing.training_enough(done.date, done.until,
                                                                    done.hours):
                self.add(STEPS["training"].name, TRAINING,
                         f"集中培训{_day(done.date)}至{_day(done.until or done.date)}，"
                         f"{done.hours or 0}学时，不足三天或二十四学时", timing.TRAINING_RULE)


def track_violations(track: Track, today: dt.date, members: dict[str, Member]
                     ) -> list[Violation]:
    return _Finder(track, today, members).run()


def check_tracks(session: Session, today: dt.date | None = None,
                 tracks: list[Track] | None = None) -> list[Violation]:
    """Every violation in `tracks` (default: all of the branch's)."""
    today = today or dt.date.today()
    tracks = load_tracks(session) if tracks is None else tracks
    ids = {p.member_id for t in tracks for p in t.people}
    members = {m.id: m for m in session.scalars(
        select(Member).where(Member.id.in_(ids))
        .options(selectinload(Member.transfers), selectinload(Member.periods)))}
    found = list(dict.fromkeys(v for t in tracks for v in track_violations(t, today, members)))
    numbers = {s.name: s.number for s in STEP_LIST}
    return sorted(found, key=lambda v: (v.name, numbers.get(v.step, 0)))
