"""密码保护: the same work with the lock off (plain SQLite) and on (SQLCipher), side by side.

    nice -n 19 .venv/bin/python bench/password.py [--runs 5]

On copies of a branch of 300 members (bench/roster.py) that knows the demo city's key:
the window's start (to the first paint and to 首页
ready; the password comes from BRANCHDESK_PASSWORD, so the key derivation is in the time),
`members list` as a new process (password from the environment too), `sync export --full`,
and importing a 300-row roster into a new branch. Medians; the target is lock on within
1.3× lock off. At the city: `city branches` as a new process, without and with the 工委密码
(BRANCHDESK_CITY_PASSWORD; every city command opens the sealed keys first).
"""

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.city import key_lock  # noqa: E402
from app.city.keys import init_city  # noqa: E402
from app.demo.sync import demo_city_keys  # noqa: E402
from app.lock import service  # noqa: E402 - after the path is set
from app.sync.identity import set_city_key  # noqa: E402
from app.sync.keys import KeyFile  # noqa: E402
from bench.measure import TODAY  # noqa: E402
from bench.roster import branch, people, timed, write_sheet  # noqa: E402
from bench.startup import start_once  # noqa: E402
from db import cipher  # noqa: E402
from db.city.database import CityDatabase  # noqa: E402
from db.database import Database  # noqa: E402

PASSWORD = "基准测试2026"


def key_of(path: Path) -> bytes | None:
    return cipher.unlock(path, PASSWORD) if service.is_protected(path) else None


def env(path: Path) -> dict[str, str]:
    import os

    return dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                **{service.PASSWORD_ENV: PASSWORD, key_lock.CITY_PASSWORD_ENV: PASSWORD})


def start_up(path: Path, folder: Path, runs: int) -> tuple[float, float]:
    import os

    os.environ[service.PASSWORD_ENV] = PASSWORD
    command = [sys.executable, "-c", "import sys; from ui.app import run; "
               "sys.exit(run(sys.argv[1]))", str(path)]
    times = [start_once(command, folder / "probe.json") for _ in range(runs)]
    return (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))


def members_list(path: Path, runs: int) -> float:
    command = [sys.executable, "-m", "app", "--db", str(path), "members", "list"]
    return timed(lambda: subprocess.run(command, env=env(path), cwd=ROOT, check=True,
                                           stdout=subprocess.DEVNULL), runs)


def city_branches(path: Path, runs: int) -> float:
    command = [sys.executable, "-m", "app", "--db", str(path), "city", "branches"]
    return timed(lambda: subprocess.run(command, env=env(path), cwd=ROOT, check=True,
                                           stdout=subprocess.DEVNULL), runs)


def city_database(path: Path, password: bool) -> None:
    with CityDatabase.open(path) as database:
        with database.session() as session:
            init_city(session, "演示工委", restore=demo_city_keys())
        if password:
            key_lock.set_password(database, PASSWORD)


def export_full(path: Path, folder: Path, runs: int) -> float:
    from app.sync.export import export_package

    with Database.open(path, create=False, key=key_of(path)) as database:
        return timed(lambda: export_package(database, folder, full=True), runs)


def import_roster(template: Path, sheet: Path, folder: Path, runs: int) -> float:
    from app.members.excel import import_rows, preview_roster

    times = []
    for run in range(runs):
        path = folder / f"import-{run}" / "branch.db"
        path.parent.mkdir(parents=True)
        shutil.copyfile(template, path)
        if cipher.key_path(template).exists():
            shutil.copyfile(cipher.key_path(template), cipher.key_path(path))
        with Database.open(path, create=False, key=key_of(path)) as database:
            start = time.perf_counter()
            with database.session() as session:
                import_rows(session, preview_roster(session, sheet))
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh_branch(path: Path) -> None:
    from app.profile import ProfileInput, save_profile

    with Database.open(path) as database, database.session() as session:
        save_profile(session, ProfileInput(name="中共测试局机关党支部", code="BENCH",
                                           groups=["第一党小组", "第二党小组", "第三党小组",
                                                   "离退休党小组"]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        demo = work / "branch.db"
        branch(demo, people(random.Random(7), 300))
        with Database.open(demo, create=False) as database, database.session() as session:
            set_city_key(session, KeyFile("city", "演示工委", "", demo_city_keys().public))
        sheet = work / "名册.xlsx"
        write_sheet(sheet, people(random.Random(3), 300), random.Random(3))
        prepared = {}
        for mode in ("off", "on"):
            folder = work / mode
            folder.mkdir()
            path = folder / "demo.db"
            shutil.copyfile(demo, path)
            template = folder / "fresh" / "branch.db"
            template.parent.mkdir()
            fresh_branch(template)
            if mode == "on":
                service.set_password(path, PASSWORD)
                service.set_password(template, PASSWORD)
            city_database(folder / "city.db", password=mode == "on")
            prepared[mode] = folder, path, template
        # Off and on take turns, run by run, so a change in the machine's load hits both.
        times: dict[tuple[str, str], list[float]] = {}
        for turn in range(runs):
            for mode, (folder, path, template) in prepared.items():
                painted, ready = start_up(path, folder, 1)
                for step, value in (
                    ("start-up: first paint", painted), ("start-up: 首页 ready", ready),
                    ("`members list` (new process)", members_list(path, 1)),
                    ("`sync export --full`", export_full(path, folder / "stick", 1)),
                    ("import 300 rows (preview + save)",
                     import_roster(template, sheet, folder / f"turn-{turn}", 1)),
                    ("city: `city branches` (new process)",
                     city_branches(folder / "city.db", 1)),
                ):
                    times.setdefault((step, mode), []).append(value)
        rows = {step: [statistics.median(times[step, mode]) for mode in ("off", "on")]
                for step, _mode in times}
    print(f"300 members, as of {TODAY}; medians of {runs} runs, off and on in turn")
    print("| step | lock off | lock on | on / off |")
    print("|---|---|---|---|")
    for step, (off, on) in rows.items():
        print(f"| {step} | {off * 1000:.0f} ms | {on * 1000:.0f} ms | {on / off:.2f}× |")


if __name__ == "__main__":
    main()
