"""Ten years of meetings: 三会一课, 主题党日 (sometimes also the quarter's 党员大会), votes on
accepting and confirming members, yearly 组织生活会 with 整改 and 民主评议, a few missed ones."""

import datetime as dt
import random

from sqlalchemy.orm import Session

from app.branch import get_profile, list_groups
from app.demo import study
from app.demo.members import DEMO_YEARS
from app.meetings.election import CONTESTED, election_style
from app.meetings.first_topic import needs_first_topic, required_types
from app.meetings.roster import RosterEntry, roster
from app.meetings.service import (
    AgendaInput,
    AttendanceInput,
    CandidateInput,
    DecisionInput,
    FollowUpInput,
    GradeInput,
    MeetingInput,
    OpinionInput,
    RectificationInput,
    SpeechInput,
    amend_meeting,
    finalise_meeting,
    input_from_meeting,
    save_meeting,
)
from app.meetings.types import (
    EXCLUSION_CATEGORIES,
    AttendanceStatus,
    ItemKind,
    MeetingType,
    Opinion,
    RecordStatus,
    RectificationStatus,
)
from app.members.history import PeriodInput, add_period
from app.members.rules import MAX_EXTENSION_MONTHS, PeriodKind, add_years
from app.members.service import list_members
from db.models import Meeting, Rectification

PLACES = ("机关三楼党员活动室", "机关五楼会议室", "机关一楼多功能厅", "机关党建活动中心")
LEAVE_REASONS = ("出差", "病假", "公务外出", "年休假", "照顾生病家属", "参加上级培训")
ABSENT_REASONS = ("临时接到紧急任务，会前未及请假", "身体不适，会后补假")
#: Study themes by year (the year it started).
THEMES = (
    (2016, "“两学一做”学习教育"),
    (2019, "“不忘初心、牢记使命”主题教育"),
    (2021, "党史学习教育"),
    (2022, "学习贯彻党的二十大精神"),
    (2023, "学习贯彻习近平新时代中国特色社会主义思想主题教育"),
    (2024, "党纪学习教育"),
    (2025, "深入贯彻中央八项规定精神学习教育"),
)
THEME_DAY_ACTIVITIES = ("走访慰问困难党员", "到社区开展志愿服务", "参观革命历史纪念馆",
                        "开展“我为群众办实事”民主议事", "集中观看廉政警示教育片",
                        "开展垃圾分类宣传志愿服务", "学习先进典型事迹")
LECTURE_TOPICS = ("坚定理想信念，筑牢思想根基", "加强党性修养，争做合格党员",
                  "从党史中汲取奋进力量", "严守纪律规矩，永葆清廉本色",
                  "践行群众路线，提升服务能力", "弘扬伟大建党精神")
COMMITTEE_TOPICS = ("研究本月支部工作安排", "研究党员发展工作", "研究党费收缴和使用情况",
                    "研究困难党员慰问名单", "研究主题党日活动方案", "研究党员教育培训计划")
SPEECHES = ("结合本职工作谈了学习体会，表示要把学习成果转化为推动工作的实际成效。",
            "建议把学习和业务工作结合起来，多开展调研。",
            "谈到自己在理论学习上还不够系统，今后要制定个人学习计划。",
            "提出支部活动形式可以更加丰富，多组织实践活动。",
            "表示要严格遵守纪律规矩，发挥党员先锋模范作用。",
            "对近期工作提出了具体意见，建议明确分工和完成时限。")
PROBLEMS = (("理论学习不够系统深入", "制定年度学习计划，每月集中学习不少于1次"),
            ("组织生活形式较为单一", "每季度开展1次主题实践活动"),
            ("联系服务群众不够经常", "建立党员联系群众台账，每季度走访1次"),
            ("党员发展工作推进较慢", "加强入党积极分子培养考察"),
            ("作风建设仍需加强", "开展作风纪律专项检查"),
            ("会议记录不够规范", "统一会议记录格式，会后7日内完成记录"))

DRAFT_DAYS = 14
TERM_YEARS = 3
#: Fraction of required meetings that were not held (so compliance shows real gaps).
MISSED = 0.05


def _theme(year: int) -> str:
    return [name for start, name in THEMES if start <= year][-1] if year >= THEMES[0][0] \
        else "学习党章党规"


def _meeting_day(rng: random.Random, year: int, month: int, low: int, high: int) -> dt.date:
    return dt.date(year, month, rng.randint(low, high))


