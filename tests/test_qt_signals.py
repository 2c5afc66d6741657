"""Guards against a PySide6 release that loses references when Python emits a signal."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal()
    progressed = Signal(int, int, str)


def test_emitting_many_signals_keeps_reference_counts() -> None:
    emitter = _Emitter()
    emitter.changed.connect(lambda: None)
    emitter.progressed.connect(lambda *_args: None)
    before = sys.getrefcount(True)
    for i in range(2000):
        emitter.changed.emit()
        emitter.progressed.emit(i, 2000, "")
    assert abs(sys.getrefcount(True) - before) < 50
