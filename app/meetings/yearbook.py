"""年度党支部工作记录: the year's book sent to the 机关党委 in January.

Cover, contents, the year's overview (what was due and held) with the 组织生活 compliance grid
month by month and what was studied as 第一议题, the 党员名册 at the year's end, the list of
meetings, and every meeting's minutes in date order.
"""

import datetime as dt

from sqlalchemy.orm import Session

from app.branch import get_profile, secretary_name
from app.meetings.compliance import (
    DUE,
    HELD,
    NO_QUORUM,
    OVERDUE,
    ComplianceReport,
    ComplianceRow,
    compliance,
)
from app.meetings.detail import get_meeting_details
from app.meetings.first_topic import check_first_topics, studied
from app.meetings.listing import list_meetings
from app.meetings.minutes import add_minutes
from app.meetings.types import RecordStatus
from app.members.printing import BOOK_COLUMNS, add_roster_table, head_count, roster_members
from app.progress import SILENT, Progress
from app.reports.common import chinese_number, date_text
from app.reports.document import SIZES, Document

MARKS = {HELD: "√", OVERDUE: "未开", DUE: "待开", NO_QUORUM: "不足"}
READ_BATCH = 20  # meetings read with one query per part (progress is reported per batch)


def book_title(year: int) -> str:
    return f"{year}年度党支部工作记录"


def _grid(doc: Document, report: ComplianceReport) -> None:
    """Type × month: √ held, 未开 overdue, 待开 due now, 不足 a 支委会 without a quorum;
    a quarter's cell spans 3 months."""
    header = ["类型", *(f"{m}月" for m in range(1, 13))]
    rows: list[list[str]] = []
    spans: list[tuple[int, int, int, int]] = []
    for r, row in enumerate(report.rows, start=1):
        line = [row.label, *[""] * 12]
        for cell in row.cells:
            first, last = cell.start.month, cell.end.month
            line[first] = MARKS.get(cell.state, "")
            if last > first:
                spans.append((first, r, last, r))
        rows.append(line)
    doc.table(header, rows, widths=[4.2, *[1] * 12], align=["left", *["center"] * 12],
              size=SIZES["小五"], spans=spans)
    doc.note("注：√ 已按期开展；未开 逾期未开展；待开 本期尚未开展；空白为未到期。"
             "季度、半年、年度要求的合并为一格。", size=SIZES["五号"])


def _held_count(row: ComplianceRow) -> int:
    return len({mid for cell in row.cells for mid in cell.meeting_ids})


def _overview(doc: Document, report: ComplianceReport, meetings: int, section: int) -> None:
    doc.title(f"{chinese_number(section)}、年度组织生活落实情况", toc_level=0,
              size=SIZES["三号"])
    overdue = report.overdue_texts()
    doc.paragraph(f"{report.year}年度本支部共记录组织生活{meetings}次（一次活动兼具多种类型的，"
                  f"分别计入各类型）。" + (f"未按期开展{len(overdue)}项：{'；'.join(overdue)}。"
                                         if overdue else "各项组织生活均按要求开展。"))
    doc.table(["类型", "要求", "应开展", "已开展", "召开次数", "逾期"],
              [[row.label, row.frequency, len(row.cells),
                sum(c.state == HELD for c in row.cells), _held_count(row),
                sum(c.state == OVERDUE for c in row.cells)] for row in report.rows],
              widths=[5, 2, 1.6, 1.6, 1.8, 1.4],
              align=["left", "center", "center", "center", "center", "center"])
    doc.keep_space(9 * (len(report.rows) + 1) + 20)  # the grid stays on one page
    _grid(doc, report)


def _studies(doc: Document, session: Session, year: int) -> None:
    """What the branch studied as 第一议题, and which meetings that needed one had none."""
    lines = studied(session, year)
    check = check_first_topics(session, year)
    doc.heading("第一议题学习情况", 2)
    doc.paragraph(f"{year}年度应以第一议题开篇的会议{check.required}次，已安排{check.with_topic}次"
                  + (f"；{'、'.join(g.text for g in check.missing)}。" if check.missing else "。"))
    if lines:
        doc.table(["日期", "会议", "学习内容", "出处", "学习形式"],
                  [[f"{s.date.month}月{s.date.day}日", s.heading.removeprefix(f"{year}年"),
                    s.title, s.source + (f"（{date_text(s.study_date)}）" if s.study_date
                                         else ""), s.form] for s in lines],
                  widths=[2.0, 4.4, 6.0, 3.6, 1.8],
                  align=["center", "left", "left", "left", "center"], size=SIZES["小五"])


def _roster(doc: Document, session: Session, day: dt.date, section: int) -> None:
    doc.title(f"{chinese_number(section)}、党员名册", toc_level=0, size=SIZES["三号"])
    members = roster_members(session, day)
    doc.paragraph(f"截至{date_text(day)}，本支部在册党员{head_count(members)}。")
    add_roster_table(doc, members, day, BOOK_COLUMNS, size=SIZES["小五"])  # fits portrait


def yearbook_pdf(session: Session, year: int, *, today: dt.date | None = None,
                 progress: Progress = SILENT) -> bytes:
    """The whole book; reading each meeting and laying out the pages report progress."""
    profile = get_profile(session)
    branch = profile.name if profile else ""
    rows = sorted(list_meetings(session, year),
                  key=lambda m: (m.date, m.start_time or dt.time(0), m.heading))
    report = compliance(session, year, today)

    doc = Document.for_branch(session, book_title(year), author=branch)
    doc.cover(book_title(year), [("支部名称", branch),
                                 ("上级党组织", profile.parent_committee if profile else ""),
                                 ("支部书记", secretary_name(profile)),
                                 ("记录年度", f"{year}年1月—{year}年12月")])
    doc.contents()
    _overview(doc, report, len(rows), 1)
    _studies(doc, session, year)
    doc.page_break()
    _roster(doc, session, min(dt.date(year, 12, 31), today or dt.date.today()), 2)
    doc.page_break()
    doc.title(f"三、{year}年度会议一览", toc_level=0, size=SIZES["三号"])
    doc.table(["序号", "日期", "会议", "主题", "实到/应到", "状态"],
              [[n, f"{m.date.month}月{m.date.day}日", m.heading.removeprefix(f"{year}年"),
                m.title, f"{m.present}/{m.expected}",
                RecordStatus.FINAL if m.status == RecordStatus.FINAL else RecordStatus.DRAFT]
               for n, m in enumerate(rows, start=1)],
              widths=[1.3, 2.3, 5.4, 5.2, 2.0, 1.6],
              align=["center", "center", "left", "left", "center", "center"])
    for start in range(0, len(rows), READ_BATCH):
        progress.step(start, len(rows), f"正在读取第{start + 1}/{len(rows)}次会议记录…")
        for detail in get_meeting_details(session, [r.id for r in rows[start:start + READ_BATCH]]):
            doc.page_break()
            add_minutes(doc, detail, "", toc=True)
    if not rows:
        doc.paragraph(f"{year}年度没有会议记录。")
    return doc.build(progress)

