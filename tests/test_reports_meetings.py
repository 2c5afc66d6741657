"""Printed meeting documents: minutes, sign-in sheets and the yearly book."""

import datetime as dt
import re

import pytest

from app.meetings import service
from app.meetings.minutes import minutes_pdf
from app.meetings.signin import meeting_signin_pdf, planned_sheet, signin_pdf
from app.meetings.types import MeetingType
from app.meetings.yearbook import yearbook_pdf
from app.members.service import list_members
from tests import pdfcheck
from tests.conftest import TODAY
from tests.printing_data import (
    BRANCH,
    NAMES,
    PRESENT_NAMES,
    full_meeting_input,
    make_branch,
    make_meeting,
)

RARE = "喆堃祎犇昇"


@pytest.fixture
def members(session):
    return make_branch(session)


def test_minutes_hold_every_field(session, members):
    meeting_id = make_meeting(session, members)
    pdf = minutes_pdf(session, meeting_id)
    flat = pdfcheck.compact(pdf)
    expected = [
        BRANCH, "2026年第1次支部党员大会暨", "第1次主题党日活动记录",
        "支部党员大会（第1次）暨主题党日（第1次）", "学习贯彻党的二十届三中全会精神",
        "2026年3月12日14:30—16:45", "局机关三楼党员活动室", "王喆（书记）", "记录人李堃",
        "应到人数10人", "实到人数8人", "有表决权应到9人", "有表决权实到7人",
        "出席人员" + "、".join(PRESENT_NAMES),
        "张祎（请假：赴省厅参加业务培训）", "周敏（缺席：突发急病住院）",
        "钱程（入党积极分子）、冯雪（机关党委组织员）",
        "1.集中学习党的二十届三中全会公报", "2.讨论接收孙磊同志为预备党员",
        "（一）集中学习党的二十届三中全会公报", "由宣传委员领学全会公报全文。",
        "赵犇：结合本支部实际", "刘昇（原话）：我同意接收孙磊同志为预备党员",
        "陈静：建议下季度组织一次志愿服务。",
        "应到有表决权的党员9人，实到7人。赞成7票，反对0票，弃权0票。表决结果：通过。",
        "组织全体党员开展交流研讨张祎2026年4月30日",
        "王喆总结：本次会议议题明确", "主持人（签字）", "记录人（签字）",
    ]
    missing = [value for value in expected if value not in flat]
    assert missing == []
    assert "草稿" not in flat
    assert pdfcheck.unembedded_fonts(pdf) == []
    assert pdfcheck.lines_starting_with_punctuation(pdf) == []
    for char in RARE:
        assert pdfcheck.has_real_glyph(pdf, char), char


def test_draft_prints_watermark_on_every_page(session, members):
    meeting_id = make_meeting(session, members, final=False, speeches=12)
    pages = pdfcheck.pages_text(minutes_pdf(session, meeting_id))
    assert len(pages) > 1
    assert all("草稿" in page for page in pages)


def test_long_record_flows_over_pages_of_22_lines(session, members):
    speeches = 40
    pdf = minutes_pdf(session, make_meeting(session, members, speeches=speeches))
    pages = pdfcheck.pages_text(pdf)
    # Each speech is 180 characters: 7 lines of 28 characters at most, 27 per line here.
    body_lines = speeches * 7
    assert body_lines // 22 + 1 <= len(pages) <= body_lines // 22 + 4
    for number, page in enumerate(pages, start=1):
        assert page.rstrip().endswith(f"— {number} —")
    # Full pages hold 22 lines of 3号 text (one fewer where a widow line is avoided).
    body = [len(page.splitlines()) - 1 for page in pages[1:-1]]
    assert max(body) == 22 and min(body) >= 21
    assert pdfcheck.compact(pdf).count("赵犇：") == speeches
    assert "记录人（签字）" in pages[-1]
    assert pdfcheck.lines_starting_with_punctuation(pdf) == []


def test_amended_and_backdated_records_say_so(session, members):
    meeting_id = make_meeting(session, members)
    data = service.meeting_input(session, meeting_id)
    data.summary = "王喆总结：会后由组织委员报送材料。"
    service.amend_meeting(session, meeting_id, data, "补充报送要求", today=TODAY)
    session.flush()
    flat = pdfcheck.compact(minutes_pdf(session, meeting_id))
    assert "本记录定稿后已修订1次，现为第2版" in flat
    assert "修订原因：补充报送要求" in flat
    assert "会后由组织委员报送材料" in flat
    first = pdfcheck.compact(minutes_pdf(session, meeting_id, version=1))
    assert "会后由组织委员报送材料" not in first and "本次会议议题明确" in first

    late = full_meeting_input(members)
    late.date = dt.date(2026, 2, 2)
    meeting = service.save_meeting(session, late, today=TODAY,
                                   now=dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC))
    session.flush()
    assert "本记录为补录：会议于2026年2月2日召开，2026年3月1日录入。" in pdfcheck.compact(
        minutes_pdf(session, meeting.id))


