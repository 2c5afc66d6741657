"""发展党员 on the demo branch, and on the demo with many more people on the way.

    .venv/bin/python bench/recruits.py [--extra 200] [--runs 5] [--db DEMO.db]

Builds the demo branch (its "today" as in bench/measure.py) in a temporary folder, then adds
`--extra` newcomers at the earlier stages (their 支委会 decisions linked to the demo's
meeting records). Times, as medians: loading every track with its meetings and votes, the
check, the whole `recruits list --json` and `recruits check --json` commands (opening the
database included), and the 发展党员 page (open, and refresh after a change) offscreen.
"""

import contextlib
import datetime as dt
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# After the path is set:
from app.cli import main as cli  # noqa: E402
from app.demo.recruits import _Demo, _newcomer  # noqa: E402
from app.recruits.checks import check_tracks  # noqa: E402
from app.recruits.track import load_tracks  # noqa: E402
from bench.measure import TODAY, arguments, demo_path, median_ms  # noqa: E402
from db.database import Database  # noqa: E402


def add_newcomers(database: Database, count: int) -> None:
    with database.session() as session:
        demo = _Demo(session, TODAY)
        for n in range(count):
            birth = dt.date(1970, 1, 1) + dt.timedelta(days=37 * n % 9000)  # all adults
            _newcomer(demo, n % 6, f"测试{n:03d}", "男" if n % 2 else "女", birth)


def quiet_cli(*argv: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli(list(argv)) == 0


def measure(path: Path, runs: int, label: str) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.context import AppContext
    from ui.recruits.page import RecruitsPage

    app = QApplication.instance() or QApplication([])
    with Database.open(path) as database:
        with database.session() as session:
            count = len(load_tracks(session))
            load = median_ms(lambda: load_tracks(session), runs)
            check = median_ms(lambda: check_tracks(session, TODAY), runs)
        context = AppContext(database)
        pages: list[RecruitsPage] = []
        opened = median_ms(lambda: pages.append(RecruitsPage(context)), runs)
        refresh = median_ms(pages[-1].refresh, runs)
        app.processEvents()
    listing = median_ms(lambda: quiet_cli("--db", str(path), "recruits", "list", "--json"), runs)
    checking = median_ms(lambda: quiet_cli("--db", str(path), "recruits", "check", "--json",
                                           "--on", TODAY.isoformat()), runs)
    print(f"\n{label}: {count} tracks")
    for name, value in (("load every track (meetings, votes)", load), ("check", check),
                        ("`recruits list --json`", listing), ("`recruits check --json`", checking),
                        ("page open (build + first load)", opened), ("page refresh", refresh)):
        print(f"  {name:40s} {value:7.0f} ms")


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--extra", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = demo_path(Path(folder), args.db)
        measure(path, args.runs, "demo branch")
        with Database.open(path) as database:
            add_newcomers(database, args.extra)
        measure(path, args.runs, f"demo branch + {args.extra} newcomers")


if __name__ == "__main__":
    main()
