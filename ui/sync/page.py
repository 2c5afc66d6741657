"""同步: export packages for the city (USB sticks first), its return files, keys, messages."""

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.files import write_safely
from app.sync.drives import removable_drives
from app.sync.labels import areas, message_label
from base.errors import UserError
from ui.areas import EVERY_AREA
from ui.context import AppContext
from ui.tasks import run_with_progress
from ui.widgets.tables import fill_rows, record_table, row_key

OTHER_FOLDER = "选择其他文件夹…"


def _local(moment: dt.datetime | None) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}" if moment else ""


class SyncPage(QWidget):
    AREAS = EVERY_AREA  # what waits to be exported

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        title = QLabel("与工委同步")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.note = QLabel("数据包经加密和签名，只有工委能打开；U盘丢失也不会泄露党员信息。")
        self.note.setStyleSheet("color: #555;")

        keys = QGroupBox("工委")
        line = QHBoxLayout(keys)
        self.city_key = QLabel()
        self.city_key.setObjectName("city_key")
        self.city_key.setWordWrap(True)
        self.import_key_button = QPushButton("导入工委公钥文件…")
        self.import_key_button.setObjectName("import_city_key")
        self.import_key_button.clicked.connect(self.import_city_key)
        fingerprints = QPushButton("核对密钥…")
        fingerprints.setObjectName("fingerprints")
        fingerprints.setToolTip("工委核对本支部的密钥时用")
        fingerprints.clicked.connect(self.show_fingerprints)
        line.addWidget(self.city_key, 1)
        line.addWidget(self.import_key_button)
        line.addWidget(fingerprints)

        export = QGroupBox("导出数据包（交工委）")
        box = QVBoxLayout(export)
        self.pending = QLabel()
        self.pending.setObjectName("pending")
        self.pending.setWordWrap(True)
        self.target = QComboBox()
        self.target.setObjectName("target")
        self.target.setMinimumWidth(320)
        refresh_drives = QPushButton("刷新U盘")
        refresh_drives.clicked.connect(self.fill_drives)
        self.full = QCheckBox("全量导出（把全部数据重新交一遍）")
        self.full.setObjectName("full")
        self.export_button = QPushButton("导出数据包")
        self.export_button.setObjectName("export")
        self.export_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.export_button.clicked.connect(self.export)
        row = QHBoxLayout()
        row.addWidget(QLabel("导出到："))
        row.addWidget(self.target, 1)
        row.addWidget(refresh_drives)
        actions = QHBoxLayout()
        actions.addWidget(self.full)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        box.addWidget(self.pending)
        box.addLayout(row)
        box.addLayout(actions)

        back = QGroupBox("工委回执")
        line = QHBoxLayout(back)
        self.waiting = QLabel()
        self.waiting.setObjectName("waiting")
        self.waiting.setWordWrap(True)
        receive = QPushButton("导入工委回执文件…")
        receive.setObjectName("receive")
        receive.clicked.connect(self.receive)
        line.addWidget(self.waiting, 1)
        line.addWidget(receive)

        self.history = record_table(
            "history", ["序号", "方式", "导出时间", "记录数", "状态", "文件"],
            multi=True, fit_columns=True)
        self.inbox = record_table("inbox", ["收到时间", "类型", "状态", "内容"],
                                  multi=True, fit_columns=True)
        read = QPushButton("标为已读")
        read.clicked.connect(self.mark_read)
        inbox_page = QWidget()
        inbox_box = QVBoxLayout(inbox_page)
        inbox_box.setContentsMargins(0, 0, 0, 0)
        inbox_box.addWidget(self.inbox)
        inbox_box.addWidget(read, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history, "导出记录")
        self.tabs.addTab(inbox_page, "工委消息")

        restore = QPushButton("从工委恢复数据…")
        restore.setToolTip("电脑损坏、数据丢失后：在新建的空数据库中导入工委生成的恢复包")
        restore.clicked.connect(self.restore)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(self.note)
        layout.addWidget(keys)
        layout.addWidget(export)
        layout.addWidget(back)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(restore, 0, Qt.AlignmentFlag.AlignLeft)
        self.fill_drives()
        self.refresh()

    # -- showing -----------------------------------------------------------------------

    def fill_drives(self) -> None:
        self.target.clear()
        for drive in removable_drives():
            self.target.addItem(f"U盘：{drive.label}", str(drive.path))
        self.target.addItem(OTHER_FOLDER, None)

    def refresh(self) -> None:
        from app.sync.export import pending_counts
        from app.sync.identity import city_key
        from app.sync.status import history, inbox

        with self.context.session() as session:
            city = city_key(session)
            pending = pending_counts(session)
            exported = history(session)
            messages = inbox(session)
        waiting = [e.seq for e in reversed(exported) if e.acknowledged_at is None]
        rows = [[str(e.seq), e.kind, _local(e.created_at), str(e.record_count), e.state,
                 e.file_name] for e in exported]
        message_rows = [[_local(m.received_at), message_label(m.kind),
                         m.status + ("" if m.read else "（未读）"), m.result] for m in messages]
        message_ids = [m.id for m in messages]
        self.city_key.setText(f"数据包交给：{city.name}" if city else
                              "尚未导入工委公钥文件。请向工委索取“工委公钥.bdkey”，点右边的按钮导入，"
                              "然后才能导出数据包。")
        total = sum(pending.values())
        self.pending.setText(
            f"有新的记录或修改待交工委：{areas(pending)}（共 {total} 项）。" if total
            else "自上次导出以来没有新的记录或修改。")
        if not exported:
            self.waiting.setText("还没有导出过数据包。")
        elif waiting:
            numbers = "、".join(f"第 {n} 号" for n in waiting)
            self.waiting.setText(f"已交工委、还没收到回执的：{numbers}数据包。"
                                 "工委导入后会给一份回执文件，请在这里导入。")
        else:
            self.waiting.setText("已导出的数据包都已得到工委确认。")
        fill_rows(self.history, rows)
        fill_rows(self.inbox, message_rows, message_ids)

    # -- actions -------------------------------------------------------------------------

    def _changed(self) -> None:
        # Receiving and restoring write any area (messages, approvals, a whole backup).
        self.context.data_changed.emit(EVERY_AREA)

    def _folder(self) -> Path | None:
        chosen = self.target.currentData()
        if chosen:
            return Path(chosen)
        folder = QFileDialog.getExistingDirectory(self, "选择导出到的文件夹（如U盘）")
        return Path(folder) if folder else None

    def export(self) -> None:
        from app.sync.export import export_package

        folder = self._folder()
        if folder is None:
            return
        full = self.full.isChecked()
        database = self.context.branch_database
        result = run_with_progress(self, "导出数据包", lambda progress: export_package(
            database, folder, full=full, progress=progress))
        if result is None:
            return
        self.full.setChecked(False)
        self._changed()
        files = f"，共{len(result.paths)}个文件" if len(result.paths) > 1 else ""
        lines = [f"已导出{result.numbers}数据包（{result.kind}{files}），写入后已读回校验：",
                 *map(str, result.paths), "",
                 f"内容：{areas(result.counts)}（共 {result.record_count} 项）。"]
        if result.missing_attachments:
            lines.append(f"注意：有 {len(result.missing_attachments)} 个附件文件在本机找不到，"
                         "未能随包导出。")
        if len(result.paths) > 1:
            lines.append("数据较多，已分成几个文件（附件在后面的文件中），请全部交给工委。")
        lines.append("请把U盘交给工委；工委导入后会给一份回执文件，带回来在本页导入。")
        QMessageBox.information(self, "导出完成", "\n".join(lines))

    def receive(self) -> None:
        from app.sync.receive import receive_return

        path, _ = QFileDialog.getOpenFileName(self, "选择工委回执文件", "",
                                              "工委回执文件 (*.bdreturn);;所有文件 (*)")
        if not path:
            return
        try:
            result = receive_return(self.context.branch_database, path)
        except UserError as exc:
            QMessageBox.warning(self, "无法导入回执", exc.message)
            return
        self._changed()
        lines = [f"已导入工委第 {result.return_seq} 号回执。"]
        if result.acknowledged:
            lines.append("工委已确认收到：" + "、".join(f"第 {n} 号" for n in result.acknowledged)
                         + "数据包。")
        lines += [f"{status}：{text}" for _kind, status, text in result.messages]
        QMessageBox.information(self, "回执已导入", "\n".join(lines))

    def import_city_key(self) -> None:
        from app.sync.identity import set_city_key
        from app.sync.keys import read_public_key_file

        path, _ = QFileDialog.getOpenFileName(self, "选择工委公钥文件", "",
                                              "工委公钥文件 (*.bdkey);;所有文件 (*)")
        if not path:
            return
        try:
            key = read_public_key_file(path, "city")
        except UserError as exc:
            QMessageBox.warning(self, "无法导入公钥", exc.message)
            return
        answer = QMessageBox.question(
            self, "核对工委公钥指纹",
            f"工委：{key.name}\n指纹：{key.keys.fingerprint}\n\n请与工委公布的指纹逐位核对。"
            "完全一致才能导入，确认一致吗？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.context.write(self, lambda session: set_city_key(session, key))

    def show_fingerprints(self) -> None:
        """The keys' fingerprints, read out when the city checks a first package or a new PC."""
        from app.sync.identity import branch_keys, city_key

        with self.context.session() as session:
            own = branch_keys(session).public.fingerprint
            city = city_key(session)
        box = QMessageBox(QMessageBox.Icon.Information, "核对密钥",
                          "工委第一次收到本支部的数据包（或本支部换了电脑）时，会请您核对下面的"
                          f"“本支部密钥指纹”。\n\n本支部密钥指纹：\n{own}\n\n工委密钥指纹：\n"
                          + (city.keys.fingerprint if city else "（尚未导入工委公钥）"),
                          parent=self)
        export = box.addButton("导出本支部公钥文件…", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is export:
            self.export_own_key()

    def export_own_key(self) -> None:
        from app.sync.identity import branch_public_key_file

        path, _ = QFileDialog.getSaveFileName(self, "导出本支部公钥文件", "支部公钥.bdkey",
                                              "公钥文件 (*.bdkey)")
        if not path:
            return
        try:
            with self.context.session() as session:
                data = branch_public_key_file(session)
            write_safely(Path(path), data)
        except UserError as exc:
            QMessageBox.warning(self, "无法导出", exc.message)
            return
        QMessageBox.information(self, "已导出", f"已导出本支部公钥文件：\n{path}")

    def mark_read(self) -> None:
        from app.sync.status import mark_read

        rows = {index.row() for index in self.inbox.selectedIndexes()} or set(
            range(self.inbox.rowCount()))
        ids = [str(row_key(self.inbox, r)) for r in rows]
        self.context.write(self, lambda session: mark_read(session, ids))

    def restore(self) -> None:
        from app.sync.restore import restore_from_city

        path, _ = QFileDialog.getOpenFileName(
            self, "选择工委生成的恢复包（分成几个文件时选其中任一个）", "",
            "恢复包 (*.bdrestore);;所有文件 (*)")
        if not path:
            return
        answer = QMessageBox.question(
            self, "从工委恢复数据",
            "恢复包只能导入到新建的空数据库中，会写入工委保存的全部记录。继续吗？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        database = self.context.branch_database
        result = run_with_progress(self, "从工委恢复数据", lambda progress: restore_from_city(
            database, path, progress))
        if result is None:
            return
        self._changed()
        files = f"从 {len(result.files)} 个文件" if len(result.files) > 1 else ""
        text = f"已{files}恢复 {sum(result.counts.values())} 条记录，附件 {result.attachments} 个。"
        if result.missing_packages:
            text += "\n" + result.missing_note()
        if result.skipped:
            text += "\n未能恢复：\n" + "\n".join(result.skipped[:20])
            if len(result.skipped) > 20:
                text += f"\n……另有 {len(result.skipped) - 20} 条"
        QMessageBox.information(self, "恢复完成", text)