def _attendance(rng: random.Random, expected: list[RosterEntry], retired: set[str]
                ) -> list[AttendanceInput]:
    rows = []
    for entry in expected:
        chance = 0.75 if entry.member_id in retired else 0.9
        if rng.random() < chance:
            rows.append(AttendanceInput(entry.member_id, AttendanceStatus.PRESENT))
        elif rng.random() < 0.9:
            rows.append(AttendanceInput(entry.member_id, AttendanceStatus.LEAVE,
                                        rng.choice(LEAVE_REASONS)))
        else:
            rows.append(AttendanceInput(entry.member_id, AttendanceStatus.ABSENT,
                                        rng.choice(ABSENT_REASONS)))
    return rows


def _present(attendance: list[AttendanceInput], expected: list[RosterEntry], voters: bool
             ) -> list[RosterEntry]:
    here = {a.member_id for a in attendance if a.status == AttendanceStatus.PRESENT}
    return [e for e in expected if e.member_id in here and (e.voter or not voters)]


def _votes(rng: random.Random, present_voters: int) -> tuple[int, int, int]:
    no = 1 if present_voters > 10 and rng.random() < 0.15 else 0
    abstain = 1 if present_voters > 10 and rng.random() < 0.2 else 0
    return present_voters - no - abstain, no, abstain


class _Writer:
    """Builds and saves the records of one demo branch."""

    def __init__(self, session: Session, rng: random.Random, today: dt.date) -> None:
        self.session, self.rng, self.today = session, rng, today
        profile = get_profile(session)
        posts = {c["post"]: c["name"] for c in (profile.committee if profile else [])}
        self.secretary = posts.get("书记", "")
        self.committee = list(posts.values())
        self.recorder = posts.get("组织委员", posts.get("副书记", ""))
        self.groups = list_groups(session)
        members = list_members(session, include_left=True)
        self.retired = {m.id for m in members if m.employment == "离退休"}
        self.names = {m.id: m.name for m in members}
        self.members = members
        self.first_topic_types = required_types(session)

    def save(self, data: MeetingInput) -> Meeting | None:
        """Saved as entered some days later; the last fortnight's records are still drafts."""
        assert data.date is not None  # every demo record has its day
        if data.date > self.today:
            return None
        if needs_first_topic(data.types, self.first_topic_types):
            study.open_with_study(data)
        delay = self.rng.choice((0, 1, 1, 2, 3, 3, 5, 6)) if self.rng.random() > 0.08 \
            else self.rng.randint(9, 40)
        entered = min(data.date + dt.timedelta(days=delay), self.today)
        at = dt.datetime.combine(entered, dt.time(17, self.rng.randrange(60))).astimezone()
        meeting = save_meeting(self.session, data, today=self.today, now=at)
        if (self.today - data.date).days > DRAFT_DAYS:
            finalise_meeting(self.session, meeting.id, now=at + dt.timedelta(minutes=20))
        return meeting

    def base(self, types: list[str], day: dt.date, group_id: str | None = None,
             title: str = "") -> tuple[MeetingInput, list[RosterEntry]]:
        expected = roster(self.session, day, types, group_id)
        start = dt.time(self.rng.choice((9, 14, 15)), 0)
        data = MeetingInput(
            types=types, date=day, start_time=start,
            title=title, place=self.rng.choice(PLACES), group_id=group_id,
            chair_name=self.secretary, chair_post="支部书记", recorder_name=self.recorder,
            attendance=_attendance(self.rng, expected, self.retired),
        )
        data.end_time = dt.time(start.hour + self.rng.choice((1, 2)), 30)
        return data, expected

    def speeches(self, data: MeetingInput, expected: list[RosterEntry],
                 agenda_number: int | None = None, count: int = 2) -> None:
        present = _present(data.attendance, expected, voters=False)
        for entry in self.rng.sample(present, min(count, len(present))):
            data.speeches.append(SpeechInput(entry.name, self.rng.choice(SPEECHES),
                                             agenda_number))


def _monthly(w: _Writer, year: int, month: int) -> None:
    rng = w.rng
    if rng.random() > MISSED:
        day = _meeting_day(rng, year, month, 3, 9)
        data, expected = w.base([MeetingType.COMMITTEE], day)
        data.agenda = [AgendaInput(rng.choice(COMMITTEE_TOPICS)),
                       AgendaInput("传达学习上级有关精神")]
        w.speeches(data, expected, 1)
        data.decisions = [DecisionInput("按分工抓好落实", w.recorder,
                                        day + dt.timedelta(days=20))]
        w.save(data)
    for group in w.groups:
        if rng.random() > MISSED * 1.5:
            day = _meeting_day(rng, year, month, 10, 20)
            data, expected = w.base([MeetingType.GROUP], day, group.id)
            present = _present(data.attendance, expected, voters=False)
            data.chair_name = present[0].name if present else w.secretary
            data.chair_post = "党小组组长"
            data.recorder_name = present[-1].name if present else w.recorder
            data.agenda = [AgendaInput(f"学习{_theme(year)}有关内容"),
                           AgendaInput("交流思想和工作情况")]
            w.speeches(data, expected, 2, 3)
            w.save(data)


