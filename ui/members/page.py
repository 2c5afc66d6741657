"""党员: the roster — search, filters, sorting, and every action on a member."""

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.branch import list_groups
from app.members.history import history_report
from app.members.roster import ON_ROSTER, RosterRow, roster_rows
from app.members.rules import CATEGORIES, MemberCategory
from app.members.service import delete_member, restore_member
from app.progress import Progress
from ui.areas import Area
from ui.context import AppContext
from ui.models.members import NO_GROUP, STATE_FILTERS, MembersFilter, MembersModel

ALL = "全部"
UNDONE_NOTICE_MS = 5000


class MembersPage(QWidget):
    AREAS = frozenset({Area.MEMBERS, Area.SETTINGS})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._deleted: tuple[str, str] | None = None  # id and name of the last deletion
        self._sized = False  # columns fitted to the first data; the user's widths stay after
        self.model = MembersModel(self)
        self.proxy = MembersFilter(self)
        self.proxy.setSourceModel(self.model)

        title = QLabel("党员名册")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.count = QLabel()
        self.count.setObjectName("count")
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addSpacing(12)
        heading.addWidget(self.count, 1)

        self.add_button = self._button("新增党员", "录入一名新党员", self.add_member)
        self.edit_button = self._button("编辑", "查看或修改选中党员的信息（也可双击该行）",
                                        self.edit_member)
        self.transfer_button = self._button("转出/转入", "办理组织关系转出或转入",
                                            self.transfer_member)
        self.delete_button = self._button(
            "删除", "删除录错的记录（可撤销，也可在回收站恢复）。党员调走请用“转出”。",
            self.delete_member)
        self.bin_button = self._button("回收站", "查看并恢复已删除的党员", self.open_recycle_bin)
        self.import_button = self._button("导入Excel", "从已有的Excel名册导入党员",
                                          self.import_excel)
        self.export_button = self._button("导出Excel", "把名册导出为Excel（全国党员信息采集项）",
                                          self.export_excel)
        self.print_button = self._button("打印名册", "预览并打印今天在册党员的名册（按党小组）",
                                         self.print_roster)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.transfer_button,
                       self.delete_button, self.bin_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.print_button)
        self.add_button.setDefault(True)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("搜索姓名、身份证号或电话")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter_changed)
        self.group_filter = QComboBox()
        self.group_filter.currentIndexChanged.connect(self._filter_changed)
        self.category_filter = QComboBox()
        self.category_filter.addItems([ALL, *CATEGORIES])
        self.category_filter.currentIndexChanged.connect(self._filter_changed)
        self.state_filter = QComboBox()
        self.state_filter.addItems(list(STATE_FILTERS))
        self.state_filter.currentIndexChanged.connect(self._filter_changed)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for caption, combo in (("党小组", self.group_filter), ("人员类别", self.category_filter),
                               ("状态", self.state_filter)):
            filters.addSpacing(8)
            filters.addWidget(QLabel(caption))
            filters.addWidget(combo, 1)

        self.undo_bar = self._undo_bar()
        self.history_bar = self._history_bar()
        self.empty = QLabel("还没有党员。点“新增党员”逐个录入，或点“导入Excel”导入现有名册。")
        self.empty.setStyleSheet("color: #666; padding: 6px;")
        self.table = QTableView()
        self.table.setObjectName("members")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # roster order until asked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(60)  # sample rows, not all
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(self.edit_member)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.edit_member,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_member,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_delete)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(heading)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.history_bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.refresh()

    # -- the window's keys -----------------------------------------------------------------

    def new_record(self) -> None:
        self.add_member()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def print_page(self) -> None:
        self.print_roster()

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: slot())
        return button

    def _undo_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("undo-bar")
        bar.setStyleSheet("#undo-bar { background: #fff4ce; border: 1px solid #e0c36c; "
                          "border-radius: 4px; }")
        self.undo_label = QLabel()
        self.undo_button = QPushButton("撤销")
        self.undo_button.setToolTip("恢复刚才删除的党员（Ctrl+Z）")
        self.undo_button.clicked.connect(self.undo_delete)
        close = QToolButton()
        close.setText("×")
        close.setToolTip("关闭提示")
        close.setAutoRaise(True)
        close.clicked.connect(bar.hide)
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 4, 4)
        row.addWidget(self.undo_label, 1)
        row.addWidget(self.undo_button)
        row.addWidget(close)
        bar.hide()
        return bar

    def _history_bar(self) -> QFrame:
        """Shown while the upgrade's history report waits to be checked."""
        bar = QFrame()
        bar.setObjectName("history-bar")
        bar.setStyleSheet("#history-bar { background: #eef4fb; border: 1px solid #9bb8d8; "
                          "border-radius: 4px; }")
        self.history_label = QLabel()
        self.history_button = QPushButton("查看并核对…")
        self.history_button.setToolTip("逐项查看升级时未能自动推出的党员历史")
        self.history_button.clicked.connect(self.open_history_report)
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 4, 4)
        row.addWidget(self.history_label, 1)
        row.addWidget(self.history_button)
        bar.hide()
        return bar

    def open_history_report(self) -> None:
        from ui.dialogs.history_report import HistoryReportDialog

        with self.context.session() as session:
            lines = history_report(session)
        dialog = HistoryReportDialog(self.context, lines, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()

    # -- showing --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the roster, keeping the selection, the sort order and the filters."""
        selected = self.selected_id()
        with self.context.session() as session:
            rows = roster_rows(session, dt.date.today())
            groups = [(g.name, g.id) for g in list_groups(session)]
            unchecked = len(history_report(session))
        self.history_label.setText(f"数据升级后有{unchecked}项党员历史未能自动推出，请核对。")
        self.history_bar.setVisible(bool(unchecked))
        self._fill_groups(groups)
        self.model.set_rows(rows)
        if not self._sized and rows:
            self._size_columns()
        self.empty.setVisible(not rows)
        self.select_member(selected)
        self._update_count()
        self._update_buttons()

    def _size_columns(self) -> None:
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 24)
        self._sized = True

    def _fill_groups(self, groups: list[tuple[str, str]]) -> None:
        current = self.group_filter.currentData() if self.group_filter.count() else ALL
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem(ALL, ALL)
        for name, group_id in groups:
            self.group_filter.addItem(name, group_id)
        self.group_filter.addItem("未分配党小组", NO_GROUP)
        self.group_filter.setCurrentIndex(max(self.group_filter.findData(current), 0))
        self.group_filter.blockSignals(False)
        self.proxy.set_group(None if self.group_filter.currentData() == ALL
                             else self.group_filter.currentData())

    def _filter_changed(self) -> None:
        self.proxy.set_search(self.search.text())
        group = self.group_filter.currentData()
        self.proxy.set_group(None if group in (ALL, None) else group)
        category = self.category_filter.currentText()
        self.proxy.set_category(None if category == ALL else category)
        self.proxy.set_state(self.state_filter.currentText())
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        shown = [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]
        full = sum(1 for r in shown if r.category == MemberCategory.FULL)
        on_roster = sum(1 for r in self.model.rows if r.state == ON_ROSTER)
        probationary = len(shown) - full
        self.count.setText(f"列表中 {len(shown)} 人（正式党员 {full}，预备党员 {probationary}）"
                           f"　·　本支部在册党员共 {on_roster} 人")

    def _update_buttons(self) -> None:
        row = self.selected_row()
        for button in (self.edit_button, self.transfer_button, self.delete_button):
            button.setEnabled(row is not None)
        self.transfer_button.setText(
            "转出/转入" if row is None else ("转出…" if row.state == ON_ROSTER else "转入…"))

    def selected_row(self) -> RosterRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.row_at(rows[0].row()) if rows else None

    def selected_id(self) -> str | None:
        row = self.selected_row()
        return row.id if row else None

    def select_member(self, member_id: str | None) -> bool:
        """Select and show that member's row, if the filters let it be seen."""
        for proxy_row in range(self.proxy.rowCount()):
            if self.proxy.row_at(proxy_row).id == member_id:
                index = self.proxy.index(proxy_row, 0)
                self.table.selectionModel().select(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return True
        self.table.clearSelection()
        return False

    # -- actions --------------------------------------------------------------------------

    def add_member(self) -> None:
        from ui.dialogs.member_form import MemberForm

        form = MemberForm(self.context, None, self)
        form.saved.connect(self._show_saved)
        form.open()

    def edit_member(self) -> None:
        member_id = self.selected_id()
        if member_id is None:
            return
        from ui.dialogs.member_form import MemberForm

        form = MemberForm(self.context, member_id, self)
        form.saved.connect(self._show_saved)
        form.open()

    def _show_saved(self, member_id: str) -> None:
        """A saved member may be hidden by the filters: clear them so it can be seen."""
        if not self.select_member(member_id):
            self.search.clear()
            self.group_filter.setCurrentIndex(0)
            self.category_filter.setCurrentIndex(0)
            self.state_filter.setCurrentText(ALL)
            self.select_member(member_id)

    def transfer_member(self) -> None:
        member_id = self.selected_id()
        if member_id is None:
            return
        from ui.dialogs.transfer import TransferDialog

        dialog = TransferDialog(self.context, member_id, self)
        dialog.saved.connect(self._show_saved)
        dialog.open()

    def delete_member(self) -> None:
        row = self.selected_row()
        if row is None:
            return

        def remove(session) -> bool:
            delete_member(session, row.id)
            return True

        if self.context.write(self, remove):
            self._deleted = (row.id, row.name)
            self.undo_label.setText(f"已删除党员“{row.name}”。如果删错了，可以撤销。")
            self.undo_button.setEnabled(True)
            self.undo_bar.show()

    def undo_delete(self) -> None:
        if self._deleted is None:
            return
        member_id, name = self._deleted
        self._deleted = None
        self.context.write(self, lambda session: restore_member(session, member_id))
        self.undo_label.setText(f"已恢复党员“{name}”。")
        self.undo_button.setEnabled(False)
        QTimer.singleShot(UNDONE_NOTICE_MS, self._hide_undone_notice)
        self._show_saved(member_id)

    def _hide_undone_notice(self) -> None:
        if self._deleted is None:  # no newer deletion is waiting for its 撤销
            self.undo_bar.hide()

    def open_recycle_bin(self) -> None:
        from ui.dialogs.recycle_bin import RecycleBinDialog

        dialog = RecycleBinDialog(self.context, self)
        dialog.restored.connect(self._show_saved)
        dialog.open()

    def import_excel(self) -> None:
        from ui.dialogs.import_preview import import_roster_interactively

        import_roster_interactively(self.context, self)

    def print_roster(self) -> None:
        from app.members.printing import roster_pdf, roster_title
        from ui.dialogs.pdf_preview import preview_pdf

        day = dt.date.today()

        def build(_progress: Progress) -> bytes:
            with self.context.session() as session:
                return roster_pdf(session, day)

        preview_pdf(self, "党员名册", build, file_name=f"{roster_title(day)}.pdf")

    def export_excel(self) -> None:
        from ui.dialogs.import_preview import export_roster_interactively

        export_roster_interactively(self.context, self)
