"""The 发展党员 dialogs: the person, one step (its meeting and vote, people, dates), the papers
received, and 停止发展. Each saves through app.recruits.service in one transaction."""

import datetime as dt

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.meetings.types import MeetingType
from app.members.rules import EDUCATIONS, ETHNICITIES, GENDERS
from app.recruits.choices import full_members_on, meeting_choices, vote_choices
from app.recruits.service import (
    RecruitInput,
    StepInput,
    add_recruit,
    end_track,
    record_step,
    set_papers,
    update_recruit,
)
from app.recruits.steps import CONTACT, STEP_LIST, STEPS
from app.recruits.track import DoneStep, Track
from ui.context import AppContext
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_field import DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.member_picker import MemberBox

HINT_STYLE = "color: #666;"


class _Dialog(FormDialog):
    """A FieldForm under a hint line, with 确定/取消; `save` checks and calls `run`."""

    def __init__(self, context: AppContext, title: str, name: str, width: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent, context=context, size=QSize(width, 0))
        self.setObjectName(name)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        self.top.addWidget(self.hint)


class RecruitDialog(_Dialog):
    """A new 入党申请人 (the application is the first step), or their details."""

    def __init__(self, context: AppContext, today: dt.date, track: Track | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "入党申请人" if track is None else f"{track.name}的基本信息",
                         "recruit-dialog", 520, parent)
        self.today, self.track = today, track
        self.hint.setText("年满十八岁方可申请入党。收到入党申请书后一个月内应派人谈话。")
        form = self.form
        self.name = form.add("name", "姓名", QLineEdit(), required=True)
        self.id_number = form.add("id_number", "公民身份号码", QLineEdit(), required=True)
        self.gender = form.add("gender", "性别", ChoiceCombo(GENDERS, placeholder="按身份证号"))
        self.ethnicity = form.add("ethnicity", "民族", ChoiceCombo(ETHNICITIES))
        self.education = form.add("education", "学历", ChoiceCombo(EDUCATIONS, placeholder="选择"))
        self.job = form.add("job", "工作岗位", QLineEdit())
        self.phone = form.add("phone", "联系电话", QLineEdit())
        self.application = form.add("application_date", "递交申请书日期",
                                    DateField(optional=False), required=True)
        self.notes = form.add("notes", "备注", QLineEdit())
        if track is None:
            self.application.set_date(today)
        else:
            self.name.setText(track.name)
            self.id_number.setText(track.id_number)
            self.gender.set_text(track.gender)
            self.ethnicity.set_text(track.ethnicity)
            self.education.set_text(track.education)
            self.job.setText(track.job)
            self.phone.setText(track.phone)
            self.application.set_date(track.application_date)
            self.notes.setText(track.notes)

    def values(self) -> RecruitInput:
        return RecruitInput(self.name.text(), self.id_number.text(), self.application.date(),
                            self.gender.text(), self.ethnicity.text(), self.education.text(),
                            self.job.text(), self.phone.text(), self.notes.text())

    def save(self) -> None:
        if self.application.error():
            self.error.setText(f"递交申请书日期：{self.application.error()}")
            return
        data, today, track = self.values(), self.today, self.track
        if track is None:
            self.run(lambda s: add_recruit(s, data, today))
        else:
            self.run(lambda s: update_recruit(s, track.id, data, today))


