"""The mouse wheel scrolls the page, not the field under the pointer: combo boxes, spin boxes
and date fields take the wheel only when they have the keyboard focus (application-wide)."""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox

#: The fields a stray wheel would change (QDateEdit and the date fields are spin boxes).
VALUE_FIELDS = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, VALUE_FIELDS) \
                and not watched.hasFocus():
            event.ignore()  # the scroll area around the field scrolls instead
            parent = watched.parentWidget()
            if parent is not None:
                QApplication.sendEvent(parent, event)
            return True
        return False


def guard_wheel(app: QApplication) -> WheelGuard:
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