def _theme_day(w: _Writer, year: int, month: int, with_general: bool) -> None:
    rng = w.rng
    if not with_general and rng.random() < MISSED:
        return
    day = _meeting_day(rng, year, month, 21, 27)
    types: list[str] = [MeetingType.THEME_DAY]
    if with_general:
        types.insert(0, MeetingType.GENERAL)
    activity = rng.choice(THEME_DAY_ACTIVITIES)
    data, expected = w.base(types, day, title=f"{month}月主题党日：{activity}")
    data.agenda = [AgendaInput("佩戴党徽，重温入党誓词"), AgendaInput("集中交纳党费"),
                   AgendaInput(activity)]
    if with_general:
        data.agenda.insert(0, AgendaInput(f"传达学习{_theme(year)}有关文件精神"))
    w.speeches(data, expected, len(data.agenda), 2)
    data.summary = "本次主题党日活动内容充实，党员参与积极，要把活动成效体现到工作中。"
    w.save(data)


def _quarterly(w: _Writer, year: int, quarter: int) -> None:
    rng = w.rng
    last_month = quarter * 3
    merged = rng.random() < 0.5
    _theme_day(w, year, last_month, with_general=merged)
    if not merged and rng.random() > MISSED:
        day = _meeting_day(rng, year, last_month - rng.randint(0, 2), 10, 20)
        data, expected = w.base([MeetingType.GENERAL], day)
        data.agenda = [AgendaInput(f"传达学习{_theme(year)}有关文件精神"),
                       AgendaInput("通报本季度支部工作情况")]
        w.speeches(data, expected, 1, 3)
        w.save(data)
    if rng.random() > MISSED * 2:
        day = _meeting_day(rng, year, last_month - rng.randint(0, 2), 12, 26)
        topic = rng.choice(LECTURE_TOPICS)
        data, expected = w.base([MeetingType.LECTURE], day, title=topic)
        data.agenda = [AgendaInput(f"党课：{topic}", content=f"由{w.secretary}同志主讲。"),
                       AgendaInput("交流学习体会")]
        w.speeches(data, expected, 2, 2)
        w.save(data)


def _membership_votes(w: _Writer, start: dt.date) -> None:
    """A 党员大会 on each 入党日期 (接收) and 转正日期 (转正) inside the ten years."""
    events = []
    for member in w.members:
        if member.join_date >= start:
            events.append((member.join_date, "接收", member))
        if member.full_date and member.full_date >= start:
            events.append((member.full_date, "转正", member))
    for day, kind, member in sorted(events, key=lambda e: (e[0], e[1], e[2].name)):
        data, expected = w.base([MeetingType.GENERAL], day)
        # At the meeting deciding his own 转正 he is still 预备党员 and has no vote.
        voters = len([e for e in _present(data.attendance, expected, voters=True)
                      if e.member_id != member.id])
        yes, no, abstain = _votes(w.rng, voters)
        title = f"讨论接收{member.name}同志为预备党员" if kind == "接收" else \
            f"讨论{member.name}同志预备党员转正"
        data.agenda = [AgendaInput(title, ItemKind.VOTE, "介绍人介绍情况，支委会报告审查情况，"
                                   "与会党员充分讨论。", member.id, yes, no, abstain)]
        data.speeches = [SpeechInput(member.name, "汇报了本人对党的认识、入党动机和"
                                     "需要努力的方向。", 1)]
        data.decisions = [DecisionInput(f"将决议报上级党组织审批（{member.name}）", w.secretary)]
        w.save(data)


