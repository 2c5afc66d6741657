"""The safety net: the log file, OS errors in Chinese, and the dialog for unexpected errors."""

import errno
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from app.cli import main
from app.files import read_file, write_safely
from base.errors import UserError
from base.log import LOG_NAME, log_file, logger, setup_logging
from base.os_errors import os_error_text
from tests.english import english_words
from ui.error_dialog import ErrorDialog, install_exception_hook


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    setup_logging(folder)
    yield folder
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


@pytest.mark.parametrize("code, expected", [
    (errno.ENOSPC, "空间已满"), (errno.EROFS, "只读"), (errno.EACCES, "没有访问权限"),
    (errno.ENOENT, "找不到"), (errno.EEXIST, "已有同名"), (errno.EIO, "读写出错"),
])
def test_os_errors_are_told_in_chinese_and_the_original_is_logged(
        log_dir: Path, code: int, expected: str) -> None:
    error = OSError(code, "Some English system text", "/media/usb/x.pdf")

    text = os_error_text(error)

    assert expected in text and not english_words(text)
    assert "Some English system text" in (log_dir / LOG_NAME).read_text("utf-8")


def test_an_unknown_os_error_still_reads_in_chinese(log_dir: Path) -> None:
    text = os_error_text(OSError(9999, "Strange failure"))
    assert text == "系统无法完成此操作（错误代码 9999）"


def test_file_errors_name_the_file_and_the_cause_in_chinese(tmp_path: Path, log_dir: Path) -> None:
    blocker = tmp_path / "占位文件"
    blocker.write_text("a file, not a folder")

    with pytest.raises(UserError) as written:
        write_safely(blocker / "报告.pdf", b"%PDF")
    with pytest.raises(UserError) as read:
        read_file(tmp_path / "没有的文件.bdsync")

    for message in (written.value.message, read.value.message):
        assert not english_words(message.replace(str(tmp_path), ""))
    assert "找不到该文件或文件夹" in read.value.message
    assert not list(tmp_path.glob("**/*.part"))


def test_cli_logs_the_outcome_beside_the_database(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "branch.db"
    assert main(["--db", str(db), "init", "--name", "中共测试支部", "--code", "T-1"]) == 0
    assert main(["--db", str(db), "backup"]) == 0

    log = (tmp_path / "logs" / LOG_NAME).read_text("utf-8")
    assert "INFO branchdesk.backup: 已备份：" in log and "命令：backup" in log
    capsys.readouterr()


def test_cli_unexpected_error_is_a_chinese_message_and_a_logged_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.cli.maintenance as maintenance

    def broken(_args: object) -> int:
        raise RuntimeError("internal detail")

    monkeypatch.setattr(maintenance, "_check", broken)
    db = tmp_path / "branch.db"

    code = main(["--db", str(db), "check"])

    err = capsys.readouterr().err
    assert code == 1 and err.startswith("错误：程序遇到意外错误，已保存的数据不受影响。")
    assert "Traceback" not in err and "internal detail" not in err
    log = (tmp_path / "logs" / LOG_NAME).read_text("utf-8")
    assert "ERROR branchdesk.cli: 意外错误" in log and "RuntimeError: internal detail" in log


def test_cli_os_error_is_told_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import app.cli.maintenance as maintenance

    def full(_args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(maintenance, "_check", full)

    assert main(["--db", str(tmp_path / "b.db"), "check"]) == 1
    err = capsys.readouterr().err
    assert err == "错误：磁盘空间已满。\n"


@pytest.mark.qt_no_exception_capture
def test_an_error_inside_a_slot_shows_the_dialog_and_is_logged(qtbot, log_dir: Path,
                                                                monkeypatch) -> None:
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_exception_hook()
    button = QPushButton("统计")
    qtbot.addWidget(button)

    def broken() -> None:
        raise ZeroDivisionError("division by zero")

    button.clicked.connect(broken)
    seen: dict[str, object] = {}

    def look_at_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ErrorDialog)
        seen["text"] = dialog.text()
        seen["buttons"] = [b.text() for b in dialog.buttons()]
        dialog.copy_button.click()
        seen["still_open"] = dialog.isVisible()
        dialog.close_button.click()

    QTimer.singleShot(0, look_at_dialog)
    button.click()

    assert seen["text"] == "程序遇到意外错误，已保存的数据不受影响。"
    assert {"复制详细信息", "打开日志文件夹", "关闭"} <= set(seen["buttons"])
    assert seen["still_open"] is True
    assert "ZeroDivisionError: division by zero" in QGuiApplication.clipboard().text()
    log = (log_dir / LOG_NAME).read_text("utf-8")
    assert "ERROR branchdesk.error: 意外错误" in log
    assert "ZeroDivisionError: division by zero" in log and "in broken" in log
    assert log_file() == log_dir / LOG_NAME


def test_log_records_below_info_are_not_written(log_dir: Path) -> None:
    logging.getLogger("branchdesk.test").debug("不写")
    logging.getLogger("branchdesk.test").info("写入")
    log = (log_dir / LOG_NAME).read_text("utf-8")
    assert "写入" in log and "不写" not in log
