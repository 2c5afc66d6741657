"""会议记录: one meeting's minutes as a printed record (also the chapters of the yearly book)."""


from sqlalchemy.orm import Session

from app.meetings.detail import get_meeting_detail
from app.meetings.election import VALID
from app.meetings.lines import ElectionLine, MeetingDetail
from app.meetings.snapshots import version_detail
from app.meetings.text import exclusions_text, vote_text, written_text
from app.meetings.types import AttendanceStatus, MeetingType, type_name
from app.meetings.votes import INVALID
from app.meetings.yearly import counted_year
from app.progress import SILENT, Progress
from app.reports.common import branch_name, chinese_number, date_text
from app.reports.document import Document
from app.reports.fonts import KAI

TITLE_LINE = 20  # characters of 2号 in the 156 mm text block


def time_span(detail: MeetingDetail) -> str:
    times = [t.strftime("%H:%M") for t in (detail.start_time, detail.end_time) if t]
    return " ".join(filter(None, [date_text(detail.date), "—".join(times)]))


def people(names: list[str]) -> str:
    return "、".join(names) if names else "无"


def record_title(detail: MeetingDetail) -> str:
    """「2026年第3次支部委员会会议记录」, 「…党课记录」, 「…主题党日活动记录」."""
    last = detail.types[-1] if detail.types else ""
    if last.endswith("会"):
        suffix = "会议记录"
    elif last in (MeetingType.THEME_DAY, MeetingType.OTHER):
        suffix = "活动记录"
    else:
        suffix = "记录"
    return detail.heading + suffix


def title_lines(branch: str, title: str) -> str:
    """Branch name over the record title; a long combined title breaks after 暨."""
    if len(title) > TITLE_LINE and "暨" in title:
        title = title.replace("暨", "暨\n", 1)
    return f"{branch}\n{title}" if branch else title


def _types_text(detail: MeetingDetail) -> str:
    parts = []
    for meeting_type in detail.types:
        number = detail.sequences.get(meeting_type)
        name = type_name(meeting_type, detail.group_name)
        notes = [f"第{number}次"] if number else []
        year = counted_year(meeting_type, detail.date, detail.counts_for_year)
        if year != detail.date.year:
            notes.append(f"{year}年度")
        parts.append(f"{name}（{'，'.join(notes)}）" if notes else name)
    return "暨".join(parts)


def _counts_rows(detail: MeetingDetail) -> list[list[tuple[str, str]]]:
    rows = [[("应到人数", f"{detail.expected}人"), ("实到人数", f"{detail.present}人")]]
    if MeetingType.GENERAL in detail.types:
        rows.append([("有表决权应到", f"{detail.voters_expected}人"),
                     ("有表决权实到", f"{detail.voters_present}人")])
    elif MeetingType.COMMITTEE in detail.types:
        rows.append([("委员应到", f"{detail.committee_expected}人"),
                     ("委员实到", f"{detail.committee_present}人")])
    return rows


def _marks(detail: MeetingDetail) -> list[str]:
    """Notes under the title: 补录 and 修订 (the earlier versions stay readable in the app)."""
    notes = []
    if detail.backdated:
        entered = detail.entered_at.astimezone().date()
        notes.append(f"本记录为补录：会议于{date_text(detail.date)}召开，"
                     f"{date_text(entered)}录入。")
    if detail.amended:
        last = detail.versions[-1]
        notes.append(f"本记录定稿后已修订{len(detail.versions) - 1}次，现为第{last.number}版"
                     f"（{date_text(last.at.astimezone().date())}修订，"
                     f"修订原因：{last.reason or '未填写'}）。")
    return notes


