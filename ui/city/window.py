"""The city window (市直机关工委): branches, importing packages from USB sticks, reports."""

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from base.errors import UserError
from ui.city.password import PasswordButton, unlock_at_start
from ui.main_window import MINIMUM_SIZE
from ui.tasks import run_with_progress
from ui.widgets.screen import restore_geometry, save_geometry
from ui.widgets.tables import cell_text, fill_rows, record_table

if TYPE_CHECKING:  # loaded when the database opens, after the first paint
    from db.city.database import CityDatabase
    from ui.city.fund.page import CityFundPage
    from ui.city.year_report import YearReportTab
    from ui.meetings.study_texts import StudyTextDialog

CITY_PROGRAM = "市直机关工委端"
GEOMETRY_KEY = "city_window/geometry"
BRANCH_HEADERS = ["代码", "支部", "密钥指纹", "最后序号", "最后导入", "缺号", "记录数", "待下发"]
RESULT_HEADERS = ["文件", "支部", "序号", "结果", "序列", "新增", "更新", "未变", "过期", "冲突",
                  "拒收"]
#: Tabs after 各支部 and 导入结果: title, module and class, built when first shown (their
#: modules and models are not loaded before the list of branches is on screen).
LATER_TABS: tuple[tuple[str, str, str], ...] = (
    ("年度汇总", "ui.city.year_report", "YearReportTab"),
    ("互助基金", "ui.city.fund.page", "CityFundPage"),
)


class CityWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        # Every window title ends in this name (Qt adds it), dialogs included.
        QApplication.setApplicationDisplayName(CITY_PROGRAM)
        self.setMinimumSize(MINIMUM_SIZE)
        self.database: CityDatabase | None = None
        self.last_results: list = []
        self.last_dry_run = False
        #: Branch keys (code, key id) the operator confirmed in this window, a dry run's too:
        #: not asked again; recorded in the database by the first real import.
        self.accepted_keys: set[tuple[str, str]] = set()
        #: The later tabs, by title: placeholders until first shown, then the pages built.
        self._unbuilt: dict[str, QWidget] = {}
        self._built: dict[str, QWidget] = {}

        self.heading = QLabel("正在打开工委数据库…")
        self.heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.key_line = QLabel()
        self.key_line.setObjectName("city_fingerprint")
        self.key_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        self.import_button = self._button(buttons, "导入数据包…", "import", self.import_files)
        self._button(buttons, "导入文件夹…", "import_folder", self.import_folder)
        self._button(buttons, "试导入…", "dry_run", lambda: self.import_files(dry_run=True))
        buttons.addStretch(1)
        self._button(buttons, "下发通知…", "notify", self.notify)
        self._button(buttons, "推荐学习篇目…", "recommend_study", self.recommend_study)
        self._button(buttons, "导出工委公钥…", "public_key", self.export_public_key)
        self._button(buttons, "备份私钥…", "backup_key", self.backup_key)
        buttons.addWidget(PasswordButton(lambda: self.database, self))

        self.branches = record_table("branches", BRANCH_HEADERS, multi=True, fit_columns=True)
        self.results = record_table("results", RESULT_HEADERS, multi=True, fit_columns=True)
        self.details = QPlainTextEdit()
        self.details.setObjectName("details")
        self.details.setReadOnly(True)
        save_pdf = QPushButton("导入报告另存为 PDF…")
        save_pdf.clicked.connect(self.save_import_pdf)
        results_page = QWidget()
        results_box = QVBoxLayout(results_page)
        results_box.addWidget(self.results, 2)
        results_box.addWidget(self.details, 1)
        results_box.addWidget(save_pdf, 0, Qt.AlignmentFlag.AlignRight)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.branches, "各支部")
        self.tabs.addTab(results_page, "导入结果")
        self.tabs.currentChanged.connect(self._build_tab)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(self.heading)
        layout.addWidget(self.key_line)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        from ui.help_menu import add_help_menu

        add_help_menu(self.menuBar(), self, self._data_folder)
        restore_geometry(self, GEOMETRY_KEY, QSize(1200, 760))

    help_section = "city"  # the manual's section for F1

    def open_city(self) -> "CityDatabase":
        """The open city database: every action but opening one comes after it."""
        if self.database is None:
            raise RuntimeError("未打开工委数据库")
        return self.database

    def _data_folder(self) -> Path | None:
        from db.city.database import is_url

        if self.database is None or is_url(self.database.target):
            return None
        return Path(self.database.target).resolve().parent

    def _button(self, row: QHBoxLayout, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        row.addWidget(button)
        return button

    # -- the database ----------------------------------------------------------------------

    def open_database(self, target: Path | str | None) -> bool:
        """Open the city database (a file, or a postgresql:// URL); create keys on first run."""
        from app.city.keys import city_identity
        from base.log import get_logger, setup_logging
        from base.paths import data_dir
        from db.city.database import CityDatabase, is_url

        target = target or data_dir() / "city.db"
        local = not is_url(target)
        setup_logging(Path(target).parent / "logs" if local else None)
        get_logger("city").info("打开工委数据库：%s", target if local else "（服务器）")
        try:
            self.database = database = CityDatabase.open(target)
            with database.session() as session:
                city_identity(session)
        except UserError as exc:
            if self.database is None:
                QMessageBox.critical(self, "无法打开工委数据库", exc.message)
                self.close()
                return False
            if not self.initialise():
                self.close()
                return False
        if not unlock_at_start(self, database):
            self.close()
            return False
        self.statusBar().showMessage(f"工委数据库：{target}")
        self.refresh()
        for title, _module, _cls in LATER_TABS:
            self._unbuilt[title] = placeholder = QWidget()
            self.tabs.addTab(placeholder, title)
        return True

    def tab(self, title: str) -> QWidget:
        """The tab of that title, built the first time it is shown or asked for."""
        index = next(i for i in range(self.tabs.count()) if self.tabs.tabText(i) == title)
        self._build_tab(index)
        page = self.tabs.widget(index)
        assert page is not None
        return page

    @property
    def report(self) -> "YearReportTab | None":
        """The 年度汇总 tab, once built."""
        return cast("YearReportTab | None", self._built.get("年度汇总"))

    def _build_tab(self, index: int) -> None:
        title = self.tabs.tabText(index)
        placeholder = self._unbuilt.pop(title, None)
        if placeholder is None:
            return
        _title, module, cls = next(t for t in LATER_TABS if t[0] == title)
        page = getattr(importlib.import_module(module), cls)(self.open_city(), self)
        self._built[title] = page
        shown = self.tabs.currentIndex() == index
        self.tabs.insertTab(index, page, title)  # before the placeholder, then it goes
        if shown:
            self.tabs.setCurrentIndex(index)
        self.tabs.removeTab(index + 1)
        placeholder.deleteLater()

    def initialise(self) -> bool:
        """First run: name the city and create its keys."""
        from app.city.keys import init_city

        name, ok = QInputDialog.getText(
            self, "首次使用：创建工委密钥",
            "请输入工委名称（如“中共××市直属机关工作委员会”）。\n将为本工委创建密钥，"
            "之后请导出公钥文件发给各支部，并备份私钥。")
        if not ok or not name.strip():
            return False
        try:
            with self.open_city().session() as session:
                init_city(session, name)
        except UserError as exc:
            QMessageBox.warning(self, "无法创建密钥", exc.message)
            return False
        QMessageBox.information(self, "工委密钥已创建",
                                "请点“导出工委公钥…”把公钥文件发给各支部，并点“备份私钥…”"
                                "做离线备份。\n建议再点“工委密码 → 设置工委密码…”，"
                                "让工委私钥加密保存。")
        return True

    def refresh(self) -> None:
        from app.city.key_lock import city_identity, public_keys
        from app.city.overview import branch_rows

        with self.open_city().session() as session:
            identity = city_identity(session)
            fingerprint = public_keys(identity).fingerprint
            rows = branch_rows(session)
        self.heading.setText(identity.name)
        self.setWindowTitle(identity.name)
        self.key_line.setText(f"工委密钥指纹：{fingerprint}　　已登记支部 {len(rows)} 个")
        fill_rows(self.branches, [[
            r["code"], r["name"], r["fingerprint"], r["last_seq"],
            (r["last_import_at"] or "")[:16].replace("T", " "),
            "、".join(map(str, r["missing"])) or "—", r["records"], r["pending_messages"],
        ] for r in rows])

    # -- importing ---------------------------------------------------------------------------

    def import_folder(self) -> None:
        from app.sync.format import PACKAGE_SUFFIX

        folder = QFileDialog.getExistingDirectory(self, "选择存放数据包的文件夹（如U盘）")
        if folder:
            paths = sorted(Path(folder).glob(f"*{PACKAGE_SUFFIX}"))
            if not paths:
                QMessageBox.information(self, "导入数据包", "该文件夹中没有数据包（.bdsync）。")
                return
            self.import_paths(paths)

    def import_files(self, dry_run: bool = False) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择支部数据包", "",
                                                "支部数据包 (*.bdsync);;所有文件 (*)")
        if paths:
            self.import_paths([Path(p) for p in paths], dry_run=dry_run)

    def _confirm_keys(self, paths: list[Path]) -> None:
        """Ask about every unconfirmed branch key before the import runs. The import itself
        records the keys accepted, so a dry run records none."""
        from app.city.importer import key_questions

        database = self.open_city()
        questions = run_with_progress(self, "校验数据包", lambda progress: key_questions(
            database, paths, progress)) or []
        for q in questions:
            if (q.code, q.key_id) in self.accepted_keys:
                continue
            if q.previous_fingerprint:
                change = (f"该支部更换了密钥！\n原指纹：{q.previous_fingerprint}\n"
                          f"新指纹：{q.fingerprint}")
            else:
                change = f"首次收到该支部的数据包。\n密钥指纹：{q.fingerprint}"
            answer = QMessageBox.question(
                self, "确认支部密钥",
                f"支部：{q.name}（{q.code}）\n{change}\n\n请与支部书记出示的指纹逐位核对。"
                "完全一致才能接受，确认一致吗？")
            if answer == QMessageBox.StandardButton.Yes:
                self.accepted_keys.add((q.code, q.key_id))

    def import_paths(self, paths: list[Path], dry_run: bool = False) -> None:
        from app.city.importer import import_packages
        from app.city.returns import write_return

        self._confirm_keys(paths)
        database, accepted = self.open_city(), set(self.accepted_keys)
        results = run_with_progress(self, "试导入数据包" if dry_run else "导入数据包",
                                    lambda progress: import_packages(
                                        database, paths, dry_run=dry_run, progress=progress,
                                        confirm_key=lambda q: (q.code, q.key_id) in accepted))
        if results is None:
            return
        returns: list[str] = []
        if not dry_run:
            folders = {r.branch_code: Path(r.path).parent for r in results if r.ok}
            try:
                with self.open_city().session() as session:
                    returns = [str(write_return(session, code, folder))
                               for code, folder in sorted(folders.items())]
            except UserError as exc:
                QMessageBox.warning(self, "无法写回执文件", exc.message)
        self.show_results(results, dry_run, returns)
        self.refresh()
        if not dry_run and (report := self.report) is not None:
            report.stale = True

    def show_results(self, results: list, dry_run: bool, returns: list[str]) -> None:
        from app.city.import_report import text_report
        from app.city.importer import OUTCOMES

        self.last_results, self.last_dry_run = results, dry_run
        fill_rows(self.results, [[
            Path(r.path).name, r.branch_name or r.branch_code, r.seq or "",
            "成功" if r.ok else "拒收", r.chain, *(r.outcomes[o] if r.ok else "" for o in OUTCOMES),
        ] for r in results])
        text = text_report(results, dry_run)
        if returns:
            text += "\n回执文件（请交支部带回）：\n" + "\n".join(returns) + "\n"
        self.details.setPlainText(text)
        self.tabs.setCurrentIndex(1)

    def save_import_pdf(self) -> None:
        from app.city.import_report import pdf_report
        from app.city.keys import city_identity
        from app.files import write_safely

        if not self.last_results:
            QMessageBox.information(self, "导入报告", "还没有导入结果。")
            return
        path, _ = QFileDialog.getSaveFileName(self, "导入报告另存为", "导入报告.pdf", "PDF (*.pdf)")
        if not path:
            return
        with self.open_city().session() as session:
            name = city_identity(session).name
        results, dry_run = self.last_results, self.last_dry_run
        data = run_with_progress(self, "生成 PDF", lambda progress: pdf_report(
            results, dry_run, name, progress))
        if data is not None:
            try:
                write_safely(Path(path), data)
            except UserError as exc:
                QMessageBox.warning(self, "无法保存", exc.message)

    # -- reports, keys, notices ---------------------------------------------------------------

    def export_public_key(self) -> None:
        from app.city.keys import city_public_key_file
        from app.files import write_safely

        path, _ = QFileDialog.getSaveFileName(self, "导出工委公钥文件", "工委公钥.bdkey",
                                              "公钥文件 (*.bdkey)")
        if path:
            with self.open_city().session() as session:
                data = city_public_key_file(session)
            write_safely(Path(path), data)
            QMessageBox.information(self, "已导出", f"公钥文件：{path}\n请同时告知各支部本工委的"
                                    f"密钥指纹，供他们导入时核对。\n{self.key_line.text()}")

    def backup_key(self) -> None:
        from app.city.keys import export_backup
        from app.files import write_safely

        passphrase, ok = QInputDialog.getText(self, "备份私钥", "设置备份口令（至少 8 个字符）：",
                                              echo=QLineEdit.EchoMode.Password)
        if not ok:
            return
        again, ok = QInputDialog.getText(self, "备份私钥", "再输入一次口令：",
                                         echo=QLineEdit.EchoMode.Password)
        if not ok:
            return
        if again != passphrase:
            QMessageBox.warning(self, "备份私钥", "两次输入的口令不一致。")
            return
        path, _ = QFileDialog.getSaveFileName(self, "私钥备份保存到", "工委私钥备份.pem", "*.pem")
        if not path:
            return
        try:
            with self.open_city().session() as session:
                data = export_backup(session, passphrase)
            write_safely(Path(path), data)
        except UserError as exc:
            QMessageBox.warning(self, "备份私钥", exc.message)
            return
        QMessageBox.information(self, "备份私钥", f"已写入：{path}\n请把文件和口令分开离线保存。")

    def notify(self) -> None:
        from app.city.returns import queue_message

        rows = sorted({i.row() for i in self.branches.selectedIndexes()})
        codes = [cell_text(self.branches, r, 0) for r in rows]
        if not codes:
            QMessageBox.information(self, "下发通知", "请先在“各支部”表中选择要通知的支部。")
            return
        title, ok = QInputDialog.getText(self, "下发通知", "通知标题：")
        if not ok or not title.strip():
            return
        text, ok = QInputDialog.getMultiLineText(self, "下发通知", "通知内容：")
        if not ok:
            return
        with self.open_city().session() as session:
            for code in codes:
                queue_message(session, code, "notice", {"title": title.strip(), "text": text})
        self.refresh()
        QMessageBox.information(self, "下发通知", f"已排入 {len(codes)} 个支部的下发队列，"
                                "将随各支部下一份回执文件带回。")

    def recommend_study(self) -> "StudyTextDialog | None":
        from app.city.study import recommend_study_text
        from ui.meetings.study_texts import StudyTextDialog

        rows = sorted({i.row() for i in self.branches.selectedIndexes()})
        codes = [cell_text(self.branches, r, 0) for r in rows]
        if not codes:
            QMessageBox.information(self, "推荐学习篇目",
                                    "请先在“各支部”表中选择要推荐的支部（可多选）。")
            return None

        def queue(data) -> None:
            with self.open_city().session() as session:
                recommend_study_text(session, codes, data)

        dialog = StudyTextDialog(f"向{len(codes)}个支部推荐学习篇目", queue, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        save_geometry(self, GEOMETRY_KEY)
        for page in self._built.values():  # their background work, before the database closes
            cast("YearReportTab | CityFundPage", page).wait()
        if self.database is not None:
            self.database.close()
            self.database = None
        super().closeEvent(event)
