"""The meeting record editor: a draft is edited and saved, then finalised (定稿); a final
record is read-only until 修订, which needs a reason and keeps the earlier version."""

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app import settings
from app.branch import chair_posts, group_choices
from app.meetings.appraisal import grade_set
from app.meetings.detail import get_meeting_detail, open_rectifications
from app.meetings.figures import FigureChange, recompute_comparison
from app.meetings.first_topic import required_types
from app.meetings.lines import MeetingDetail
from app.meetings.roster import RosterEntry, roster
from app.meetings.service import (
    AttendanceInput,
    DecisionInput,
    FollowUpInput,
    MeetingInput,
    RectificationInput,
    SpeechInput,
    amend_meeting,
    finalise_meeting,
    meeting_input,
    save_meeting,
)
from app.meetings.settings import PHRASES
from app.meetings.study_texts import list_study_texts
from app.meetings.types import (
    MEETING_TYPES,
    RECTIFICATION_STATUSES,
    MeetingType,
    RectificationStatus,
)
from app.meetings.yearly import is_yearly_review
from ui.context import AppContext
from ui.meetings.agenda import AgendaTable
from ui.meetings.attachments import AttachmentList
from ui.meetings.attendance import AttendanceTable
from ui.meetings.grades import GradesTable
from ui.meetings.recompute import RecomputeChoice
from ui.meetings.review_year import ReviewYearField
from ui.meetings.rows import RowsTable
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_field import DateField, parse_typed_date
from ui.widgets.field_form import FieldForm
from ui.widgets.form_dialog import FormDialog
from ui.widgets.tables import cell_text

_TIME = re.compile(r"(\d{1,2})[:：点.](\d{2})")


def parse_time(text: str) -> dt.time | None:
    """"14:30", "14：30", "14.30" or blank; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return dt.time(int(match.group(1)), int(match.group(2)))


def _captioned(caption: str, widget: QWidget) -> QWidget:
    """`widget` under a line saying what it is for (one side of a splitter)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel(caption))
    layout.addWidget(widget)
    return box