class StepDialog(_Dialog):
    """Record one step. A meeting step picks the meeting record (and for a 支部大会 its 表决
    议题, whose result the meetings module computes); its date is the meeting's."""

    def __init__(self, context: AppContext, today: dt.date, track: Track,
                 editing: DoneStep | None = None, parent: QWidget | None = None) -> None:
        super().__init__(context, f"{track.name}：登记发展步骤", "step-dialog", 640, parent)
        self.today, self.track, self.editing = today, track, editing
        form = self.form
        self.step = form.add("code", "步骤", QComboBox(), required=True)
        for spec in STEP_LIST[1:]:
            self.step.addItem(f"{spec.number}. {spec.name}", spec.code)
        self.date = form.add("date", "日期", DateField(optional=False), required=True)
        self.meeting = form.add("meeting_id", "决定的会议", QComboBox(), required=True)
        self.vote = form.add("agenda_item_id", "表决议题", QComboBox(), required=True)
        self.first = form.add("first", "第一人", MemberBox())
        self.second = form.add("second", "第二人", MemberBox())
        self.until = form.add("until", "结束日期", DateField())
        self.hours = form.add("hours", "学时", QSpinBox())
        self.hours.setRange(0, 1000)
        self.detail = form.add("detail", "说明", QLineEdit())
        self.date.set_date(today)
        nxt = track.next_step()
        code = editing.code if editing else (nxt.code if nxt else "talk")
        self.step.setCurrentIndex(self.step.findData(code))
        self.step.currentIndexChanged.connect(self._step_changed)
        self.meeting.currentIndexChanged.connect(self._meeting_changed)
        self._step_changed()
        if editing is not None:
            self._preset(editing)

    def code(self) -> str:
        return str(self.step.currentData())

    def _show(self, key: str, shown: bool) -> None:
        self.form.fields[key].setVisible(shown)
        self.form.caption(key).setVisible(shown)

    def _step_changed(self) -> None:
        spec = STEPS[self.code()]
        window = self.track.window_of(spec.code)
        bounds = [f"最早{window.earliest:%Y-%m-%d}" if window.earliest else "",
                  f"最迟{window.latest:%Y-%m-%d}" if window.latest else ""]
        when = "，".join(b for b in bounds if b)
        roster = {"approval": f"登记后，{self.track.name}将列入党员名册（预备党员，入党日期为"
                              "支部大会讨论通过之日）。",
                  "full_approval": f"登记后，{self.track.name}在党员名册中转为正式党员（转正日期"
                                   "为预备期满之日）。"}.get(spec.code, "")
        self.hint.setText("；".join(t for t in (when, window.rule, roster) if t)
                          or "按《发展党员工作细则》的程序逐步登记。")
        self._show("date", not spec.meeting)
        self._show("meeting_id", bool(spec.meeting))
        self._show("agenda_item_id", spec.meeting == MeetingType.GENERAL)
        for key in ("first", "second"):
            self._show(key, bool(spec.role))
        self._show("until", spec.code in ("training", "pre_review"))
        self._show("hours", spec.code == "training")
        self.form.caption("until").setText("公示截止" if spec.code == "pre_review" else "结束日期")
        self.form.caption("detail").setText(spec.detail_label or "说明")
        self.form.caption("first").setText(spec.role or "第一人")
        self.form.caption("second").setText(spec.role or "第二人")
        with self.context.session() as session:
            meetings = meeting_choices(session, spec.code) if spec.meeting else []
            people = full_members_on(session, self.date.date() or self.today) if spec.role else []
        self.meeting.blockSignals(True)
        self.meeting.clear()
        self.meeting.addItem("（请选择会议记录）", None)
        for choice in meetings:
            self.meeting.addItem(choice.label, choice.id)
        self.meeting.blockSignals(False)
        self._meeting_changed()
        for combo, optional in ((self.first, False), (self.second, spec.role == CONTACT)):
            combo.set_members([(choice.id, choice.label) for choice in people],
                              "（无）" if optional else "（请选择）")

    def _meeting_changed(self) -> None:
        self.vote.clear()
        meeting_id = self.meeting.currentData()
        if not meeting_id or STEPS[self.code()].meeting != MeetingType.GENERAL:
            return
        with self.context.session() as session:
            choices = vote_choices(session, meeting_id, self.code())
        prompt = "（请选择表决议题）" if choices else "（该会议没有此项表决，请先在会议记录中登记）"
        self.vote.addItem(prompt, None)
        for choice in choices:
            self.vote.addItem(choice.label, choice.id)
        if len(choices) == 1:
            self.vote.setCurrentIndex(1)

    def _preset(self, step: DoneStep) -> None:
        self.step.setEnabled(False)
        self.date.set_date(step.date)
        if step.meeting_id and (found := self.meeting.findData(step.meeting_id)) >= 0:
            self.meeting.setCurrentIndex(found)
            self.vote.setCurrentIndex(max(self.vote.findData(step.agenda_item_id), 0))
        self.until.set_date(step.until)
        self.hours.setValue(step.hours or 0)
        self.detail.setText(step.detail)
        named = [p.member_id for p in self.track.people_in(STEPS[step.code].role)]
        for combo, member_id in zip((self.first, self.second), named, strict=False):
            combo.select(member_id)

    def values(self) -> StepInput:
        spec = STEPS[self.code()]
        people = [member_id for c in (self.first, self.second)
                  if spec.role and (member_id := c.member_id())]
        return StepInput(spec.code, None if spec.meeting else self.date.date(),
                         self.until.date() if spec.code in ("training", "pre_review") else None,
                         self.hours.value() or None if spec.code == "training" else None,
                         self.meeting.currentData() if spec.meeting else None,
                         self.vote.currentData() if spec.meeting == MeetingType.GENERAL else None,
                         self.detail.text(), people)

    def save(self) -> None:
        if problem := self.date.error() or self.until.error():
            self.error.setText(problem)
            return
        data, today, track = self.values(), self.today, self.track
        step_id = self.editing.id if self.editing else None
        self.run(lambda s: record_step(s, track.id, data, today, step_id))


