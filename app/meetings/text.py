"""A meeting record as plain text (CLI `meetings show`, the version viewer)."""

import datetime as dt

from app.meetings.lines import ElectionLine, MeetingDetail, VoteLine
from app.meetings.types import AttendanceStatus, MeetingType


def _time(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _people(names: list[str]) -> str:
    return "、".join(names) if names else "无"


def _count(value: int | None, unit: str) -> str:
    return "未录入" if value is None else f"{value}{unit}"


#: Marks the votes given as written opinions, and their list.
WRITTEN_MARK = "※"


def exclusions_text(detail: MeetingDetail) -> str:
    """经上级党组织同意不计入应到会人数：张三（自费出国半年以上；批准：…）."""
    if not detail.excluded:
        return ""
    return "经上级党组织同意不计入应到会人数：" + "；".join(
        f"{a.name}（{a.exclusion}；{a.approval_ref}）" for a in detail.excluded)


def _counted(label: str, total: int | None, written: int) -> str:
    extra = f"（含书面意见{written}票{WRITTEN_MARK}）" if written else ""
    return f"{label}{total or 0}票{extra}"


def counts_text(vote: VoteLine) -> str:
    """赞成…票（含书面意见…票※），反对…票，弃权…票."""
    return "，".join(_counted(label, total, sum(o.opinion == label for o in vote.written))
                    for label, total in (("赞成", vote.yes), ("反对", vote.no),
                                         ("弃权", vote.abstain)))


def vote_text(vote: VoteLine) -> str:
    """应到…实到…赞成…(含书面意见…)…表决结果 (the printed minutes)."""
    who = "委员" if vote.rule == "支委会" else "有表决权的党员"
    return (f"应到{who}{vote.expected}人，实到{vote.present}人。{counts_text(vote)}。"
            f"表决结果：{vote.result}。")


def written_text(vote: VoteLine) -> str:
    return (f"{WRITTEN_MARK}书面意见（会前提交，计入票数）："
            + "、".join(f"{o.name}（{o.opinion}）" for o in vote.written))


def election_lines(election: ElectionLine) -> list[str]:
    """An election by candidate: the figures, each candidate's votes and result, the outcome."""
    style = f"（{election.style}）" if election.style else ""
    seats = "应选人数未填" if election.seats is None else f"应选{election.seats}名"
    invalid = "" if election.ballots_invalid is None else \
        f"，其中无效票{election.ballots_invalid}张"
    lines = [f"选举：{seats}，候选人{len(election.candidates)}名"
             f"{style}；发出选票{_count(election.ballots_issued, '张')}，收回选票"
             f"{_count(election.ballots_returned, '张')}{invalid}（有选举权的党员应到"
             f"{election.expected}人，实到{election.present}人）"]
    for c in election.candidates:
        votes = f"赞成{c.yes or 0}票，反对{c.no or 0}票，弃权{c.abstain or 0}票" \
            if any(v is not None for v in (c.yes, c.no, c.abstain)) else "未录入得票"
        lines.append(f"{c.name}：{votes}" + (f"——{c.result}" if c.result else ""))
    if election.summary:
        lines.append(f"结果：{election.summary}")
    return lines + [f"⚠ {m}" for m in election.messages + election.warnings]


def minutes_text(detail: MeetingDetail) -> str:
    d = detail
    marks = [d.status]
    if d.backdated:
        marks.append("补录")
    if d.amended:
        marks.append(f"已修订{len(d.versions) - 1}次")
    span = "—".join(t for t in (_time(d.start_time), _time(d.end_time)) if t)
    lines = [d.heading + (f"：{d.title}" if d.title else ""), f"（{'，'.join(marks)}）", "",
             f"时间：{d.date:%Y年%m月%d日} {span}".rstrip(), f"地点：{d.place}",
             f"主持人：{d.chair_name}" + (f"（{d.chair_post}）" if d.chair_post else ""),
             f"记录人：{d.recorder_name}",
             f"应到{d.expected}人，实到{d.present}人"]
    if MeetingType.GENERAL in d.types:
        lines[-1] += f"；有表决权的党员应到{d.voters_expected}人，实到{d.voters_present}人"
    lines.append("出席：" + _people([a.name for a in d.attendees
                                     if a.status == AttendanceStatus.PRESENT]))
    lines.append("请假、缺席：" + _people(
        [f"{a.name}（{a.status}：{a.reason or '未填写原因'}）" for a in d.absentees]))
    if d.excluded:
        lines.append(exclusions_text(d))
    if d.unrecorded:
        lines.append("未登记出席情况（会议之日在册）：" + _people([a.name for a in d.unrecorded]))
    lines.append("列席：" + _people(
        [g["name"] + (f"（{g['identity']}）" if g.get("identity") else "") for g in d.guests]))
    if d.agenda:
        lines += ["", "议题："]
    for item in d.agenda:
        lines.append(f"{item.number}. " + (item.study_text if item.first_topic else item.title)
                     + (f"（{item.subject_name}）" if item.subject_name else ""))
        if item.content:
            lines.append(f"   {item.content}")
        vote = item.vote
        if vote is not None and vote.result is not None:
            lines.append(f"   表决：{counts_text(vote)}（应到{vote.expected}人，"
                         f"实到{vote.present}人）——{vote.result}")
            if vote.written:
                lines.append(f"   {written_text(vote)}")
        elif vote is not None:
            lines.append("   表决：尚未录入票数")
        lines += [f"   ⚠ {m}" for m in vote.messages] if vote else []
        if item.election is not None:
            lines += [f"   {line}" for line in election_lines(item.election)]
        for speech in d.speeches:
            if speech.agenda_number == item.number:
                lines.append(f"   {speech.speaker}：{speech.content}")
    other = [s for s in d.speeches if s.agenda_number is None]
    if other:
        lines += ["", "发言："] + [f"{s.speaker}：{s.content}" for s in other]
    if d.decisions:
        lines += ["", "决定事项："]
        lines += [f"{n}. {x.content}" + (f"（责任人：{x.owner}" if x.owner else "")
                  + (f"，期限：{x.deadline:%Y-%m-%d}" if x.deadline else "")
                  + ("）" if x.owner else "") for n, x in enumerate(d.decisions, start=1)]
    if d.summary:
        lines += ["", "主持人总结：", d.summary]
    if d.rectifications:
        lines += ["", "整改清单："]
        lines += [f"{n}. 问题：{r.problem}；措施：{r.measure}；责任人：{r.owner}；"
                  f"期限：{r.deadline or ''}；状态：{r.status}"
                  for n, r in enumerate(d.rectifications, start=1)]
    if d.followups:
        lines += ["", "整改跟踪："]
        lines += [f"- {f.problem}（{f.origin}）：{f.progress}——{f.status}" for f in d.followups]
    if d.grades:
        lines += ["", "民主评议等次："]
        lines.append("；".join(f"{g.name} {g.grade}" for g in d.grades))
        lines += [f"⚠ {w}" for w in d.grade_warnings]
    if d.attachments:
        lines += ["", "附件：" + "、".join(a.filename for a in d.attachments)]
    if d.versions:
        lines += ["", "版本："]
        lines += [f"第{v.number}版 {v.at.astimezone():%Y-%m-%d %H:%M} {v.actor}：{v.reason}"
                  for v in d.versions]
    return "\n".join(lines)
