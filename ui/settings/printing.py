"""设置 → 打印: page style (公文格式 / Word默认边距) and whether to use the PC's official fonts."""

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import settings
from app.reports.page import PAGE_STYLE, PAGE_STYLES, USE_SYSTEM_FONTS
from ui.context import AppContext

STYLE_HINTS = {
    PAGE_STYLES[0]: "A4，上边距37毫米、左边距28毫米，版心156×225毫米（GB/T 9704）",
    PAGE_STYLES[1]: "A4，上下2.54厘米、左右3.18厘米（Word 的“普通”边距）",
}


class PrintingSection(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.style_box = QComboBox()
        self.style_box.addItems(PAGE_STYLES)
        self.style_hint = QLabel()
        self.style_hint.setStyleSheet("color: #666;")
        self.system_fonts = QCheckBox("优先使用本机安装的方正小标宋、仿宋_GB2312、黑体、楷体等字体")
        self.fonts_label = QLabel()
        self.fonts_label.setObjectName("fonts")
        self.fonts_label.setWordWrap(True)
        self.fonts_button = QPushButton("查看打印用字体")
        self.fonts_button.clicked.connect(self.show_fonts)
        form = QFormLayout()
        form.addRow("版式：", self.style_box)
        form.addRow("", self.style_hint)
        fonts_row = QHBoxLayout()
        fonts_row.addWidget(self.fonts_button)
        fonts_row.addStretch(1)
        note = QLabel("未找到的字体用程序自带的免费字体代替；生僻字（如“喆”“堃”）"
                      "在所选字体中缺字时自动换用有该字的字体。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.system_fonts)
        layout.addWidget(note)
        layout.addLayout(fonts_row)
        layout.addWidget(self.fonts_label)
        self.refresh()
        self.style_box.currentTextChanged.connect(self._save_style)
        self.system_fonts.toggled.connect(self._save_fonts)

    def refresh(self) -> None:
        with self.context.session() as session:
            style = settings.get(session, PAGE_STYLE)
            use_system = settings.get(session, USE_SYSTEM_FONTS)
        self.style_box.blockSignals(True)
        self.style_box.setCurrentText(style)
        self.style_box.blockSignals(False)
        self.style_hint.setText(STYLE_HINTS.get(style, ""))
        self.system_fonts.blockSignals(True)
        self.system_fonts.setChecked(use_system)
        self.system_fonts.blockSignals(False)

    def _save_style(self, style: str) -> None:
        self.context.write(self, lambda s: settings.put(s, PAGE_STYLE, style))
        self.style_hint.setText(STYLE_HINTS.get(style, ""))

    def _save_fonts(self, checked: bool) -> None:
        self.context.write(self, lambda s: settings.put(s, USE_SYSTEM_FONTS, checked))
        if self.fonts_label.text():
            self.show_fonts()

    def show_fonts(self) -> None:
        from app.reports.fonts import ROLE_LABELS, font_set

        fonts = font_set(self.system_fonts.isChecked())
        self.fonts_label.setText("\n".join(
            f"{ROLE_LABELS[role]}：{face.label}" for role, face in fonts.faces.items()))
