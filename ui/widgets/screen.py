"""Keeping windows on the screen: every top-level window and dialog opens inside the screen's
available area (the desktop less the taskbar) and never larger, and a remembered geometry is
clamped to the screen the program runs on now."""

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget


def _placed_by_qt(window: QWidget) -> bool:
    """Menus, tooltips and the like place themselves (the guard leaves them alone)."""
    from PySide6.QtCore import Qt  # here: building Qt's namespace takes 0.1 s at start-up

    return window.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip,
                                   Qt.WindowType.SplashScreen, Qt.WindowType.Desktop)


def available_area(window: QWidget) -> QRect:
    """The part of the window's screen that windows may use (without the taskbar)."""
    parent = window.parentWidget()
    screen = window.screen() if window.isVisible() or parent is None else parent.screen()
    return (screen or QGuiApplication.primaryScreen()).availableGeometry()


def frame_extra(window: QWidget) -> QSize:
    """How much the window frame (title bar, borders) adds to the window's own size."""
    frame, inner = window.frameGeometry(), window.geometry()
    return QSize(frame.width() - inner.width(), frame.height() - inner.height())


def fit_to_screen(window: QWidget) -> None:
    """Shrink the window until its frame fits the available area, then move it inside."""
    area = available_area(window)
    extra = frame_extra(window)
    largest = QSize(area.width() - extra.width(), area.height() - extra.height())
    minimum = window.minimumSize()
    if minimum.width() > largest.width() or minimum.height() > largest.height():
        window.setMinimumSize(minimum.boundedTo(largest))
    size = window.size().boundedTo(largest)
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    left = max(area.left(), min(frame.left(), area.right() + 1 - frame.width()))
    top = max(area.top(), min(frame.top(), area.bottom() + 1 - frame.height()))
    if (left, top) != (frame.left(), frame.top()):
        window.move(left, top)


def default_size(window: QWidget, preferred: QSize) -> QSize:
    """`preferred`, or less where the screen is smaller (a tenth of it kept free)."""
    area = available_area(window)
    return preferred.boundedTo(QSize(area.width() * 9 // 10, area.height() * 9 // 10))


def restore_geometry(window: QWidget, key: str, preferred: QSize) -> None:
    """The size and place the window had when last closed, or `preferred`; either way no
    larger than this screen (a window last used on a bigger monitor comes back smaller)."""
    geometry = QSettings().value(key)
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(default_size(window, preferred))
    fit_to_screen(window)


def save_geometry(window: QWidget, key: str) -> None:
    QSettings().setValue(key, window.saveGeometry())


class ScreenGuard(QObject):
    """Application-wide: fits every top-level window when it is shown (message boxes and
    file dialogs included)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) \
                and watched.isWindow() and not _placed_by_qt(watched):
            fit_to_screen(watched)
        return False


def install_screen_guard(app: QApplication) -> ScreenGuard:
    guard = ScreenGuard(app)
    app.installEventFilter(guard)
    return guard

