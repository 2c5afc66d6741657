"""志愿服务 (双报到): the year's service records, 微心愿, community problems, each member's
totals in roster order (a record, not a ranking) and the branch's 报到社区."""

from collections.abc import Callable

from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QWidget,
)
from sqlalchemy.orm import Session

from app.service.listing import activity_rows, problem_rows, wish_rows
from app.service.records import (
    CommunityRow,
    delete_activity,
    delete_problem,
    delete_wish,
    list_communities,
)
from app.service.rules import hours_text
from app.service.summary import member_totals, service_summary
from ui.areas import Area
from ui.context import AppContext
from ui.service.dialogs import (
    ActivityDialog,
    CommunityDialog,
    HomeDialog,
    ProblemDialog,
    WishDialog,
)
from ui.widgets.buttons import button
from ui.widgets.record_tab import NOTE_STYLE, RecordTab
from ui.widgets.tables import cell_text, fill_table, record_table, selected_key
from ui.widgets.year_page import YearPage

ACTIVITY_HEADERS = ("日期", "社区", "活动类型", "参加党员", "人数", "时长（小时）", "办实事",
                    "服务内容")
WISH_HEADERS = ("认领日期", "社区", "许愿群众", "心愿", "认领党员", "状态", "完成日期", "完成情况")
PROBLEM_HEADERS = ("发现日期", "社区", "来源", "问题", "协调党员", "状态", "解决日期", "结果")
MEMBER_HEADERS = ("姓名", "居住地社区", "服务人次", "时长（小时）", "认领微心愿", "完成微心愿",
                  "协调问题")
COMMUNITY_HEADERS = ("报到日期", "报到社区", "社区联系人", "联系电话")


def _day(value: object) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _tab(buttons: list[QPushButton], table: QTableWidget, note: str = "") -> RecordTab:
    tab = RecordTab()
    tab.add_buttons(buttons)
    tab.add_body(table)
    if note:
        tab.add_note(note, style=NOTE_STYLE)
    return tab