def header_rows(detail: MeetingDetail) -> list[list[tuple[str, str]]]:
    """The header table of the minutes: rows of one or two (label, value) pairs."""
    chair = detail.chair_name + (f"（{detail.chair_post}）" if detail.chair_post else "")
    attendees = [a.name for a in detail.attendees if a.status == AttendanceStatus.PRESENT]
    absentees = [f"{a.name}（{a.status}：{a.reason or '未说明原因'}）" for a in detail.absentees]
    guests = [g.get("name", "") + (f"（{g['identity']}）" if g.get("identity") else "")
              for g in detail.guests]
    agenda = "\n".join(f"{item.number}. {item.study_text if item.first_topic else item.title}"
                       for item in detail.agenda) or "无"
    rows: list[list[tuple[str, str]]] = [[("会议类型", _types_text(detail))]]
    if detail.title:
        rows.append([("会议主题", detail.title)])
    rows += [[("时间", time_span(detail)), ("地点", detail.place)],
             [("主持人", chair), ("记录人", detail.recorder_name)],
             *_counts_rows(detail),
             [("出席人员", people(attendees))],
             [("请假缺席", "；".join(absentees) or "无")]]
    if detail.excluded:
        rows.append([("不计应到", exclusions_text(detail))])
    if detail.unrecorded:
        rows.append([("未登记", people([a.name for a in detail.unrecorded])
                      + "（会议之日在册，尚未登记出席情况，按未到会计）")])
    rows += [[("列席人员", people(guests))],
             [("会议议题", agenda)]]
    return rows


def _agenda(doc: Document, detail: MeetingDetail, section: int) -> int:
    if not detail.agenda and not detail.speeches:
        return section
    doc.heading(f"{chinese_number(section)}、会议内容")
    for item in detail.agenda:
        subject = f"（{item.subject_name}）" if item.subject_name and \
            item.subject_name not in item.title else ""
        title = item.study_text if item.first_topic else item.title
        doc.heading(f"（{chinese_number(item.number)}）{title}{subject}", 2)
        if item.content:
            doc.paragraph(item.content)
        for speech in detail.speeches:
            if speech.agenda_number == item.number:
                mark = "（原话）" if speech.verbatim else ""
                doc.paragraph(speech.content, lead=f"{speech.speaker}{mark}：", lead_role=KAI)
        if item.election is not None:
            _election(doc, item.election)
        vote = item.vote
        if vote is None:
            continue
        if vote.result is None:
            doc.paragraph("表决情况：未录入票数。", lead="")
            continue
        doc.paragraph(vote_text(vote), lead="表决情况：", lead_role=KAI)
        if vote.written:
            doc.note(written_text(vote))
        if vote.result == INVALID:
            for message in vote.messages:
                doc.note(f"（{message}）")
    others = [s for s in detail.speeches if s.agenda_number is None]
    if others:
        doc.heading("（其他发言）" if detail.agenda else "发言", 2)
        for speech in others:
            doc.paragraph(speech.content, lead=f"{speech.speaker}：", lead_role=KAI)
    return section + 1


def _election(doc: Document, election: ElectionLine) -> None:
    """Seats, ballots, each candidate's votes and result, and the outcome."""
    style = f"，{election.style}" if election.style else ""
    seats = "应选人数未填写" if election.seats is None else f"应选{election.seats}名"
    issued, returned, invalid = (election.ballots_issued, election.ballots_returned,
                                 election.ballots_invalid)
    if issued is None or returned is None:
        ballots = "发出、收回选票未录入"
    else:
        ballots = f"发出选票{issued}张，收回选票{returned}张" + (
            "" if invalid is None else f"，其中无效票{invalid}张、有效票{returned - invalid}张")
    verdict = {VALID: "，选举有效", INVALID: "，选举无效"}.get(election.result or "", "")
    doc.paragraph(f"{seats}，候选人{len(election.candidates)}名{style}。"
                  f"应到有选举权的党员{election.expected}人，实到{election.present}人。"
                  f"{ballots}{verdict}。", lead="选举情况：", lead_role=KAI)
    if election.candidates:
        doc.keep_space(min(15 + 9 * len(election.candidates), 80))  # keep a short table whole
        doc.table(["序号", "候选人", "赞成", "反对", "弃权", "结果"],
                  [[n, c.name, c.yes, c.no, c.abstain, c.result or ""]
                   for n, c in enumerate(election.candidates, start=1)],
                  widths=[1.2, 5, 2, 2, 2, 2.4])
    if election.summary:
        doc.paragraph(election.summary, lead="选举结果：", lead_role=KAI)
    if election.result is None:  # what is missing (an invalid one says why in the summary)
        for message in election.messages:
            doc.note(f"（{message}）")
    for warning in election.warnings:
        doc.note(f"（{warning}）")


