"""How long-running work reports progress and learns that the user cancelled.

Core functions take a `Progress` and call `step(done, total, label)`; it raises `Cancelled`
when the user pressed 取消, so the work stops at a safe point and rolls back.
"""

from collections.abc import Callable


class Cancelled(Exception):
    pass


class Progress:
    def __init__(self, report: Callable[[int, int, str], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self._report = report
        self._cancelled = cancelled

    def step(self, done: int, total: int, label: str = "") -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()
        if self._report is not None:
            self._report(done, total, label)


#: For callers that neither show progress nor cancel.
SILENT = Progress()