class ServicePage(YearPage):
    AREAS = frozenset({Area.SERVICE, Area.MEMBERS, Area.SETTINGS})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "志愿服务", parent)
        self.activities = record_table("activities", ACTIVITY_HEADERS)
        self.activities.doubleClicked.connect(self.edit_activity)
        self.add_button = button("登记服务…", "登记一次志愿服务和参加的党员", self.new_activity)
        self.print_button = button("打印登记簿", "预览并打印本年度志愿服务登记簿",
                                   self.print_register)
        self.export_button = button("导出Excel…", "把本年度志愿服务登记簿导出为 Excel",
                                    self.export_register)
        self.tabs.addTab(_tab([
            self.add_button, button("修改…", "修改所选的服务记录", self.edit_activity),
            button("删除", "删除所选的服务记录", self.delete_activity),
            self.print_button, self.export_button], self.activities), "服务记录")

        self.wishes = record_table("wishes", WISH_HEADERS)
        self.wishes.doubleClicked.connect(self.edit_wish)
        self.tabs.addTab(_tab([
            button("登记微心愿…", "登记群众的微心愿和认领的党员", lambda: self.open_wish(None)),
            button("修改…", "修改所选的微心愿（如登记完成）", self.edit_wish),
            button("删除", "删除所选的微心愿", lambda: self._delete(
                self.wishes, "微心愿", delete_wish))], self.wishes), "微心愿")

        self.problems = record_table("problems", PROBLEM_HEADERS)
        self.problems.doubleClicked.connect(self.edit_problem)
        self.tabs.addTab(_tab([
            button("登记问题…", "登记在社区发现或群众反映的问题", lambda: self.open_problem(None)),
            button("修改…", "修改所选的问题（如登记解决结果）", self.edit_problem),
            button("删除", "删除所选的问题", lambda: self._delete(
                self.problems, "社区问题", delete_problem))], self.problems), "社区问题")

        self.members = record_table("member-totals", MEMBER_HEADERS)
        self.members.doubleClicked.connect(self.edit_home)
        self.tabs.addTab(_tab([
            button("登记居住地社区…", "登记所选党员回家报到的居住地社区", self.edit_home)],
            self.members, "按名册顺序列出每名党员本年度的服务情况，供支部掌握情况、提醒督促，"
                          "不排名、不打分。"), "党员情况")

        self.communities = record_table("communities", COMMUNITY_HEADERS)
        self.community_label = QLabel()
        self.community_label.setObjectName("community")
        self.community_label.setStyleSheet("font-size: 15px;")
        communities = RecordTab()
        communities.add_line(self.community_label)
        communities.add_buttons([button("登记报到社区…", "支部到新的社区报到时登记",
                                        self.new_community)])
        communities.add_body(self.communities)
        self.tabs.addTab(communities, "报到社区")
        self.refresh()

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        year = self.year()
        with self.context.session() as session:
            summary = service_summary(session, year)
            activities = activity_rows(session, year)
            wishes, problems = wish_rows(session, year), problem_rows(session, year)
            totals = member_totals(session, year, self.today())
            communities = list_communities(session)
        fill_table(self.activities, [(a.id, [
            _day(a.date), a.community, a.kind, "、".join(a.people), str(len(a.people)),
            hours_text(a.minutes), str(a.deeds or ""), a.content]) for a in activities],
            right=(4, 5, 6))
        fill_table(self.wishes, [(w.id, [
            _day(w.claimed_on), w.community, w.resident, w.wish, w.member_name, w.status,
            _day(w.done_on), w.result]) for w in wishes])
        fill_table(self.problems, [(p.id, [
            _day(p.found_on), p.community, p.origin, p.description, p.coordinator_name,
            p.status, _day(p.solved_on), p.result]) for p in problems])
        fill_table(self.members, [(t.member_id, [
            t.name, t.home_community, str(t.person_times), hours_text(t.minutes),
            str(t.wishes_claimed), str(t.wishes_done), str(t.problems)])
            for t in totals], right=(2, 3, 4, 5, 6))
        self._show_communities(communities)
        self.status.setText(
            f"{year}年：服务 {summary.activities} 次、{summary.person_times} 人次、"
            f"{hours_text(summary.minutes)} 小时；微心愿认领 {summary.wishes_claimed} 个、完成 "
            f"{summary.wishes_done} 个；问题解决 {summary.problems_solved} 个；"
            f"办实事 {summary.deeds} 件")

    def _show_communities(self, communities: list[CommunityRow]) -> None:
        current = communities[0] if communities else None
        self.community_label.setText(
            f"本支部报到社区：{current.community}（{current.reported_on:%Y-%m-%d}报到）"
            if current else "本支部尚未登记报到社区。")
        fill_table(self.communities, [(c.id, [_day(c.reported_on), c.community, c.contact,
                                              c.phone]) for c in communities])

    # -- actions ----------------------------------------------------------------------------

    def _selected(self, table: QTableWidget, what: str) -> str | None:
        key = selected_key(table)
        if key is None:
            QMessageBox.information(self, "志愿服务", f"请先在表中选择一条{what}。")
        return None if key is None else str(key)

    def new_activity(self) -> ActivityDialog:
        dialog = ActivityDialog(self.context, self.today(), None, self)
        dialog.open()
        return dialog

    def edit_activity(self) -> ActivityDialog | None:
        key = self._selected(self.activities, "服务记录")
        if key is None:
            return None
        dialog = ActivityDialog(self.context, self.today(), key, self)
        dialog.open()
        return dialog

    def delete_activity(self) -> None:
        self._delete(self.activities, "服务记录", delete_activity)

    def _delete(self, table: QTableWidget, what: str,
                action: Callable[[Session, str], None]) -> None:
        key = self._selected(table, what)
        if key is None:
            return
        answer = QMessageBox.question(self, f"删除{what}", f"删除所选的{what}吗？")
        if answer == QMessageBox.StandardButton.Yes:
            self.context.write(self, lambda session: action(session, key))

    def open_wish(self, wish_id: str | None) -> WishDialog:
        dialog = WishDialog(self.context, self.today(), wish_id, self)
        dialog.open()
        return dialog

    def edit_wish(self) -> WishDialog | None:
        key = self._selected(self.wishes, "微心愿")
        return None if key is None else self.open_wish(key)

    def open_problem(self, problem_id: str | None) -> ProblemDialog:
        dialog = ProblemDialog(self.context, self.today(), problem_id, self)
        dialog.open()
        return dialog

    def edit_problem(self) -> ProblemDialog | None:
        key = self._selected(self.problems, "问题")
        return None if key is None else self.open_problem(key)

    def edit_home(self) -> HomeDialog | None:
        key = self._selected(self.members, "党员")
        if key is None:
            return None
        row = self.members.currentRow()
        dialog = HomeDialog(self.context, self.today(), key, cell_text(self.members, row, 0),
                            cell_text(self.members, row, 1), self)
        dialog.open()
        return dialog

    def new_community(self) -> CommunityDialog:
        dialog = CommunityDialog(self.context, self.today(), self)
        dialog.open()
        return dialog

    def print_register(self) -> None:
        # Here, not at the top: ReportLab and openpyxl load only when something is printed.
        from app.service.printing import register_pdf, register_title

        year, today = self.year(), self.today()
        self.preview(register_title(year), lambda session, progress: register_pdf(
            session, year, progress, today), f"{register_title(year)}.pdf")

    def export_register(self) -> None:
        from app.service.printing import register_title, register_xlsx

        year, today = self.year(), self.today()
        self.export(f"{register_title(year)}.xlsx",
                    lambda session: register_xlsx(session, year, today))