class PapersDialog(_Dialog):
    """The papers of the steps done: ticked with the day received."""

    def __init__(self, context: AppContext, today: dt.date, track: Track,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, f"{track.name}：入党材料", "papers-dialog", 480, parent)
        self.today, self.track = today, track
        self.hint.setText("勾选已收到并归入档案的材料，填写收到日期。")
        grid = QGridLayout()
        self.rows: dict[str, tuple[QCheckBox, DateField]] = {}
        papers = dict.fromkeys(p for s in STEP_LIST if track.done(s.code) for p in s.papers)
        for row, paper in enumerate(papers):
            box = QCheckBox(paper)
            day = DateField()
            received = track.papers.get(paper)
            box.setChecked(received is not None)
            day.set_date(received or today)
            grid.addWidget(box, row, 0)
            grid.addWidget(day, row, 1)
            self.rows[paper] = (box, day)
        holder = QWidget()
        holder.setLayout(grid)
        self.form.add_wide(holder)

    def save(self) -> None:
        received = {paper: day.date() if box.isChecked() else None
                    for paper, (box, day) in self.rows.items()}
        if any(box.isChecked() and day.date() is None for box, day in self.rows.values()):
            self.error.setText("请填写已收到材料的收到日期")
            return
        track, today = self.track, self.today
        self.run(lambda s: set_papers(s, track.id, received, today))


class EndDialog(_Dialog):
    """停止发展: the track stays readable and stops reminding."""

    def __init__(self, context: AppContext, today: dt.date, track: Track,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, f"{track.name}：停止发展", "end-dialog", 480, parent)
        self.today, self.track = today, track
        self.hint.setText("如不再列为入党积极分子、发展对象，或支部大会未通过等，登记停止发展。"
                          "记录保留，不再提醒。")
        self.day = self.form.add("day", "日期", DateField(optional=False), required=True)
        self.day.set_date(today)
        self.reason = self.form.add("reason", "原因", QLineEdit(), required=True)

    def save(self) -> None:
        day = self.day.date()
        if day is None:
            self.error.setText("请填写日期（如 2026-03-01）")
            return
        track, reason, today = self.track, self.reason.text(), self.today
        self.run(lambda s: end_track(s, track.id, day, reason, today))
