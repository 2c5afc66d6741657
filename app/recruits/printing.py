"""Printed 发展党员 papers: the 发展党员工作纪实表 of one person (every step with its date,
meeting and vote, and a line to sign), the 发展对象公示, and the year's 发展党员工作情况表."""

import datetime as dt

from sqlalchemy.orm import Session

from app.progress import SILENT, Progress
from app.recruits.steps import CONTACT, INTRODUCER, STEP_LIST
from app.recruits.track import DoneStep, Track, load_track
from app.recruits.yearly import MILESTONES, STANDING, year_report
from app.reports import SIZES, Document
from app.reports.common import branch_name
from base.errors import UserError


def _day(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _basis(step: DoneStep) -> str:
    """The deciding meeting and its vote (computed by the meetings module)."""
    if not step.meeting_id:
        return ""
    text = step.meeting_heading
    vote = step.vote
    if vote is not None and vote.yes is not None:
        text += (f"；应到{vote.expected}人，实到{vote.present}人，赞成{vote.yes}票、反对"
                 f"{vote.no or 0}票、弃权{vote.abstain or 0}票"
                 + (f"（含书面意见{len(vote.written)}份）" if vote.written else "")
                 + f"，{vote.result or ''}")
    return text


def _note(track: Track, step: DoneStep) -> str:
    parts = [step.detail] if step.detail else []
    if step.code == "contacts":
        parts.append("、".join(p.name for p in track.people_in(CONTACT)))
    if step.code == "introducers":
        parts.append("、".join(p.name for p in track.people_in(INTRODUCER)))
    if step.code == "training" and step.date:
        parts.append(f"至{_day(step.until or step.date)}" + (f"，{step.hours}学时"
                                                            if step.hours else ""))
    if step.code == "pre_review" and step.until:
        parts.append(f"公示至{_day(step.until)}")
    return "；".join(parts)


def _person_fields(track: Track) -> list[list[tuple[str, str]]]:
    return [[("姓名", track.name), ("性别", track.gender)],
            [("出生日期", _day(track.birth_date)), ("民族", track.ethnicity)],
            [("学历", track.education), ("工作岗位", track.job)]]


def record_pdf(session: Session, recruit_id: str, progress: Progress = SILENT) -> bytes:
    """发展党员工作纪实表: the 25 steps in order, each done one with its day, deciding meeting
    and vote; the steps not done stay blank for the hand."""
    track = load_track(session, recruit_id)
    title = "发展党员工作纪实表"
    doc = Document.for_branch(session, f"{title}（{track.name}）", landscape=True)
    doc.title(title, subtitle=branch_name(session))
    doc.fields(_person_fields(track))
    rows = []
    for spec in STEP_LIST:
        done = track.done(spec.code)
        rows += [[str(spec.number), spec.name, _day(step.date), _basis(step), _note(track, step),
                  ""] for step in done] or [[str(spec.number), spec.name, "", "", "", ""]]
    doc.table(["序号", "步骤", "日期", "决定会议及表决情况", "说明", "经办人签字"], rows,
              widths=[0.6, 2.6, 1.7, 4.6, 3.0, 1.4], size=SIZES["小五"],
              align=["center", "left", "center", "left", "left", "center"])
    papers = [(s.name, p) for s in STEP_LIST if track.done(s.code) for p in s.papers]
    if papers:
        doc.heading("入党材料")
        doc.table(["步骤", "材料", "收到日期"],
                  [[name, paper, _day(track.papers.get(paper)) or "未收到"]
                   for name, paper in papers],
                  widths=[3, 3, 2], size=SIZES["小五"], align=["left", "left", "center"])
    doc.signatures(["支部书记", "经办人"])
    return doc.build(progress)


def notice_pdf(session: Session, recruit_id: str, progress: Progress = SILENT) -> bytes:
    """发展对象公示 before the 上级党委预审 (its days from the 预审 step when recorded)."""
    track = load_track(session, recruit_id)
    if not track.date_of("candidate"):
        raise UserError(f"{track.name}尚未确定为发展对象，不能公示")
    pre = next(iter(track.done("pre_review")), None)
    title = f"关于{track.name}同志拟发展为中共预备党员的公示"
    doc = Document.for_branch(session, title)
    doc.title(title)
    introducers = "、".join(p.name for p in track.people_in(INTRODUCER)) or "（待确定）"
    doc.paragraph(f"经党支部委员会研究，{track.name}同志已确定为发展对象，拟发展为中共预备党员。"
                  "根据《中国共产党发展党员工作细则》，现将有关情况公示如下：")
    doc.fields([*_person_fields(track),
                [("递交入党申请书", _day(track.date_of("application"))),
                 ("确定为入党积极分子", _day(track.date_of("activist")))],
                [("确定为发展对象", _day(track.date_of("candidate"))),
                 ("入党介绍人", introducers)]])
    period = (f"{_day(pre.date)}至{_day(pre.until)}" if pre and pre.date and pre.until
              else "自公布之日起5个工作日")
    doc.paragraph(f"公示时间：{period}。")
    doc.paragraph("公示期间，党员和群众如有意见，可通过来电、来信、来访等方式向党支部反映。"
                  "反映情况应实事求是，以个人名义反映的请署真实姓名。")
    doc.spacer(10)
    doc.note(branch_name(session), align="right")
    doc.note(_day(pre.date if pre and pre.date else dt.date.today()), align="right")
    return doc.build(progress)


def yearly_pdf(session: Session, year: int, progress: Progress = SILENT) -> bytes:
    """发展党员工作情况表: the year's milestones and the stages at its end, then each person."""
    counts, lines = year_report(session, year)
    title = f"{year}年度发展党员工作情况表"
    doc = Document.for_branch(session, title)
    doc.title(title, subtitle=branch_name(session))
    labels = [label for label, _code in MILESTONES] + ["停止发展"]
    doc.heading("本年度")
    doc.table(labels, [[str(counts[label]) for label in labels]], size=SIZES["小四"])
    doc.heading("12月31日")
    standing = [f"年末{s}" for s in STANDING]
    doc.table([s.removeprefix("年末") for s in standing], [[str(counts[s]) for s in standing]],
              size=SIZES["小四"])
    doc.heading("名单")
    doc.table(["序号", "姓名", "年末身份", "本年度完成"],
              [[str(n), line.name, line.identity,
                "；".join(f"{label}（{day:%m月%d日}）" for label, day in line.events)]
               for n, line in enumerate(lines, start=1)],
              widths=[0.7, 1.5, 1.8, 6], size=SIZES["小五"],
              align=["center", "center", "center", "left"])
    doc.signatures(["填报人", "支部书记"])
    return doc.build(progress)