def _extensions(w: _Writer) -> None:
    """A 预备党员 whose first year is over has his 预备期 extended by a 党员大会: one absent
    voter sent a written opinion, and one retired member, bedridden, was left out of 应到
    with the 机关党委's approval."""
    for member in w.members:
        day = add_years(member.join_date, 1)
        if member.full_date is not None or day > w.today or member.periods:
            continue
        data, expected = w.base([MeetingType.GENERAL], day, title="讨论预备党员转正问题")
        voters = [e for e in expected if e.voter]
        voter_ids = {e.member_id for e in voters}
        absent = next((a for a in data.attendance
                       if a.status != AttendanceStatus.PRESENT and a.member_id in voter_ids), None)
        if absent is None:
            absent = next(a for a in data.attendance if a.member_id == voters[-1].member_id)
            absent.status, absent.reason = AttendanceStatus.LEAVE, "外出学习"
        elderly = next((a for a in data.attendance if a.member_id in w.retired
                        and a.member_id != absent.member_id
                        and a.member_id in {e.member_id for e in voters}), None)
        if elderly is not None:
            elderly.status, elderly.reason = AttendanceStatus.EXCLUDED, ""
            elderly.exclusion = EXCLUSION_CATEGORIES[3]
            elderly.approval_ref = f"机关党委{day - dt.timedelta(days=7):%Y年%m月%d日}同意"
        here = {a.member_id for a in data.attendance if a.status == AttendanceStatus.PRESENT}
        present = sum(e.member_id in here for e in voters)
        data.agenda = [AgendaInput(
            f"讨论{member.name}同志延长预备期", ItemKind.VOTE, "预备期内对党的理论学习不够深入，"
            "联系群众不够主动，支委会提出延长预备期一年，继续考察。", member.id, present, 0, 0,
            opinions=[OpinionInput(absent.member_id, Opinion.YES)])]
        data.speeches = [SpeechInput(member.name, "表示接受组织决定，认真查找不足。", 1)]
        data.decisions = [DecisionInput(f"将延长{member.name}同志预备期一年的决议报上级党委审批",
                                        w.secretary)]
        meeting = w.save(data)
        add_period(w.session, member.id, PeriodInput(
            PeriodKind.EXTENSION, day, months=MAX_EXTENSION_MONTHS,
            meeting_id=meeting.id if meeting else None,
            reference=f"机关党委{day + dt.timedelta(days=12):%Y年%m月%d日}批复"), today=w.today)