def _decisions(doc: Document, detail: MeetingDetail, section: int) -> int:
    if not detail.decisions:
        return section
    doc.heading(f"{chinese_number(section)}、决定事项")
    doc.table(["序号", "决定事项", "责任人", "完成时限"],
              [[n, d.content, d.owner, date_text(d.deadline)]
               for n, d in enumerate(detail.decisions, start=1)],
              widths=[1, 7, 2, 3], align=["center", "left", "center", "center"])
    return section + 1


def _summary(doc: Document, detail: MeetingDetail, section: int) -> int:
    if not detail.summary:
        return section
    doc.heading(f"{chinese_number(section)}、主持人总结")
    doc.paragraph(detail.summary)
    return section + 1


def _rectifications(doc: Document, detail: MeetingDetail, section: int) -> int:
    if detail.rectifications:
        doc.heading(f"{chinese_number(section)}、整改清单")
        doc.table(["序号", "存在问题", "整改措施", "责任人", "完成时限", "状态"],
                  [[n, r.problem, r.measure, r.owner, date_text(r.deadline), r.status]
                   for n, r in enumerate(detail.rectifications, start=1)],
                  widths=[1.1, 4.0, 4.0, 1.8, 3.3, 1.7],
                  align=["center", "left", "left", "center", "center", "center"])
        section += 1
    if detail.followups:
        doc.heading(f"{chinese_number(section)}、整改落实情况")
        doc.table(["序号", "整改问题", "提出会议", "落实情况", "状态"],
                  [[n, f.problem, f.origin, f.progress, f.status]
                   for n, f in enumerate(detail.followups, start=1)],
                  widths=[1.1, 4, 3.5, 5, 1.6],
                  align=["center", "left", "left", "left", "center"])
        section += 1
    return section


def _grades(doc: Document, detail: MeetingDetail, section: int) -> int:
    if not detail.grades:
        return section
    doc.heading(f"{chinese_number(section)}、民主评议党员结果")
    per_row = 3
    cells = [(str(n), g.name, g.grade) for n, g in enumerate(detail.grades, start=1)]
    cells += [("", "", "")] * (-len(cells) % per_row)
    rows = [[v for cell in cells[i:i + per_row] for v in cell]
            for i in range(0, len(cells), per_row)]
    doc.table(["序号", "姓名", "评议等次"] * per_row, rows, widths=[1.2, 2.0, 2.2] * per_row)
    counts: dict[str, int] = {}
    for g in detail.grades:
        counts[g.grade] = counts.get(g.grade, 0) + 1
    doc.paragraph(f"参加评议{len(detail.grades)}人，其中"
                  + "，".join(f"{grade}{n}人" for grade, n in counts.items()) + "。")
    return section + 1


def _attachments_and_versions(doc: Document, detail: MeetingDetail) -> None:
    if detail.attachments:
        doc.paragraph("；".join(a.caption or a.filename for a in detail.attachments),
                      lead="附件：", indent=False)
    if detail.amended:
        doc.note("修订记录：" + "；".join(
            f"第{v.number}版 {date_text(v.at.astimezone().date())} {v.actor}"
            + (f"：{v.reason}" if v.reason else "") for v in detail.versions))


def add_minutes(doc: Document, detail: MeetingDetail, branch_name: str, *,
                toc: bool = False) -> None:
    """The whole record of one meeting, appended to `doc` (a draft gets the 草稿 watermark)."""
    if not detail.is_final:
        doc.draft_section(True)
    doc.title(title_lines(branch_name, record_title(detail)), toc_level=0 if toc else None)
    for note in _marks(detail):
        doc.note(note, align="center")
    doc.fields(header_rows(detail))
    section = 1
    for part in (_agenda, _decisions, _summary, _rectifications, _grades):
        section = part(doc, detail, section)
    _attachments_and_versions(doc, detail)
    doc.signatures(["主持人", "记录人"])
    if not detail.is_final:
        doc.draft_section(False)


def minutes_pdf(session: Session, meeting_id: str, *, version: int | None = None,
                progress: Progress = SILENT) -> bytes:
    """The PDF of a meeting's minutes (or of an earlier finalised version of them)."""
    detail = (get_meeting_detail(session, meeting_id) if version is None
              else version_detail(session, meeting_id, version))
    doc = Document.for_branch(session, record_title(detail), author=branch_name(session))
    add_minutes(doc, detail, branch_name(session))
    return doc.build(progress)

