"""Long work off the GUI thread, with a progress dialog and 取消."""

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.progress import Cancelled, Progress
from base.errors import UserError
from base.os_errors import os_error_text


class _Worker(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object, object)  # result, error

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._work = work
        self.cancel_requested = threading.Event()

    @Slot()
    def run(self) -> None:
        progress = Progress(self.progressed.emit, self.cancel_requested.is_set)
        try:
            result = self._work(progress)
        except BaseException as exc:  # handed to the GUI thread, shown there
            self.finished.emit(None, exc)
        else:
            self.finished.emit(result, None)


class _Relay(QObject):
    """Lives in the GUI thread, so the worker's signals reach the dialog there."""

    def __init__(self, dialog: QProgressDialog, loop: QEventLoop) -> None:
        super().__init__()
        self.dialog = dialog
        self.loop = loop
        self.result: Any = None
        self.error: BaseException | None = None

    @Slot(int, int, str)
    def on_progress(self, done: int, total: int, label: str) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        if label:
            self.dialog.setLabelText(label)

    @Slot(object, object)
    def on_finished(self, result: Any, error: BaseException | None) -> None:
        self.result, self.error = result, error
        self.loop.quit()


def run_with_progress(parent: QWidget | None, title: str, work: Callable[[Progress], Any],
                      cancellable: bool = True) -> Any:
    """Run `work(progress)` in a thread while a modal progress dialog shows; return its result.

    Returns None when the user cancelled or a UserError was shown; re-raises anything else.
    """
    dialog = QProgressDialog(title, "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    if not cancellable:
        dialog.setCancelButton(None)
    loop = QEventLoop()
    relay = _Relay(dialog, loop)
    thread = QThread()
    worker = _Worker(work)
    worker.moveToThread(thread)
    worker.progressed.connect(relay.on_progress)
    worker.finished.connect(relay.on_finished)
    dialog.canceled.connect(worker.cancel_requested.set)
    thread.started.connect(worker.run)
    thread.start()
    loop.exec()
    thread.quit()
    thread.wait()
    dialog.close()
    if isinstance(relay.error, Cancelled):
        return None
    if isinstance(relay.error, UserError):
        QMessageBox.warning(parent, title, relay.error.message)
        return None
    if isinstance(relay.error, OSError):
        QMessageBox.warning(parent, title, f"操作未完成：{os_error_text(relay.error)}。")
        return None
    if relay.error is not None:
        raise relay.error
    return relay.result


class _Delivery(QObject):
    """Lives in the GUI thread and hands a background result to `done` there, and the
    progress to `progressed`."""

    def __init__(self, owner: QObject, done: Callable[[Any], None],
                 failed: Callable[[str], None],
                 progressed: Callable[[int, int, str], None] | None) -> None:
        super().__init__(owner)
        self.done, self.failed, self.progressed = done, failed, progressed

    @Slot(int, int, str)
    def on_progress(self, done: int, total: int, label: str) -> None:
        if self.progressed is not None:
            self.progressed(done, total, label)

    @Slot(object, object)
    def on_finished(self, result: Any, error: BaseException | None) -> None:
        if isinstance(error, Cancelled):
            self.failed("已取消")
        elif isinstance(error, UserError):
            self.failed(error.message)
        elif isinstance(error, OSError):
            self.failed(os_error_text(error))
        elif error is not None:
            raise error  # the safety net shows and logs it
        else:
            self.done(result)


class BackgroundWork(QThread):
    """The thread of `run_in_background`; keeps its worker alive as long as the thread."""

    def __init__(self, owner: QObject, worker: _Worker) -> None:
        super().__init__(owner)
        self.worker = worker
        self._cancel_requested = worker.cancel_requested

    def cancel(self) -> None:
        """Ask the work to stop at its next progress step (`failed` is then told 已取消)."""
        self._cancel_requested.set()


def run_in_background(owner: QObject, work: Callable[[Progress], Any],
                      done: Callable[[Any], None], failed: Callable[[str], None],
                      progressed: Callable[[int, int, str], None] | None = None
                      ) -> BackgroundWork:
    """Run `work(progress)` in a thread without blocking the window; `done(result)` (or
    `failed` with a message for the user) runs in the GUI thread,
    and `progressed(done, total, label)` at each step. Wait on the returned thread before
    closing what `work` uses."""
    worker = _Worker(work)
    thread = BackgroundWork(owner, worker)
    worker.moveToThread(thread)
    delivery = _Delivery(owner, done, failed, progressed)
    worker.progressed.connect(delivery.on_progress)
    worker.finished.connect(delivery.on_finished)
    # Direct: the thread stops even while the GUI thread waits on it (closing the window).
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.started.connect(worker.run)
    thread.finished.connect(worker.deleteLater)
    thread.finished.connect(delivery.deleteLater)
    thread.start()
    return thread
