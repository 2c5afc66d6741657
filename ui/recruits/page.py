"""发展党员: everyone on the way in, their track step by step, the check against the 细则,
and the papers to print."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolButton,
    QWidget,
)

from app.recruits.checks import check_tracks
from app.recruits.listing import by_urgency, next_due, row_of
from app.recruits.service import delete_step
from app.recruits.steps import CONTACT, INTRODUCER
from app.recruits.track import DoneStep, Track, load_tracks
from ui.areas import Area
from ui.context import AppContext
from ui.dialogs.meeting_print import print_minutes
from ui.recruits.dialogs import EndDialog, PapersDialog, RecruitDialog, StepDialog
from ui.widgets.buttons import button
from ui.widgets.record_tab import RecordTab
from ui.widgets.tables import fill_table, record_table, row_key, selected_key
from ui.widgets.year_page import YearPage

HEADERS = ("姓名", "身份", "阶段", "下一步", "最早", "最迟")
STEP_HEADERS = ("序号", "步骤", "日期", "决定会议及表决", "说明")
CHECK_HEADERS = ("姓名", "步骤", "问题", "说明", "依据")


def _day(day: object) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


def _vote_text(step: DoneStep) -> str:
    if not step.meeting_id:
        return ""
    vote = step.vote
    if vote is None:
        return step.meeting_heading
    if vote.result is None:
        return f"{step.meeting_heading}：未录入票数"
    return (f"{step.meeting_heading}：赞成{vote.yes}、反对{vote.no or 0}、弃权{vote.abstain or 0}"
            f"（应到{vote.expected}人），{vote.result}")


class RecruitsPage(YearPage):
    AREAS = frozenset({Area.RECRUITS, Area.MEMBERS, Area.MEETINGS, Area.SETTINGS})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "发展党员", parent)
        self.tracks: dict[str, Track] = {}
        self.add_button = button("新增入党申请人…", "登记一位递交入党申请书的人", self.new_record)
        self.edit_button = button("基本信息…", "修改所选人员的基本信息", self.edit_recruit)
        self.end_button = button("停止发展…", "所选人员不再发展（记录保留）", self.end_selected)
        self.print_button = QToolButton()
        self.print_button.setText("打印")
        self.print_button.setObjectName("print-menu")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.print_button)
        menu.addAction("发展党员工作纪实表", self.print_record)
        menu.addAction("发展对象公示", self.print_notice)
        menu.addAction("支部大会记录（接收或转正）", self.print_vote_minutes)
        menu.addAction("本年度发展党员工作情况表", self.print_year)
        self.print_button.setMenu(menu)
        self.table = record_table("recruits", HEADERS)
        self.table.itemSelectionChanged.connect(self.show_track)

        # The chosen person's steps, under the list in a splitter: flush with the list.
        lower = RecordTab()
        lower.column.setContentsMargins(0, 0, 0, 0)
        self.track_title = lower.add_line(QLabel())
        self.track_title.setObjectName("track-title")
        self.track_title.setStyleSheet("font-weight: bold;")
        self.next_label = lower.add_note(name="next-step")
        self.step_button = button("登记步骤…", "登记下一个发展步骤", self.new_step)
        self.change_button = button("修改步骤…", "修改所选步骤", self.edit_step)
        self.delete_button = button("删除步骤", "删除所选步骤", self.delete_selected_step)
        self.papers_button = button("入党材料…", "勾选已收到的材料", self.edit_papers)
        lower.add_buttons([self.step_button, self.change_button, self.delete_button,
                           self.papers_button])
        self.steps = lower.add_body(record_table("steps", STEP_HEADERS))
        self.steps.doubleClicked.connect(self.edit_step)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([200, 300])
        people = RecordTab()
        people.add_buttons([self.add_button, self.edit_button, self.end_button],
                           [self.print_button])
        people.add_body(split)

        checks = RecordTab()
        self.check_status = checks.add_note(name="check-status")
        self.checks = checks.add_body(record_table("violations", CHECK_HEADERS))
        self.tabs.addTab(people, "发展对象和步骤")
        self.tabs.addTab(checks, "程序和时限检查")
        self.refresh()

    # --- showing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.current_id()
        with self.context.session() as session:
            tracks = load_tracks(session)
            found = check_tracks(session, self.today(), tracks)
        self.tracks = {t.id: t for t in tracks}
        rows = by_urgency([row_of(t) for t in tracks])
        fill_table(self.table, [(r.id, [r.name, r.identity, r.stage, r.next_step or "（已完成）",
                                        _day(r.earliest), _day(r.latest)]) for r in rows],
                   muted=[not r.next_step for r in rows])
        on_way = sum(1 for r in rows if r.next_step)
        self.status.setText(f"正在发展 {on_way} 人" + (f"；程序检查发现 {len(found)} 处问题"
                                                    if found else "；程序检查未发现问题"))
        fill_table(self.checks, [(v.recruit_id, [v.name, v.step, v.kind, v.message, v.rule])
                                 for v in found])
        self.check_status.setText(
            f"按《中国共产党发展党员工作细则》检查程序和时限（截至{self.today():%Y年%m月%d日}）："
            + (f"发现 {len(found)} 处问题。" if found else "未发现问题。"))
        self.select(current)

    def select(self, recruit_id: str | None) -> None:
        for row in range(self.table.rowCount()):
            if recruit_id is not None and row_key(self.table, row) == recruit_id:
                self.table.selectRow(row)
                break
        self.show_track()  # the selection may not have moved, but the track did

    def current_id(self) -> str | None:
        key = selected_key(self.table)
        return None if key is None else str(key)

    def current(self) -> Track | None:
        key = self.current_id()
        return self.tracks.get(key) if key else None

    def show_track(self) -> None:
        track = self.current()
        for widget in (self.edit_button, self.change_button, self.delete_button,
                       self.papers_button):
            widget.setEnabled(track is not None)
        on_way = track is not None and track.next_step() is not None
        self.step_button.setEnabled(on_way)
        self.end_button.setEnabled(on_way)
        if track is None:
            self.track_title.setText("请在上表中选择一人，查看和登记其发展步骤。")
            self.next_label.setText("")
            fill_table(self.steps, [])
            return
        contacts = "、".join(p.name for p in track.people_in(CONTACT)) or "未指定"
        introducers = "、".join(p.name for p in track.people_in(INTRODUCER)) or "未确定"
        self.track_title.setText(f"{track.name}（{track.identity}）  培养联系人：{contacts}  "
                                 f"入党介绍人：{introducers}")
        step = next_due(track)
        missing = track.missing_papers()
        lines = []
        if step is not None:
            window = "，".join(t for t in (f"最早{_day(step.earliest)}" if step.earliest else "",
                                          f"最迟{_day(step.latest)}" if step.latest else "") if t)
            lines.append(f"下一步：{step.name}" + (f"（{window}）" if window else ""))
        elif track.ended_on:
            lines.append(f"已于{_day(track.ended_on)}停止发展：{track.ended_reason}")
        if track.probation_end and not track.full_date:
            extended = (f"，已延长预备期{track.extension_months}个月"
                        if track.extension_months else "")
            lines.append(f"预备期满：{_day(track.probation_end)}{extended}")
        if missing:
            lines.append("未收到的材料：" + "、".join(paper for _step, paper in missing))
        self.next_label.setText("；".join(lines))
        fill_table(self.steps, [(s.id, [str(s.number), s.name, _day(s.date), _vote_text(s),
                                        s.detail]) for s in track.steps])

    # --- actions ---------------------------------------------------------------------------

    def _need_track(self) -> Track | None:
        track = self.current()
        if track is None:
            QMessageBox.information(self, "发展党员", "请先在表中选择一人。")
        return track

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def new_record(self) -> None:
        """新增入党申请人 (Ctrl+N too)."""
        self._open(RecruitDialog(self.context, self.today(), None, self))

    def edit_recruit(self) -> None:
        if track := self._need_track():
            self._open(RecruitDialog(self.context, self.today(), track, self))

    def end_selected(self) -> None:
        if track := self._need_track():
            self._open(EndDialog(self.context, self.today(), track, self))

    def new_step(self) -> None:
        if track := self._need_track():
            self._open(StepDialog(self.context, self.today(), track, None, self))

    def _selected_step(self, track: Track) -> DoneStep | None:
        key = selected_key(self.steps)
        step = next((s for s in track.steps if s.id == key), None)
        if step is None:
            QMessageBox.information(self, "发展党员", "请先在步骤表中选择一个步骤。")
        return step

    def edit_step(self) -> None:
        if (track := self._need_track()) and (step := self._selected_step(track)):
            if step.code == "application":
                self.edit_recruit()
                return
            self._open(StepDialog(self.context, self.today(), track, step, self))

    def delete_selected_step(self) -> None:
        if (track := self._need_track()) and (step := self._selected_step(track)):
            answer = QMessageBox.question(self, "删除步骤", f"删除“{step.name}”吗？")
            if answer == QMessageBox.StandardButton.Yes:
                self.context.write(self, lambda s: delete_step(s, track.id, step.id))

    def edit_papers(self) -> None:
        if track := self._need_track():
            self._open(PapersDialog(self.context, self.today(), track, self))

    def print_record(self) -> None:
        from app.recruits.printing import record_pdf

        if track := self._need_track():
            self.preview("发展党员工作纪实表", lambda session, progress: record_pdf(
                session, track.id, progress), f"发展党员工作纪实表（{track.name}）.pdf")

    def print_notice(self) -> None:
        from app.recruits.printing import notice_pdf

        if (track := self._need_track()) is None:
            return
        if not track.date_of("candidate"):
            QMessageBox.information(self, "发展对象公示", f"{track.name}尚未确定为发展对象。")
            return
        self.preview("发展对象公示", lambda session, progress: notice_pdf(
            session, track.id, progress), f"发展对象公示（{track.name}）.pdf")

    def print_vote_minutes(self) -> None:
        if (track := self._need_track()) is None:
            return
        votes = [s for s in (*track.done("full_vote"), *track.done("admission_vote"))
                 if s.meeting_id]
        if not votes:
            QMessageBox.information(self, "支部大会记录",
                                    f"{track.name}尚未登记接收或转正的支部大会。")
            return
        assert votes[0].meeting_id is not None
        print_minutes(self, self.context, votes[0].meeting_id)

    def print_year(self) -> None:
        from app.recruits.printing import yearly_pdf

        year = self.year()
        self.preview(f"{year}年度发展党员工作情况表", lambda session, progress: yearly_pdf(
            session, year, progress), f"{year}年度发展党员工作情况表.pdf")

