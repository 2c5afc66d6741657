"""欠缴提醒: members with consecutive unpaid months, what to do, and the 党员大会 议题 to
suggest. The status of a member is only changed by a 支部大会 decision, never here."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

from app.dues.arrears import CHARTER_ARTICLE_9, arrears
from ui.dues.host import DuesHost
from ui.widgets.buttons import button
from ui.widgets.record_tab import RecordTab


class ArrearsTab(RecordTab):
    def __init__(self, host: DuesHost) -> None:
        super().__init__()
        self.host = host
        self.heading = self.add_line(QLabel())
        self.heading.setObjectName("arrears-heading")
        self.add_note(CHARTER_ARTICLE_9 + "\n本软件只提醒，不会自动改变任何党员的党籍状态；"
                      "是否按自行脱党处理，由支部党员大会讨论决定并报上级党组织批准。",
                      style="color: #555; background: #f6f6f6; padding: 6px;")
        self.copy_button = button("复制建议议题", "复制所选党员的党员大会议题，粘贴到会议记录中",
                                  self.copy_topic)
        self.add_buttons([self.copy_button])
        self.list = self.add_body(QListWidget())
        self.list.setObjectName("arrears")
        self.list.setWordWrap(True)
        self.list.setSpacing(4)

    def refresh(self) -> None:
        today = self.host.today()
        with self.host.context.session() as session:
            found = arrears(session, today)
        self.heading.setText(f"截至{today:%Y年%m月%d日}（未到交纳截止日的月份不计），连续未交党费的党员："
                             f"{len(found)} 人" if found else
                             f"截至{today:%Y年%m月%d日}，没有连续未交党费达到提醒标准的党员。")
        self.list.clear()
        for a in found:
            lines = [f"【{a.level}】{a.text}", a.advice]
            if a.suggested_topic:
                lines.append(f"建议党员大会议题：{a.suggested_topic}")
            item = QListWidgetItem("\n".join(lines))
            item.setForeground(QColor("#b00020" if a.flagged else "#8a5a00"))
            item.setData(Qt.ItemDataRole.UserRole, a.suggested_topic)
            self.list.addItem(item)
        self.copy_button.setEnabled(any(a.flagged for a in found))

    def copy_topic(self) -> None:
        item = self.list.currentItem()
        topic = item.data(Qt.ItemDataRole.UserRole) if item else ""
        if not topic:
            self.host.say("请选择一条已达六个月的记录。")
            return
        QGuiApplication.clipboard().setText(topic)
        self.host.say("已复制议题，可在“会议”中新建党员大会时粘贴。")
