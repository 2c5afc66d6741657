"""Guards against PySide6 releases that drop references to True or None (6.12.0 does both:
on Python 3.11 the program then aborts after a few hundred signals or some 40,000 calls)."""

import sys

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QStandardItem


class _Emitter(QObject):
    changed = Signal()
    progressed = Signal(int, int, str)


def test_emitting_signals_keeps_the_reference_count_of_true() -> None:
    emitter = _Emitter()
    emitter.changed.connect(lambda: None)
    emitter.progressed.connect(lambda *_args: None)
    before = sys.getrefcount(True)
    for i in range(2000):
        emitter.changed.emit()
        emitter.progressed.emit(i, 2000, "")
    assert abs(sys.getrefcount(True) - before) < 50


def test_calls_returning_nothing_keep_the_reference_count_of_none() -> None:
    item = QStandardItem("x")
    before = sys.getrefcount(None)
    for _ in range(5000):
        item.setData("id", Qt.ItemDataRole.UserRole)
    assert abs(sys.getrefcount(None) - before) < 50
