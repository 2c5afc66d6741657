"""签到表: the sheet members sign at the door.

Printed for a meeting already entered (its attendance list), or for a planned one that is
not recorded yet (records only hold meetings that took place): then the roster on that day.
"""

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.meetings.detail import get_meeting_detail, heading
from app.meetings.listing import list_meetings
from app.meetings.minutes import title_lines
from app.meetings.roster import roster
from app.members.rules import MemberCategory
from app.progress import SILENT, Progress
from app.reports.common import branch_name, date_text
from app.reports.document import SIZES, Document

PER_ROW = 2  # two people side by side: a page holds about forty
BLANK_GUEST_ROWS = 3
ROW_MM = 12


@dataclass
class SigninSheet:
    heading: str  # "2026年第3次支部委员会"
    date: dt.date
    start_time: dt.time | None = None
    title: str = ""
    place: str = ""
    chair: str = ""
    people: list[tuple[str, str]] = field(default_factory=list)  # (name, note)
    guests: list[tuple[str, str]] = field(default_factory=list)  # (name, identity)


def _note(category: str) -> str:
    return "预备党员" if category == MemberCategory.PROBATIONARY else ""


def sheet_for_meeting(session: Session, meeting_id: str) -> SigninSheet:
    """An entered meeting: its attendance list (else the roster of its day) and guests."""
    d = get_meeting_detail(session, meeting_id)
    people = [(a.name, _note(a.category)) for a in d.attendees] or [
        (e.name, _note(e.category)) for e in roster(session, d.date, d.types, d.group_id)]
    return SigninSheet(d.heading, d.date, d.start_time, d.title, d.place,
                       d.chair_name + (f"（{d.chair_post}）" if d.chair_post else ""), people,
                       [(g.get("name", ""), g.get("identity", "")) for g in d.guests])


def planned_sheet(session: Session, types: list[str], day: dt.date, *,
                  group_id: str | None = None, group_name: str = "",
                  start_time: dt.time | None = None, title: str = "", place: str = "",
                  chair: str = "") -> SigninSheet:
    """A meeting still to be held: numbered after those already entered for that year."""
    sequences = {}
    for meeting_type in types:
        held = [m for m in list_meetings(session, day.year, meeting_type) if m.date <= day]
        sequences[meeting_type] = len(held) + 1
    people = [(e.name, _note(e.category)) for e in roster(session, day, types, group_id)]
    return SigninSheet(heading(day.year, types, sequences, group_name), day, start_time, title,
                       place, chair, people)


def signin_title(sheet: SigninSheet) -> str:
    return sheet.heading + "签到表"


def signin_pdf(session: Session, sheet: SigninSheet, *, progress: Progress = SILENT) -> bytes:
    branch = branch_name(session)
    doc = Document.for_branch(session, signin_title(sheet), author=branch)
    doc.title(title_lines(branch, signin_title(sheet)))
    when = date_text(sheet.date) + (f" {sheet.start_time:%H:%M}" if sheet.start_time else "")
    rows = [[("会议时间", when), ("会议地点", sheet.place)],
            [("主持人", sheet.chair), ("应到人数", f"{len(sheet.people)}人")]]
    if sheet.title:
        rows.insert(0, [("会议主题", sheet.title)])
    doc.fields(rows)

    cells = [(str(n), name, "", note) for n, (name, note) in enumerate(sheet.people, start=1)]
    cells += [("", "", "", "")] * (-len(cells) % PER_ROW)
    table = [[v for cell in cells[i:i + PER_ROW] for v in cell]
             for i in range(0, len(cells), PER_ROW)]
    doc.heading("党员签到")
    doc.table(["序号", "姓名", "本人签名", "备注"] * PER_ROW, table,
              widths=[1.3, 2.0, 2.9, 2.2] * PER_ROW, size=SIZES["小四"], row_height_mm=ROW_MM)

    guests = [*sheet.guests, *[("", "")] * BLANK_GUEST_ROWS]
    doc.heading("列席人员签到")
    doc.table(["序号", "姓名", "身份或单位", "本人签名"],
              [[n, name, identity, ""] for n, (name, identity) in enumerate(guests, start=1)],
              widths=[1.3, 2.5, 4.5, 4.5], size=SIZES["小四"], row_height_mm=ROW_MM)
    doc.paragraph(f"应到{len(sheet.people)}人，实到______人；请假______人，缺席______人。",
                  indent=False)
    doc.signatures(["记录人"], dated=False)
    return doc.build(progress)


def meeting_signin_pdf(session: Session, meeting_id: str, *,
                       progress: Progress = SILENT) -> bytes:
    return signin_pdf(session, sheet_for_meeting(session, meeting_id), progress=progress)
