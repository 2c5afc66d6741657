"""How long `branchdesk demo` and `branchdesk demo --city` take, step by step.

    .venv/bin/python bench/demo.py [--branches 6] [--no-city]

Builds the demo branch ("today" 2026-11-25) and then the demo city in a temporary folder,
printing the time of every step (the progress labels the commands print) and the totals.
"""

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.demo import build_demo  # noqa: E402
from app.demo.city import DEFAULT_BRANCHES, build_city_demo  # noqa: E402
from bench.measure import TODAY  # noqa: E402
from db.city.database import CityDatabase  # noqa: E402
from db.database import Database  # noqa: E402


class StepTimer:
    """A progress callback that charges the time until the next label to the current one."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.label = ""
        self.start = self.began = time.perf_counter()

    def __call__(self, label: str) -> None:
        now = time.perf_counter()
        if self.label:
            self.totals[self.label.split("：")[-1]] += now - self.start
        self.label, self.start = label, now

    def report(self, title: str) -> None:
        self("")
        for label, seconds in self.totals.items():
            print(f"  {label}: {seconds:.1f} s")
        print(f"{title}: {time.perf_counter() - self.began:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--branches", type=int, default=DEFAULT_BRANCHES)
    parser.add_argument("--no-city", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as folder:
        timer = StepTimer()
        with Database.open(Path(folder) / "demo.db") as database:
            build_demo(database, today=TODAY, seed=7, progress=timer)
        timer.report("branch demo")
        if args.no_city:
            return
        timer = StepTimer()
        with CityDatabase.open(Path(folder) / "city.db") as city:
            build_city_demo(city, args.branches, today=TODAY, seed=7, progress=timer)
        timer.report(f"city demo, {args.branches} branches")


if __name__ == "__main__":
    main()