def _yearly(w: _Writer, year: int, open_items: list[str]) -> list[str]:
    """A mid-year 支委会 following up last year's 整改; the December 组织生活会 with 民主评议
    (one event carrying both types); 谈心谈话. Returns the 整改 items still open."""
    rng = w.rng
    follow_day = _meeting_day(rng, year, 6, 3, 9)
    if open_items and follow_day <= w.today:
        data, _expected = w.base([MeetingType.COMMITTEE], follow_day)
        data.agenda = [AgendaInput("督促检查上年度组织生活会整改落实情况")]
        progress = (RectificationStatus.UNDER_WAY, *[RectificationStatus.DONE] * 3)
        data.followups = [FollowUpInput(item, "已按计划推进，取得阶段性成效。",
                                        rng.choice(progress))
                          for item in open_items]
        w.save(data)
        open_items = [f.rectification_id for f in data.followups
                      if f.status != RectificationStatus.DONE]
    day = _meeting_day(rng, year, 12, 10, 20)
    if day > w.today:
        return open_items
    types: list[str] = [MeetingType.LIFE, MeetingType.APPRAISAL]
    data, expected = w.base(types, day, title=f"{year}年度组织生活会和民主评议党员")
    data.agenda = [AgendaInput("通报上年度整改落实情况"), AgendaInput("支部班子对照检查"),
                   AgendaInput("党员个人对照检查，开展批评和自我批评"),
                   AgendaInput("民主评议党员")]
    w.speeches(data, expected, 3, 4)
    data.rectifications = [
        RectificationInput(problem, measure, w.secretary, dt.date(year + 1, 6, 30))
        for problem, measure in rng.sample(PROBLEMS, 3)
    ]
    full = [e for e in expected if e.category == "正式党员"]
    top = max(len(full) // 4, 1)
    for index, entry in enumerate(rng.sample(full, len(full))):
        grade = "优秀" if index < top else "合格"
        if index == len(full) - 1 and rng.random() < 0.3:
            grade = "基本合格"
        data.grades.append(GradeInput(entry.member_id, grade))
    meeting = w.save(data)
    talk = _meeting_day(rng, year, 11, 1, 28)
    if talk <= w.today and rng.random() > MISSED:
        data, _expected = w.base([MeetingType.HEART_TO_HEART], talk, title="支委与党员谈心谈话")
        data.agenda = [AgendaInput("书记与支委、支委与党员逐一谈心谈话")]
        w.save(data)
    if meeting is None:
        return open_items
    raised = w.session.query(Rectification).filter_by(meeting_id=meeting.id)
    return open_items + [r.id for r in raised]


def _quorate(data: MeetingInput, expected: list[RosterEntry]) -> None:
    """An election is held when more than 4/5 of the electors can come: those on leave for
    something that could be moved came after all."""
    electors = {e.member_id for e in expected if e.voter}
    for entry in data.attendance:
        present = sum(a.status == AttendanceStatus.PRESENT and a.member_id in electors
                      for a in data.attendance)
        if present * 5 > len(electors) * 4:
            return
        if entry.member_id in electors and entry.status != AttendanceStatus.PRESENT:
            entry.status, entry.reason = AttendanceStatus.PRESENT, ""


def _candidates(w: _Writer, electors: list[RosterEntry], seats: int, returned: int,
                contested: bool) -> list[CandidateInput]:
    """The 支委 of today stand again where they could (others in their place before they
    could); a 差额 election adds one more, who gets fewer votes."""
    standing = [e for e in electors if e.name in w.committee]
    others = [e for e in electors if e.name not in w.committee]
    chosen = (standing + w.rng.sample(others, len(others)))[:seats + contested]
    candidates, elected_yes = [], []
    for entry in chosen[:seats]:
        no = w.rng.choice((0, 0, 1)) if returned > 10 else 0
        abstain = w.rng.choice((0, 0, 0, 1)) if returned > 10 else 0
        elected_yes.append(returned - no - abstain)
        candidates.append(CandidateInput(entry.name, entry.member_id, elected_yes[-1],
                                         no, abstain))
    lowest = min(elected_yes)
    for entry in chosen[seats:]:
        yes = w.rng.randint(returned // 3, lowest - 1)
        no = w.rng.randint(0, returned - yes)
        candidates.append(CandidateInput(entry.name, entry.member_id, yes, no,
                                         returned - yes - no))
    return candidates


def _election(w: _Writer, day: dt.date, current: bool) -> None:
    """支部换届: the work report, then the 支委 elected by candidate (the current term's
    election always 差额, earlier ones sometimes)."""
    data, expected = w.base([MeetingType.GENERAL], day, title="支部换届选举")
    _quorate(data, expected)
    present = _present(data.attendance, expected, voters=True)
    yes, no, abstain = _votes(w.rng, len(present))
    issued = returned = len(present)
    if issued > 10 and w.rng.random() < 0.2:
        returned -= 1  # one ballot was not put in the box
    electors = [e for e in expected if e.voter]
    seats = min(len(w.committee), len(electors))
    if not seats:
        return
    candidates = _candidates(w, electors, seats, returned, current or w.rng.random() < 0.5)
    style = election_style(seats, len(candidates))
    data.agenda = [AgendaInput("听取和审查支部委员会工作报告", ItemKind.VOTE, "", None, yes, no,
                               abstain),
                   AgendaInput("选举产生新一届支部委员会", ItemKind.ELECTION,
                               f"采用无记名投票、{style}办法。"
                               + ("候选人数多于应选人数一名。" if style == CONTESTED else ""),
                               seats=seats, ballots_issued=issued, ballots_returned=returned,
                               candidates=candidates)]
    data.decisions = [DecisionInput("将选举结果报机关党委审批", w.secretary)]
    w.save(data)


def _elections(w: _Writer, term_start: dt.date, first: dt.date) -> None:
    """支部换届 every three years (the term), back from the current term's start."""
    days = [term_start.replace(year=term_start.year - TERM_YEARS * n) for n in range(4)]
    for day in sorted(d for d in days if d >= first):
        _election(w, day, current=day == term_start)


def populate(session: Session, rng: random.Random, today: dt.date) -> None:
    study.add_texts(session, today)
    w = _Writer(session, rng, today)
    first_year = today.year - DEMO_YEARS + 1
    open_items: list[str] = []
    for year in range(first_year, today.year + 1):
        for month in range(1, 13):
            if dt.date(year, month, 1) > today:
                break
            _monthly(w, year, month)
            if month % 3:
                _theme_day(w, year, month, with_general=False)
            else:
                _quarterly(w, year, month // 3)
        open_items = _yearly(w, year, open_items)
    _membership_votes(w, dt.date(first_year, 1, 1))
    _extensions(w)
    profile = get_profile(session)
    if profile and profile.term_start and w.committee:
        _elections(w, profile.term_start, dt.date(first_year, 1, 1))
    _recent_changes(w)


def _recent_changes(w: _Writer) -> None:
    """One finalised record was later amended (a missing line in the chair's summary)."""
    target = w.session.query(Meeting).filter(
        Meeting.deleted_at.is_(None), Meeting.status == RecordStatus.FINAL,
        Meeting.date < w.today - dt.timedelta(days=60)).order_by(Meeting.date.desc()).first()
    if target is None:
        return
    data = input_from_meeting(target)
    data.summary = (data.summary + "会议要求各党小组抓好传达落实。").strip()
    amend_meeting(w.session, target.id, data, "补充主持人总结", today=w.today)
