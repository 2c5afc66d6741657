"""The safety net: an error nobody caught (in a button's handler, a Qt slot, a worker) is
logged with its traceback and shown in Chinese, instead of vanishing in the windowed program."""

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from base.log import get_logger, log_file, log_folder

_log = get_logger("error")

MESSAGE = "程序遇到意外错误，已保存的数据不受影响。"
ADVICE = ("刚才的操作可能没有完成，请检查后重试。如果反复出现，请点“复制详细信息”或打开日志"
          "文件夹，把日志文件发给技术支持人员。")


def error_details(kind: type[BaseException], error: BaseException,
                  trace: TracebackType | None) -> str:
    return "".join(traceback.format_exception(kind, error, trace))


class ErrorDialog(QMessageBox):
    """程序遇到意外错误… with 复制详细信息 and 打开日志文件夹; the details are for support."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Critical, "意外错误", MESSAGE,
                         QMessageBox.StandardButton.NoButton, parent)
        self.setObjectName("error_dialog")
        self.details = details
        self.setInformativeText(ADVICE)
        self.copy_button = self.addButton("复制详细信息", QMessageBox.ButtonRole.ActionRole)
        self.folder_button = self.addButton("打开日志文件夹", QMessageBox.ButtonRole.ActionRole)
        self.close_button = self.addButton("关闭", QMessageBox.ButtonRole.AcceptRole)
        self.setDefaultButton(self.close_button)
        self.setEscapeButton(self.close_button)
        # Action buttons would close the box; these two do their job and leave it open.
        for button, slot in ((self.copy_button, self.copy_details),
                             (self.folder_button, self.open_log_folder)):
            button.clicked.disconnect()
            button.clicked.connect(slot)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText("已复制")

    def open_log_folder(self) -> None:
        current = log_file()
        folder = current.parent if current is not None else log_folder()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class ExceptionHook:
    """sys.excepthook for the GUI: Python calls it for errors raised in Qt's slots and
    virtual methods too. One dialog at a time: errors while it is open are only logged."""

    def __init__(self) -> None:
        self.showing = False
        self.previous = sys.excepthook

    def __call__(self, kind: type[BaseException], error: BaseException,
                 trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, error, trace)
            return
        _log.log(logging.ERROR, "意外错误", exc_info=(kind, error, trace))
        if self.showing or QApplication.instance() is None:
            return
        self.showing = True
        try:
            ErrorDialog(error_details(kind, error, trace), QApplication.activeWindow()).exec()
        finally:
            self.showing = False


def install_exception_hook() -> ExceptionHook:
    hook = ExceptionHook()
    sys.excepthook = hook
    return hook
