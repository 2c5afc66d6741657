"""What the benchmark scripts share: the demo branch's "today" and a median timer.

The scripts put the project folder on sys.path, so this is `bench.measure`.
"""

import datetime as dt
import statistics
import time
from collections.abc import Callable

#: "Today" of the demo branch every benchmark builds.
TODAY = dt.date(2026, 11, 25)


def median_ms(action: Callable[[], object], runs: int) -> float:
    """Median wall time of `runs` calls, with the Qt events they post handled in the time."""
    from PySide6.QtWidgets import QApplication

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        QApplication.processEvents()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000
