"""志愿服务登记簿 for a year, as PDF and as Excel: the 报到社区, the service records, 微心愿,
community problems, the year's figures and each member's totals in roster order. Both are
drawn from the same sections, so they always say the same."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from sqlalchemy.orm import Session

from app.progress import SILENT, Progress
from app.reports import SIZES, Document
from app.reports.common import branch_name, date_text
from app.reports.sheets import add_table, workbook_bytes
from app.service.records import (
    current_community,
    list_activities,
    list_problems,
    list_wishes,
    live_participants,
)
from app.service.rules import hours_text
from app.service.summary import member_totals, service_summary


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: Sequence[Sequence[object]]
    widths: list[float]  # PDF (relative); Excel columns are these × 5
    align: list[str]
    total_rows: int = 0


def _day(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


def register_title(year: int) -> str:
    return f"{year}年志愿服务登记簿"


def sections(session: Session, year: int, today: dt.date | None = None) -> list[Section]:
    activities = list_activities(session, year)
    activities.reverse()  # oldest first in a register
    summary = service_summary(session, year)
    return [
        Section("志愿服务记录", ["日期", "社区", "活动类型", "参加党员", "人数", "时长（小时）",
                                 "办实事", "服务内容"],
                [[_day(a.date), a.community, a.kind,
                  "、".join(p.member.name for p in live_participants(a)),
                  len(live_participants(a)),
                  hours_text(sum(p.minutes for p in live_participants(a))), a.deeds or "",
                  a.content] for a in activities]
                + [["合计", "", f"{len(activities)}次", "", summary.person_times,
                    hours_text(summary.minutes), sum(a.deeds for a in activities) or "", ""]],
                [1.6, 2.2, 2.2, 4.0, 0.9, 1.4, 0.9, 5.0],
                ["center", "left", "left", "left", "right", "right", "right", "left"], 1),
        Section("微心愿", ["认领日期", "社区", "许愿群众", "心愿", "认领党员", "状态", "完成日期",
                           "完成情况"],
                [[_day(w.claimed_on), w.community, w.resident, w.wish, w.member.name, w.status,
                  _day(w.done_on), w.result] for w in reversed(list_wishes(session, year))],
                [1.6, 2.2, 1.6, 4.0, 1.4, 1.0, 1.6, 4.0],
                ["center", "left", "left", "left", "center", "center", "center", "left"]),
        Section("社区问题", ["发现日期", "社区", "来源", "问题", "协调党员", "状态", "解决日期",
                             "结果"],
                [[_day(p.found_on), p.community, p.origin, p.description,
                  p.coordinator.name if p.coordinator else "", p.status, _day(p.solved_on),
                  p.result] for p in reversed(list_problems(session, year))],
                [1.6, 2.2, 1.6, 4.2, 1.4, 1.2, 1.6, 4.0],
                ["center", "left", "center", "left", "center", "center", "center", "left"]),
        Section("按活动类型", ["活动类型", "活动次数", "人次", "时长（小时）"],
                [[kind, t.activities, t.person_times, hours_text(t.minutes)]
                 for kind, t in summary.by_kind.items()]
                + [["合计", summary.activities, summary.person_times,
                    hours_text(summary.minutes)]],
                [5, 2, 2, 2], ["left", "right", "right", "right"], 1),
        Section("党员年度服务情况（按名册顺序）", ["姓名", "居住地社区", "服务人次", "时长（小时）",
                                                   "认领微心愿", "完成微心愿", "协调问题"],
                [[t.name, t.home_community, t.person_times, hours_text(t.minutes),
                  t.wishes_claimed, t.wishes_done, t.problems]
                 for t in member_totals(session, year, today)],
                [2, 4, 1.6, 1.8, 1.8, 1.8, 1.6],
                ["center", "left", "right", "right", "right", "right", "right"]),
    ]


def _overview(session: Session, year: int) -> list[str]:
    summary = service_summary(session, year)
    community = current_community(session)
    lines = []
    if community is not None:
        lines.append(f"报到社区：{community.community}（{date_text(community.reported_on)}报到"
                     + (f"，联系人{community.contact}" if community.contact else "")
                     + (f" {community.phone}" if community.phone else "") + "）")
    lines.append(f"{year}年开展志愿服务{summary.activities}次、{summary.person_times}人次，"
                 f"服务时长{hours_text(summary.minutes)}小时；认领微心愿{summary.wishes_claimed}个、"
                 f"完成{summary.wishes_done}个；发现或反映社区问题{summary.problems_found}个、"
                 f"解决{summary.problems_solved}个；办实事{summary.deeds}件。")
    return lines


def register_pdf(session: Session, year: int, progress: Progress = SILENT,
                 today: dt.date | None = None) -> bytes:
    title = register_title(year)
    doc = Document.for_branch(session, title, landscape=True)
    doc.title(title, subtitle=branch_name(session))
    for line in _overview(session, year):
        doc.paragraph(line)
    for section in sections(session, year, today):
        doc.heading(section.title)
        if section.rows:
            doc.table(section.headers, section.rows, widths=section.widths, align=section.align,
                      size=SIZES["小五"], total_rows=section.total_rows)
        else:
            doc.paragraph("无。")
    doc.signatures(["登记人", "支部书记"])
    return doc.build(progress)


def register_xlsx(session: Session, year: int, today: dt.date | None = None) -> bytes:
    book = Workbook()
    book.remove(book.active)
    name = branch_name(session)
    for section in sections(session, year, today):
        sheet = book.create_sheet(section.title[:31].split("（")[0])
        add_table(sheet, f"{name} {year}年{section.title}", section.headers, section.rows,
                  [round(w * 5) for w in section.widths], total_rows=section.total_rows)
    return workbook_bytes(book)