def test_signin_sheet_for_a_recorded_meeting(session, members):
    pdf = meeting_signin_pdf(session, make_meeting(session, members))
    flat = pdfcheck.compact(pdf)
    assert "第1次主题党日签到表" in flat
    assert all(name in flat for name in NAMES)
    assert "钱程入党积极分子" in flat and "冯雪机关党委组织员" in flat
    assert "孙磊预备党员" in flat
    assert "应到人数10人" in flat and "应到10人，实到______人" in flat
    assert pdfcheck.unembedded_fonts(pdf) == []
    for char in RARE:
        assert pdfcheck.has_real_glyph(pdf, char), char


def test_signin_sheet_for_a_planned_committee_meeting(session, members):
    make_meeting(session, members)
    sheet = planned_sheet(session, [MeetingType.COMMITTEE], dt.date(2026, 12, 10),
                          title="研究年度民主评议工作", place="小会议室", chair="王喆（书记）")
    flat = pdfcheck.compact(signin_pdf(session, sheet))
    assert "2026年第1次支部委员会签到表" in flat
    assert [name for name in NAMES if name in flat] == ["王喆", "李堃", "张祎"]  # 委员 only
    assert "应到人数3人" in flat and "研究年度民主评议工作" in flat


def test_yearly_book(session, members):
    make_meeting(session, members)
    committee = full_meeting_input(members)
    committee.types = [MeetingType.COMMITTEE]
    committee.date = dt.date(2026, 6, 20)
    committee.attendance = [service.AttendanceInput(m) for m in members[:3]]
    committee.agenda = committee.agenda[:1]
    committee.speeches = committee.speeches[:1]
    service.save_meeting(session, committee, today=TODAY)
    earlier = full_meeting_input(members)
    earlier.date = dt.date(2026, 1, 8)
    service.finalise_meeting(session, service.save_meeting(session, earlier, today=TODAY).id)
    session.flush()
    steps = []

    class Recorder:
        def step(self, done, total, label=""):
            steps.append(label)

    pdf = yearbook_pdf(session, 2026, today=TODAY, progress=Recorder())
    pages = pdfcheck.pages_text(pdf)
    assert "2026年度党支部工作记录" in pages[0] and BRANCH in pages[0]
    assert "— " not in pages[0]
    contents = pages[1]
    assert "目 录" in contents and "年度组织生活落实情况" in contents
    headings = ["2026年第1次支部党员大会暨第1次主题党日活动记录",
                "2026年第2次支部党员大会暨第2次主题党日活动记录",
                "2026年第1次支部委员会会议记录"]
    starts = [next(i for i, p in enumerate(pages) if re.sub(r"\s", "", p).startswith(h))
              for h in headings]
    assert starts == sorted(starts)  # date order
    flat_contents = re.sub(r"[\s.]", "", contents)
    for heading, start in zip(headings, starts, strict=True):
        assert heading in flat_contents
        assert f"{heading}{start}" in flat_contents  # shown number = index after the cover
    overview = re.sub(r"\s", "", "".join(pages[2:starts[0]]))
    assert "共记录组织生活3次" in overview and "1月支委会未召开" in overview
    assert "2026年度会议一览" in overview and "草稿" in overview
    # the roster at the book's date (today, for the running year), between the two
    assert "二、党员名册" in contents and "三、2026年度会议一览" in contents
    assert f"截至{TODAY.year}年{TODAY.month}月{TODAY.day}日" in overview
    assert overview.index("党员名册") < overview.index("2026年度会议一览")
    assert all(m.name in overview for m in list_members(session, on=TODAY))
    draft_pages = [i for i, p in enumerate(pages) if "草稿" in p.replace("状态", "")]
    assert starts[2] in draft_pages and starts[0] not in draft_pages
    assert any("会议记录" in label for label in steps) and any("排版" in s for s in steps)
    assert pdfcheck.unembedded_fonts(pdf) == []
    assert pdfcheck.lines_starting_with_punctuation(pdf) == []