def _date_text(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


class MeetingEditor(FormDialog):
    """`saved` carries the record's id after each save, 定稿 or 修订 (the editor stays open)."""

    def __init__(self, context: AppContext, meeting_id: str | None = None,
                 start: MeetingInput | None = None,
                 today: Callable[[], dt.date] = dt.date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__("会议记录", parent, context=context, ok_text="保存草稿",
                         cancel_text="关闭", size=QSize(1060, 720))
        self.setObjectName("meeting-editor")
        self.meeting_id = meeting_id
        self.today = today
        self.detail: MeetingDetail | None = None
        self.amending = False
        self._loading = False

        self.heading = QLabel("新建会议记录")
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-size: 17px; font-weight: bold;")
        self.marks = QLabel()
        self.marks.setObjectName("marks")
        #: Actions on the whole record (打印/预览 and the like go here).
        self.toolbar = QHBoxLayout()
        self.toolbar.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.marks, 1)
        top.addLayout(self.toolbar)

        self.tabs = QTabWidget()
        self._build_basics()
        self.attendance = AttendanceTable()
        self.guests = RowsTable(["列席人员姓名", "身份（如入党积极分子、上级党组织人员）"],
                                "增加列席人员")
        attendance_tab = QSplitter(Qt.Orientation.Vertical)
        attendance_tab.addWidget(self.attendance)
        attendance_tab.addWidget(self.guests)
        attendance_tab.setSizes([480, 160])
        self.tabs.addTab(attendance_tab, "出席情况")
        self.agenda = AgendaTable(self.attendance.counts, self.types,
                                  self.attendance.absent_voters)
        self.tabs.addTab(self.agenda, "议题与表决")
        self.speeches = RowsTable(["议题序号", "发言人", "发言内容（写明谁说的什么）", "原话"],
                                  "增加发言", stretch=2, check_column=3)
        self.tabs.addTab(self.speeches, "发言")
        self.decisions = RowsTable(["决定事项", "责任人", "完成期限（如 2026-06-30）"],
                                   "增加决定事项", stretch=0)
        self.tabs.addTab(self.decisions, "决定事项")
        self._build_summary()
        self._build_rectification()
        self.grades = GradesTable()
        self.tabs.addTab(self.grades, "民主评议")
        self.attachments = AttachmentList(context)
        self.tabs.addTab(self.attachments, "附件")
        self.attendance.changed.connect(self.agenda.recompute)

        self.set_body(self.tabs, self.form)
        self.top.addLayout(top)
        self.error.hide()
        self.reason = QLineEdit()
        self.reason.setObjectName("amend-reason")
        self.reason.setPlaceholderText("修订原因（必填），如：补记张三的发言")
        self.reason_row = QWidget()
        reason_layout = QHBoxLayout(self.reason_row)
        reason_layout.setContentsMargins(0, 0, 0, 0)
        reason_layout.addWidget(QLabel("修订原因："))
        reason_layout.addWidget(self.reason, 1)
        self.recompute = RecomputeChoice(self._recompute_comparison)
        self.recompute.toggled.connect(self._recompute_toggled)
        self.reason_row.hide()
        self.recompute.hide()
        self.add_above_buttons(self.recompute)
        self.add_above_buttons(self.reason_row)
        self.save_button.setObjectName("save")
        self.final_button = self.add_button(
            "定稿", self.finalise, name="finalise",
            tip="定稿后记录不能再直接修改；如需更正请用“修订”")
        self.amend_button = self.add_button(
            "修订…", self.start_amendment, name="amend",
            tip="更正已定稿的记录：需说明原因，原版本保留可查")
        self.versions_button = self.add_button("版本记录", self.show_versions, name="versions")

        with context.session() as session:
            self._load(session, start)

    # -- building ----------------------------------------------------------------------

    def _build_basics(self) -> None:
        self.form = FieldForm()
        types = QWidget()
        grid = QGridLayout(types)
        grid.setContentsMargins(0, 0, 0, 0)
        self.type_boxes: dict[str, QCheckBox] = {}
        for index, name in enumerate(MEETING_TYPES):
            box = QCheckBox(name)
            box.toggled.connect(self._types_changed)
            grid.addWidget(box, index // 5, index % 5)
            self.type_boxes[name] = box
        self.form.add("types", "会议类型", types, required=True)
        hint = QLabel("一次活动可同时算作几类会议（如主题党日同时是本季度的党员大会），"
                      "勾选的每一类都会计入按期检查。")
        hint.setStyleSheet("color: #666;")
        hint.setWordWrap(True)
        self.form.add_wide(hint)
        self.group = QComboBox()
        self.group.setObjectName("group")
        self.group.currentIndexChanged.connect(self._roster_inputs_changed)
        self.form.add("group_id", "党小组", self.group)
        self.title = self.form.add("title", "会议主题", QLineEdit())
        self.title.setPlaceholderText("如：3月主题党日——重温入党誓词")
        self.date = self.form.add("date", "会议日期", DateField(optional=False), required=True)
        self.date.finished.connect(self._roster_inputs_changed)
        self.review_year = self.form.add("counts_for_year", "所属年度", ReviewYearField())
        self.start_time = QLineEdit()
        self.start_time.setPlaceholderText("如 14:30")
        self.end_time = QLineEdit()
        self.end_time.setPlaceholderText("如 16:30")
        times = QWidget()
        row = QHBoxLayout(times)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start_time)
        row.addWidget(QLabel("至"))
        row.addWidget(self.end_time)
        row.addStretch(1)
        self.form.add("time", "起止时间", times)
        self.place = self.form.add("place", "地点", QLineEdit())
        self.chair = self.form.add("chair_name", "主持人", ChoiceCombo([], editable=True))
        self.chair_post = self.form.add("chair_post", "主持人职务", QLineEdit())
        self.chair_post.setPlaceholderText("如 支部书记")
        self.chair.currentTextChanged.connect(self._chair_changed)
        self._chair_posts: dict[str, str] = {}
        self.recorder = self.form.add("recorder_name", "记录人", ChoiceCombo([], editable=True))
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.form)
        column.addStretch(1)
        self.tabs.addTab(page, "基本信息")

    def _build_summary(self) -> None:
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setPlaceholderText("主持人的总结讲话要点")
        self.phrases = QListWidget()
        self.phrases.setObjectName("phrases")
        self.phrases.setToolTip("双击把常用语插入到总结中")
        self.phrases.itemActivated.connect(
            lambda item: self.summary.insertPlainText(item.text()))
        split = QSplitter()
        split.addWidget(self.summary)
        split.addWidget(_captioned("常用语（双击插入）：", self.phrases))
        split.setSizes([700, 300])
        self.tabs.addTab(split, "主持人总结")

    def _build_rectification(self) -> None:
        self.rectifications = RowsTable(
            ["存在问题", "整改措施", "责任人", "完成期限", "状态"], "增加整改事项", stretch=1,
            choices={4: RECTIFICATION_STATUSES})
        self.rectifications.table.setColumnWidth(0, 260)
        self._rectification_ids: list[str | None] = []
        self.followups = RowsTable(["以往整改事项", "提出的会议", "本次检查的进展", "状态"],
                                   "", stretch=2, choices={3: RECTIFICATION_STATUSES})
        self.followups.table.setColumnWidth(0, 260)
        self.followups.table.setColumnWidth(1, 230)
        self.followups.add_button.hide()
        self.followups.remove_button.hide()
        self._followup_ids: list[str] = []
        page = QSplitter(Qt.Orientation.Vertical)
        page.addWidget(_captioned("本次会议形成的整改清单（组织生活会后填写）：",
                                  self.rectifications))
        page.addWidget(_captioned("跟踪以往未完成的整改事项（填写进展即记入本次会议，"
                                  "状态随之更新）：", self.followups))
        self.tabs.addTab(page, "整改清单")

    # -- loading -------------------------------------------------------------------------

    def _load(self, session: Session, start: MeetingInput | None) -> None:
        self._loading = True
        groups = group_choices(session)
        self.group.clear()
        for group in groups:
            self.group.addItem(group.name, group.id)
        self.phrases.clear()
        phrases: list[str] = settings.get(session, PHRASES)
        self.phrases.addItems(phrases)
        self._chair_posts = chair_posts(session)
        self._grade_choices = grade_set(session)
        if self.meeting_id is not None:
            self.detail = get_meeting_detail(session, self.meeting_id)
            data = meeting_input(session, self.meeting_id)
            entries = [RosterEntry(a.member_id, a.name, a.category, a.voter, a.committee, None)
                       for a in self.detail.attendees]
        else:
            data = start or MeetingInput(types=[], date=self.today())
            entries = roster(session, data.date, data.types, data.group_id) if data.date else []
        self.agenda.set_study(list_study_texts(session), required_types(session))
        self._fill(data, entries)
        self._fill_followups(session, data)
        self._loading = False
        self._show_state()

    def _chair_changed(self, name: str) -> None:
        """A 委员 chairing fills 主持人职务, unless the user wrote something else there."""
        if self._loading or not self._editable():
            return
        current = self.chair_post.text().strip()
        if not current or current in self._chair_posts.values():
            self.chair_post.setText(self._chair_posts.get(name.strip(), ""))

    def _remember(self) -> None:
        """What is on screen now counts as saved (for the question when closing)."""
        self._saved_form = repr(self.collect(quiet=True))

    def has_unsaved_changes(self) -> bool:
        return self._editable() and repr(self.collect(quiet=True)) != self._saved_form

    def _fill(self, data: MeetingInput, entries: list[RosterEntry]) -> None:
        for name, box in self.type_boxes.items():
            box.setChecked(name in data.types)
        self.group.setCurrentIndex(self.group.findData(data.group_id) if data.group_id else -1)
        self.title.setText(data.title)
        self.date.set_date(data.date)
        self.review_year.set_value(data.counts_for_year, data.date)
        self.start_time.setText(data.start_time.strftime("%H:%M") if data.start_time else "")
        self.end_time.setText(data.end_time.strftime("%H:%M") if data.end_time else "")
        self.place.setText(data.place)
        self.chair_post.setText(data.chair_post)
        statuses = {a.member_id: a for a in data.attendance}
        self._set_roster(entries, statuses)
        self.chair.set_text(data.chair_name)
        self.recorder.set_text(data.recorder_name)
        self.guests.set_rows([[g.get("name", ""), g.get("identity", "")] for g in data.guests])
        self.agenda.set_items(data.agenda)
        self.speeches.set_rows([[str(s.agenda_number or ""), s.speaker, s.content,
                                 "是" if s.verbatim else ""] for s in data.speeches])
        self.decisions.set_rows([[d.content, d.owner, _date_text(d.deadline)]
                                 for d in data.decisions])
        self.summary.setPlainText(data.summary)
        self.rectifications.set_rows([[r.problem, r.measure, r.owner, _date_text(r.deadline),
                                       r.status] for r in data.rectifications])
        self._rectification_ids = [r.id for r in data.rectifications]
        self.grades.set_entries(entries, self._grade_choices,
                                {g.member_id: g.grade for g in data.grades})
        self.attachments.set_values(data.attachments)
        self._types_changed()

    def _fill_followups(self, session: Session, data: MeetingInput) -> None:
        """Open items from earlier meetings, plus those this record already followed up."""
        done = {f.rectification_id: f for f in data.followups}
        rows: list[list[str]] = []
        self._followup_ids = []
        earlier = {d.rectification_id: d for d in (self.detail.followups if self.detail else [])}
        for item in open_rectifications(session, data.date):
            if item.id in done:
                continue
            self._followup_ids.append(item.id)
            rows.append([item.problem, item.origin, "", item.status])
        for rectification_id, followup in done.items():
            line = earlier.get(rectification_id)
            self._followup_ids.append(rectification_id)
            rows.append([line.problem if line else "", line.origin if line else "",
                         followup.progress, followup.status])
        self.followups.set_rows(rows)

    def _set_roster(self, entries: list[RosterEntry],
                    statuses: dict[str, AttendanceInput] | None = None) -> None:
        self.attendance.set_entries(entries, statuses)
        names = [e.name for e in entries]
        for combo in (self.chair, self.recorder):
            current = combo.text()
            combo.clear()
            combo.addItems(names)
            combo.set_text(current)
        self.agenda.set_people([(e.member_id, e.name) for e in entries])
        self.agenda.election.set_electors([(e.member_id, e.name) for e in entries if e.voter])
        self.grades.set_entries(entries, self._grade_choices)

    # -- state ---------------------------------------------------------------------------

    def types(self) -> list[str]:
        return [name for name, box in self.type_boxes.items() if box.isChecked()]

    def _types_changed(self) -> None:
        types = self.types()
        grouped = MeetingType.GROUP in types
        self.group.setEnabled(grouped and self._editable())
        if grouped and self.group.currentIndex() < 0 and self.group.count():
            self.group.setCurrentIndex(0)
        self.tabs.setTabEnabled(self.tabs.indexOf(self.grades), MeetingType.APPRAISAL in types)
        self.review_year.setVisible(is_yearly_review(types))
        self.form.caption("counts_for_year").setVisible(is_yearly_review(types))
        self._roster_inputs_changed()

    def _roster_inputs_changed(self) -> None:
        """A new date, type or group changes who is expected (only while editing)."""
        if self._loading or not self._editable():
            self.agenda.recompute()
            return
        day = self.date.date()
        if day is None:
            return
        group_id = self.group.currentData() if MeetingType.GROUP in self.types() else None
        with self.context.session() as session:
            entries = roster(session, day, self.types(), group_id)
        if [e.member_id for e in entries] != [e.member_id for e in self.attendance.entries]:
            self._set_roster(entries)
        self.agenda.recompute()

    def _editable(self) -> bool:
        return self.detail is None or not self.detail.is_final or self.amending

    def _show_state(self) -> None:
        self._remember()
        detail = self.detail
        editable = self._editable()
        if detail is not None:
            self.heading.setText(detail.heading + (f"：{detail.title}" if detail.title else ""))
            marks = [detail.status]
            if detail.backdated:
                marks.append("补录")
            if detail.amended:
                marks.append(f"已修订{len(detail.versions) - 1}次")
            if self.amending:
                marks.append("正在修订")
            self.marks.setText("【" + "｜".join(marks) + "】")
            self.setWindowTitle(f"会议记录 — {detail.heading}")
        final = detail is not None and detail.is_final
        for widget in (*self.type_boxes.values(), self.chair, self.recorder,
                       self.date.button, self.review_year):
            widget.setEnabled(editable)
        # Read-only text stays legible (disabled boxes are greyed out).
        for edit in (self.title, self.date.edit, self.start_time, self.end_time, self.place,
                     self.chair_post):
            edit.setReadOnly(not editable)
        self.group.setEnabled(editable and MeetingType.GROUP in self.types())
        self.summary.setReadOnly(not editable)
        for table in (self.attendance, self.guests, self.agenda, self.speeches, self.decisions,
                      self.rectifications, self.followups, self.grades, self.attachments):
            table.set_read_only(not editable)
        self.save_button.setText("保存修订" if self.amending else "保存草稿")
        self.save_button.setVisible(editable)
        self.final_button.setVisible(not final)
        self.amend_button.setVisible(final and not self.amending)
        self.versions_button.setVisible(bool(detail and detail.versions))
        self.reason_row.setVisible(self.amending)
        self.recompute.setVisible(self.amending)
        self._show_error("")

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- collecting ----------------------------------------------------------------------

    def collect(self, quiet: bool = False) -> MeetingInput | None:
        """What the form holds, or None (with the message shown unless quiet) when a value is
        unreadable."""
        problems: list[str] = []

        def day(text: str, what: str) -> dt.date | None:
            try:
                return parse_typed_date(text)
            except ValueError:
                problems.append(f"{what}“{text}”不是有效日期，请按“2026-06-30”填写")
                return None

        def clock(edit: QLineEdit, what: str) -> dt.time | None:
            try:
                return parse_time(edit.text())
            except ValueError:
                problems.append(f"{what}“{edit.text()}”格式不对，请按“14:30”填写")
                return None

        if self.date.error():
            problems.append("会议日期格式不对，请按“2026-03-12”填写")
        speeches = []
        for number, speaker, content, verbatim in self.speeches.rows():
            if number and not number.isdigit():
                problems.append(f"发言“{speaker}”的议题序号应为数字")
            speeches.append(SpeechInput(speaker, content, int(number) if number.isdigit()
                                        else None, bool(verbatim)))
        rectifications = []
        rows = self.rectifications.rows()
        for index, (problem, measure, owner, deadline, status) in enumerate(rows):
            rectification_id = (self._rectification_ids[index]
                                if index < len(self._rectification_ids) else None)
            rectifications.append(RectificationInput(
                problem, measure, owner, day(deadline, "整改期限"),
                status or RectificationStatus.NOT_STARTED, rectification_id))
        followups = []
        table = self.followups.table
        for row, rectification_id in enumerate(self._followup_ids):
            progress = cell_text(table, row, 2).strip()
            status = cell_text(table, row, 3).strip()
            if progress:
                followups.append(FollowUpInput(rectification_id, progress, status))
        data = MeetingInput(
            types=self.types(), date=self.date.date(),
            start_time=clock(self.start_time, "开始时间"),
            end_time=clock(self.end_time, "结束时间"),
            title=self.title.text(), place=self.place.text(),
            group_id=self.group.currentData() if MeetingType.GROUP in self.types() else None,
            chair_name=self.chair.text(), chair_post=self.chair_post.text(),
            recorder_name=self.recorder.text(),
            guests=[{"name": name, "identity": identity}
                    for name, identity in self.guests.rows()],
            summary=self.summary.toPlainText(),
            attendance=self.attendance.values(), agenda=self.agenda.values(),
            speeches=speeches,
            decisions=[DecisionInput(content, owner, day(deadline, "完成期限"))
                       for content, owner, deadline in self.decisions.rows()],
            rectifications=rectifications, followups=followups,
            grades=self.grades.values() if MeetingType.APPRAISAL in self.types() else [],
            attachments=self.attachments.values(),
            counts_for_year=self.review_year.value(self.date.date())
            if is_yearly_review(self.types()) else None,
        )
        if problems:
            if not quiet:
                self._show_error("；".join(problems))
            return None
        return data

    # -- actions -------------------------------------------------------------------------

    def _write(self, action: Callable[[Session], object]) -> bool:
        result = self.context.write(self, action)
        if result is None:
            return False
        with self.context.session() as session:
            self.detail = get_meeting_detail(session, self.saved_id)
        self.saved.emit(self.meeting_id)
        return True

    @property
    def saved_id(self) -> str:
        """The record's id (定稿, 修订 and versions come after the first save)."""
        assert self.meeting_id is not None
        return self.meeting_id

    def save(self) -> None:
        """保存草稿 (and Ctrl+S): the editor stays open."""
        self.store()

    def store(self) -> bool:
        """Save what is entered; False when something stopped it (shown to the user)."""
        if self.amending:
            return self.save_amendment()
        data = self.collect()
        if data is None:
            return False
        today = self.today()

        def write(session: Session) -> str:
            meeting = save_meeting(session, data, self.meeting_id, today=today)
            self.meeting_id = meeting.id
            return meeting.id

        if not self._write(write):
            return False
        self._show_state()
        return True

    def finalise(self) -> bool:
        answer = QMessageBox.question(
            self, "定稿", "定稿后记录不能再直接修改，如需更正只能“修订”并写明原因。\n确定定稿吗？")
        if answer != QMessageBox.StandardButton.Yes:
            return False
        if not self.store():
            return False
        if not self._write(lambda session: finalise_meeting(session, self.saved_id)):
            return False
        self._show_state()
        return True

    def start_amendment(self) -> None:
        self.amending = True
        self._show_state()
        self.reason.setFocus()

    def save_amendment(self) -> bool:
        reason = self.reason.text().strip()
        if not reason:
            self._show_error("请填写修订原因")
            self.reason.setFocus()
            return False
        data = self.collect()
        if data is None:
            return False
        today, recompute = self.today(), self.recompute.wanted
        if not self._write(lambda session: amend_meeting(session, self.saved_id, data, reason,
                                                         recompute=recompute, today=today)):
            return False
        self.amending = False
        self.reason.clear()
        self.recompute.reset()
        self._show_state()
        return True

    def _recompute_comparison(self) -> list[FigureChange]:
        with self.context.session() as session:
            return recompute_comparison(session, self.saved_id)

    def _recompute_toggled(self, checked: bool) -> None:
        """Recomputing lists the roster of the date as it now stands; otherwise the people
        frozen at 定稿."""
        day = self.date.date()
        assert day is not None and self.detail is not None  # a finalised record has both
        if checked:
            with self.context.session() as session:
                entries = roster(session, day, self.types(),
                                 self.group.currentData() if MeetingType.GROUP in self.types()
                                 else None)
        else:
            entries = [RosterEntry(a.member_id, a.name, a.category, a.voter, a.committee, None)
                       for a in self.detail.attendees]
        self._set_roster(entries)
        self.agenda.recompute()

    def show_versions(self) -> None:
        from ui.meetings.versions import VersionsDialog

        dialog = VersionsDialog(self.context, self.saved_id, self)
        dialog.open()
        self.versions_dialog = dialog

