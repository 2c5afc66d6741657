"""A city of N copies of the ten-year demo branch: import, size, report, window, a quarter.

    nice -n 19 .venv/bin/python bench/city_scale.py [--branches 40] [--demo DEMO.db]
        [--postgres] [--year 2025] [--packages FOLDER] [--prepare] [--work FOLDER] [--keep]

Builds the demo branch once (or copies DEMO.db), exports it in full, and clones that package
N times with fresh keys and ids (bench/sync.py's `branch_package`), all sealed for one city
key. With `--packages FOLDER` the city key, the branch keys and the packages are kept there
and reused by the next run (one on SQLite, one on PostgreSQL, more branches: only the missing
ones are made); `--prepare` makes them and stops. Then measures, each step with its wall and
CPU time and its peak memory (this process's own, or the command's):

- the city import of the N full packages (records/s);
- the city database and its typed stores against N times the branch's own database;
- `branchdesk city report --year Y --json` and `city branches --json` as whole commands;
- the city window (offscreen, a new process): built, opened and showing the list of
  branches, three times (the median); then 互助基金 opened and read again (each: the longest
  the window was held, the seconds until it shows what it read) and 年度汇总;
- a quarter, twice: one incremental package per branch imported in one batch, first with 600
  of its records picked at random over all ten years (each in a new version: the worst case
  for the kept figures), then with the records of its last three months (a real quarter).

The commands and the window run from compiled modules, as an installed program has them
(`compileall` of the project first, whatever PYTHONDONTWRITEBYTECODE says): each measures a
start, not a compilation of the project's sources.
Before anything is written the free disk space is checked against what the run needs
(about 40 MB a branch for the city and its stores, 1.8 MB a package to make).

With `--postgres` the city database is on a throw-away PostgreSQL server, the one the tests
start (tests/sync/postgres.py, fsync off, its files in the system's temporary folder); its
stores and files go to the work folder. The server's CPU and memory are not in the figures.
"""

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from app.city.importer import import_packages, verify_package  # noqa: E402
from app.city.keys import init_city, trust_branch  # noqa: E402
from app.city.store import stores_folder  # noqa: E402
from app.sync import envelope, package  # noqa: E402
from app.sync.export import export_package  # noqa: E402
from app.sync.identity import set_city_key  # noqa: E402
from app.sync.keys import KeyFile, KeyPair, PublicKeys, b64  # noqa: E402
from bench.measure import TODAY, demo_path  # noqa: E402
from bench.sync import branch_package  # noqa: E402
from db.city.database import CityDatabase  # noqa: E402
from db.database import Database  # noqa: E402

QUARTER_RECORDS = 600
CITY_NAME = "工委"
KIT = "kit.json"  # in the packages folder: the keys and what was made
#: Disk a branch takes in the city (database and typed store; measured 35 MB at 300
#: branches on SQLite, 34 MB on PostgreSQL at 4) and a package to make, with some room.
CITY_BYTES_PER_BRANCH = 40e6
PACKAGE_BYTES = 1.8e6
SPARE_BYTES = 2e9


@dataclass
class Step:
    """One measured step: wall and CPU seconds, peak memory (MiB), the action's result."""

    seconds: float
    cpu: float
    peak_mib: float
    result: Any = None


def say(line: str) -> None:
    print(f"[{dt.datetime.now(dt.UTC):%H:%M:%S} load {os.getloadavg()[0]:.1f}] {line}",
          flush=True)


def _reset_peak() -> bool:
    """Start this process's peak memory (VmHWM) afresh; False where Linux does not allow it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _own_cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def timed(action: Callable[[], Any]) -> Step:
    """Run `action` in this process: its wall and CPU time and the peak memory meanwhile
    (since the process started, where the peak cannot be reset)."""
    _reset_peak()
    start, cpu = time.perf_counter(), _own_cpu()
    result = action()
    return Step(time.perf_counter() - start, _own_cpu() - cpu, _peak_mib(), result)


#: Put before each program's code: at its end it writes its own peak memory (Linux's VmHWM)
#: to its standard error. (The rusage of a child counts the peak of this process it forked
#: from.)
PEAK = ("import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write(next((line for line in open("
        "'/proc/self/status') if line.startswith('VmHWM:')), '')))\n")


def child(code: str, argv: list[str], env: dict[str, str]) -> Step:
    """Run Python `code` with `argv` to its end: wall and CPU time and peak memory of that
    process alone; its standard output is the result."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", PEAK + code, *argv], env=env, cwd=ROOT,
                                   stdout=out, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        errors = err.read().decode(errors="replace")
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}):\n"
                             f"{errors[-3000:]}")
        peaks = [line.split()[1] for line in errors.splitlines() if line.startswith("VmHWM:")]
        return Step(seconds, usage.ru_utime + usage.ru_stime,
                    int(peaks[-1]) / 1024 if peaks else usage.ru_maxrss / 1024,
                    out.read().decode())


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def server_cpu(port: int) -> float:
    """CPU seconds the PostgreSQL server on `port` has used so far: its postmaster, the
    backends it has reaped and those still running (Linux's /proc; 0 where not found)."""
    processes: dict[int, tuple[int, list[int], list[bytes]]] = {}
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text() if proc.name.isdigit() else ""
            command = (proc / "cmdline").read_bytes().split(b"\0") if stat else []
        except OSError:
            continue
        if stat:
            fields = stat.rsplit(")", 1)[1].split()  # state, ppid, …, utime at index 11
            processes[int(proc.name)] = (int(fields[1]), [int(f) for f in fields[11:15]],
                                         command)
    port_option = [b"-p", str(port).encode()]
    master = next((pid for pid, (_parent, _ticks, command) in processes.items()
                   if command[0].endswith(b"postgres") and any(
                       command[i:i + 2] == port_option for i in range(len(command)))), None)
    if master is None:
        return 0.0
    ticks = sum(processes[master][1]) + sum(
        sum(times[:2]) for parent, times, _command in processes.values() if parent == master)
    return ticks / os.sysconf("SC_CLK_TCK")


def server_used(postgres: str | None) -> Callable[[], str]:
    """From now: what to add to a step's CPU figure, the PostgreSQL server's CPU since."""
    if not postgres:
        return lambda: ""
    port = urlsplit(postgres).port or 5432
    start = server_cpu(port)
    return lambda: f" + the server's {server_cpu(port) - start:.1f} s"


def spread_quarter(records: dict, rng: random.Random) -> dict[str, list[dict]]:
    """QUARTER_RECORDS of the branch's records picked at random, each in a new version: changes
    spread over all ten years and tables (the worst case for the kept figures)."""
    rows = [(table, r) for table, rs in records.items() for r in rs]
    chosen: dict[str, list[dict]] = {}
    for table, record in rng.sample(rows, min(QUARTER_RECORDS, len(rows))):
        chosen.setdefault(table, []).append({**record, "version": record["version"] + 1})
    return chosen


#: The day that dates a record of each table, for `recent_quarter`.
DATED = {"meeting": "date", "dues_payment": "paid_on", "dues_assessment": "assessed_on",
         "fund_entry": "date", "visit": "date", "service_activity": "date",
         "service_wish": "claimed_on", "service_problem": "found_on",
         "aid_application": "applied_on", "aid_step": "date", "recruit_paper": "received_on"}
PARENTS = ("meeting_id", "visit_id", "activity_id", "person_id", "application_id")


def recent_quarter(records: dict, since: str) -> dict[str, list[dict]]:
    """The records of the last three months (dated from `since`, with their attendance, 议题,
    speeches, people…), each in a newer version: what a real quarterly package carries."""
    chosen = {r["id"] for table, day in DATED.items() for r in records.get(table, [])
              if (r.get(day) or "") >= since}
    for _generation in range(2):  # children, and theirs (a visit's people, their goods)
        chosen |= {r["id"] for rows in records.values() for r in rows
                   if any(r.get(parent) in chosen for parent in PARENTS)}
    return {table: [{**r, "version": r["version"] + 2} for r in rows if r["id"] in chosen]
            for table, rows in records.items() if any(r["id"] in chosen for r in rows)}


def quarter_package(chosen: dict, keys: KeyPair, code: str, seq: int, previous: str,
                    city_public: PublicKeys) -> bytes:
    """Branch `code`'s package number `seq` carrying these records."""
    manifest = {
        "format": "1.0", "kind": "package", "package_id": str(uuid.uuid4()),
        "export": "incremental", "branch": {"code": code, "name": code,
                                            "key_id": keys.public.key_id,
                                            "box_key": b64(keys.public.box)},
        "city_key_id": city_public.key_id, "sequence": seq, "previous_sha256": previous,
        "created_at": "2027-02-25T08:00:00Z", "app_version": "bench",
        "schema_version": [], "delivered_messages": [], "missing_attachments": [],
    }
    return envelope.seal(package.build(manifest, chosen, {}), "package", keys, city_public)


WINDOW = """\
import sys, time; t = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.city.window import CityWindow
w = CityWindow(); w.show(); assert w.open_database(sys.argv[1])
assert w.branches.rowCount() > 0; app.processEvents()
print(time.perf_counter() - t)
def read(fund, t):  # until 互助基金 shows what it read: the longest the window was held, all
    held = time.perf_counter() - t; last = time.perf_counter()
    while getattr(fund, "worker", None) is not None:  # read in the background
        app.processEvents(); now = time.perf_counter(); held = max(held, now - last); last = now
        time.sleep(0.005)
    return f"{held} {time.perf_counter() - t}"
if len(sys.argv) > 2:  # then the tabs built when first shown, until their figures are in
    t = time.perf_counter(); fund = w.tab("互助基金"); w.tabs.setCurrentWidget(fund)
    app.processEvents(); first = read(fund, t)
    t = time.perf_counter(); fund.refresh(); app.processEvents()
    print(first, read(fund, t))
    t = time.perf_counter(); report = w.tab("年度汇总"); report.year.setValue(int(sys.argv[2]))
    w.tabs.setCurrentWidget(report)
    while report.report is None and "未能" not in report.status.text():
        app.processEvents(); time.sleep(0.01)
    assert report.report is not None, report.status.text()
    print(time.perf_counter() - t, report.table.rowCount() - 1)
"""
class Programs:
    """The program's commands and its city window, run as new processes from compiled
    modules (as an installed program has them), whatever PYTHONDONTWRITEBYTECODE says: each
    measures a start, not a compilation of the project's sources."""

    def __init__(self) -> None:
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env["QT_QPA_PLATFORM"] = "offscreen"
        subprocess.run([sys.executable, "-m", "compileall", "-q", "app", "base", "db", "ui"],
                       cwd=ROOT, env=self.env, check=True, stdout=subprocess.DEVNULL)

    def command(self, *argv: str) -> Step:
        return child("from app.cli import run; run()", list(argv), self.env)

    def window(self, target: str) -> Step:
        """Build the city window, open the database, show the branches; its seconds are the
        ones the window process reports, from before Qt is loaded."""
        step = child(WINDOW, [target], self.env)
        step.seconds = float(step.result.split()[0])
        return step

    def later_tabs(self, target: str, year: int) -> tuple[list[float], float, int]:
        """互助基金 opened and read again: each time the longest the window was held and the
        seconds until it shows what it read; then the seconds until 年度汇总 shows the year's
        figures (worked out in the background), and the branches in it."""
        lines = child(WINDOW, [target, str(year)], self.env).result.split("\n")
        report = lines[2].split()
        return [float(v) for v in lines[1].split()], float(report[0]), int(report[1])


@dataclass
class Kit:
    """The city key and the branches' full packages sealed for it, kept in a folder."""

    folder: Path
    city: KeyPair
    demo_bytes: int  # the demo branch's own database
    records: int  # in each full package
    branches: list[tuple[str, KeyPair, Path]]

    def save(self) -> None:
        data = {"city": [self.city.sign_private.hex(), self.city.box_private.hex()],
                "demo_bytes": self.demo_bytes, "records": self.records,
                "branches": [[code, keys.sign_private.hex(), keys.box_private.hex(), path.name]
                             for code, keys, path in self.branches]}
        temporary = self.folder / (KIT + ".part")
        temporary.write_text(json.dumps(data, indent=1))
        temporary.replace(self.folder / KIT)

    @classmethod
    def load(cls, folder: Path) -> "Kit | None":
        path = folder / KIT
        if not path.exists():
            return None
        data = json.loads(path.read_text())

        def pair(sign: str, box: str) -> KeyPair:
            return KeyPair(bytes.fromhex(sign), bytes.fromhex(box))

        return cls(folder, pair(*data["city"]), data["demo_bytes"], data["records"],
                   [(code, pair(sign, box), folder / name)
                    for code, sign, box, name in data["branches"]])


def start_kit(folder: Path, demo: str | None) -> Kit:
    """The demo branch (built, or a copy of DEMO.db) exported in full for a new city key."""
    path = demo_path(folder, Path(demo) if demo else None)
    branch = Database.open(path)
    city = KeyPair.generate()
    with branch.session() as session:
        set_city_key(session, KeyFile("city", CITY_NAME, "", city.public))
    full = export_package(branch, folder / "demo-export", full=True)
    branch.close()
    full.path.replace(folder / "demo-full.bdsync")
    shutil.rmtree(folder / "demo-export")
    kit = Kit(folder, city, path.stat().st_size, full.record_count, [])
    kit.save()
    return kit


def make_packages(folder: Path, count: int, demo: str | None) -> Kit:
    """The full packages of `count` branches in `folder`: those an earlier run made are
    reused, the missing ones made (and noted as they are made)."""
    folder.mkdir(parents=True, exist_ok=True)
    kit = Kit.load(folder)
    if kit is None:
        kit = start_kit(folder, demo)
    elif demo:
        say(f"{folder} holds packages made before: reused, --demo not read")
    missing = count - len(kit.branches)
    if missing <= 0:
        say(f"{count} branch packages reused from {folder}")
        return kit
    records = verify_package(folder / "demo-full.bdsync", kit.city).contents.records

    def make() -> None:
        for index in range(len(kit.branches) + 1, count + 1):
            data, code, keys = branch_package(records, kit.city.public, index)
            path = folder / f"{code}-000001.bdsync"
            path.write_bytes(data)
            kit.branches.append((code, keys, path))
            if index % 20 == 0 or index == count:
                kit.save()

    step = timed(make)
    say(f"{missing} branch packages made in {step.seconds:.0f} s (peak memory "
        f"{step.peak_mib:.0f} MiB) into {folder}")
    return kit


def check_disk(work: Path, packages: Path, branches: int, to_make: int,
               postgres: bool) -> None:
    """Refuse to start when a disk cannot hold what the run writes."""
    needed = [(work, branches * CITY_BYTES_PER_BRANCH + SPARE_BYTES),
              (packages, to_make * PACKAGE_BYTES)]
    if postgres:  # the server's files, in the system's temporary folder
        needed.append((Path(tempfile.gettempdir()), branches * CITY_BYTES_PER_BRANCH))
    by_disk: dict[int, tuple[Path, float]] = {}
    for path, size in needed:
        while not path.exists():
            path = path.parent
        device = path.stat().st_dev
        by_disk[device] = (by_disk.get(device, (path, 0.0))[0],
                           by_disk.get(device, (path, 0.0))[1] + size)
    for path, size in by_disk.values():
        free = shutil.disk_usage(path).free
        say(f"disk of {path}: {free / 1e9:.1f} GB free, this run needs about "
            f"{size / 1e9:.1f} GB")
        if free < size:
            raise SystemExit(f"not enough disk space under {path}: {free / 1e9:.1f} GB free, "
                             f"about {size / 1e9:.1f} GB needed for {branches} branches")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--branches", type=int, default=40)
    parser.add_argument("--demo", help="a demo branch database built earlier (copied, not "
                        "changed)")
    parser.add_argument("--postgres", action="store_true",
                        help="the city on a throw-away PostgreSQL server")
    parser.add_argument("--year", type=int, default=TODAY.year - 1)
    parser.add_argument("--packages", type=Path,
                        help="keep the city key and the branch packages here and reuse them "
                        "(default: made afresh in the work folder)")
    parser.add_argument("--prepare", action="store_true",
                        help="only make the packages of --packages, measure nothing")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()),
                        help="where the run's folder (city database, stores) is made")
    parser.add_argument("--keep", action="store_true",
                        help="keep the run's folder (the city) at the end")
    args = parser.parse_args()
    if args.prepare and not args.packages:
        parser.error("--prepare needs --packages FOLDER")
    packages = args.packages.resolve() if args.packages else None
    kit = Kit.load(packages) if packages else None
    check_disk(args.work, packages or args.work, 0 if args.prepare else args.branches,
               max(args.branches - (len(kit.branches) if kit else 0), 0), args.postgres)
    if packages and args.prepare:
        make_packages(packages, args.branches, args.demo)
        return
    work = Path(tempfile.mkdtemp(prefix="bench-city-", dir=args.work))
    try:
        kit = make_packages(packages or work / "packages", args.branches, args.demo)
        if not args.postgres:
            run(args, kit, work, None)
            return
        from tests.sync.postgres import start_server

        server = start_server()
        try:
            run(args, kit, work, next(server))
        finally:
            server.close()
    finally:
        if args.keep:
            say(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, kit: Kit, work: Path, postgres: str | None) -> None:
    if postgres:
        os.environ["XDG_DATA_HOME"] = str(work / "data")  # the stores and files
    target = postgres or str(work / "city.db")
    branches = kit.branches[:args.branches]
    programs = Programs()
    city = CityDatabase.open(target)
    with city.session() as session:
        init_city(session, CITY_NAME, restore=kit.city)
        for code, keys, _path in branches:
            trust_branch(session, code, keys.public.key_id)
    total = kit.records * args.branches
    server = server_used(postgres)
    step = timed(lambda: import_packages(city, [path for _c, _k, path in branches]))
    assert all(r.ok for r in step.result), [r.error for r in step.result if not r.ok][:3]
    say(f"import of {args.branches} full packages: {total} records in {step.seconds:.0f} s = "
        f"{total / step.seconds:,.0f} records/s (CPU {step.cpu:.0f} s = "
        f"{total / step.cpu:,.0f} records per CPU second{server()}); peak memory "
        f"{step.peak_mib:.0f} MiB")

    stores = stores_folder(city.engine)
    if postgres:
        with city.engine.connect() as conn:
            database_bytes = conn.scalar(text("SELECT pg_database_size(current_database())"))
    else:
        database_bytes = sum(p.stat().st_size for p in work.glob("city.db*"))
    store_bytes = folder_size(stores)
    own = kit.demo_bytes * args.branches
    say(f"city database {database_bytes / 1e6:.0f} MB + typed stores "
        f"{store_bytes / 1e6:.0f} MB = {(database_bytes + store_bytes) / own:.2f}× the "
        f"branches' own databases ({args.branches} × {kit.demo_bytes / 1e6:.1f} MB)")
    city.close()

    report = ("--db", target, "city", "report", "--year", str(args.year), "--json")
    for label, argv in ((f"city report --year {args.year} --json", report),
                        ("city report again", report),
                        ("city branches --json", ("--db", target, "city", "branches", "--json"))):
        step = programs.command(*argv)
        say(f"{label}: {step.seconds:.2f} s (whole command; CPU {step.cpu:.2f} s; peak memory "
            f"{step.peak_mib:.0f} MiB)")
    opened = sorted((programs.window(target) for _ in range(3)), key=lambda s: s.seconds)
    say(f"city window open, {args.branches} branches shown: {opened[1].seconds:.2f} s (median "
        f"of {', '.join(f'{s.seconds:.2f}' for s in opened)}; CPU {opened[1].cpu:.2f} s with "
        f"the process's start and end; peak memory {opened[1].peak_mib:.0f} MiB)")
    fund, report, shown = programs.later_tabs(target, args.year)
    say(f"then 互助基金 opened: shown read in {fund[1]:.2f} s, the window held at most "
        f"{fund[0]:.2f} s; read again: {fund[3]:.2f} s, held at most {fund[2]:.2f} s; "
        f"年度汇总 {args.year} with its {shown} branches in {report:.2f} s (worked out in the "
        "background)")
    quarters(args.branches, kit, branches, target, work, postgres)


def quarter_packages(kit: Kit, branches: list[tuple[str, KeyPair, Path]],
                     pick: Callable[[dict], dict[str, list[dict]]], folder: Path, seq: int,
                     previous: dict[str, str]) -> tuple[list[Path], int]:
    """Each branch's package number `seq` with the records `pick` chooses from its full
    package, chained to its `previous` one; the paths and the number of records."""
    folder.mkdir()
    paths, sent = [], 0
    for code, keys, path in branches:
        chosen = pick(verify_package(path, kit.city).contents.records)
        sent += sum(len(rows) for rows in chosen.values())
        quarter = folder / f"{code}-{seq:06d}.bdsync"
        quarter.write_bytes(quarter_package(chosen, keys, code, seq, previous[code],
                                            kit.city.public))
        previous[code] = hashlib.sha256(quarter.read_bytes()).hexdigest()
        paths.append(quarter)
    return paths, sent


def quarters(count: int, kit: Kit, branches: list[tuple[str, KeyPair, Path]], target: str,
             work: Path, postgres: str | None) -> None:
    rng = random.Random(7)
    city = CityDatabase.open(target)
    previous = {code: hashlib.sha256(path.read_bytes()).hexdigest()
                for code, _k, path in branches}
    since = (TODAY - dt.timedelta(days=91)).isoformat()
    for seq, (label, pick) in enumerate((
            (f"{QUARTER_RECORDS} records spread over ten years",
             lambda mine: spread_quarter(mine, rng)),
            (f"the records of the last three months (from {since})",
             lambda mine: recent_quarter(mine, since))), start=2):
        made = timed(partial(quarter_packages, kit, branches, pick, work / f"quarter-{seq}",
                             seq, previous))
        qpaths, sent = made.result
        say(f"{count} quarter packages made in {made.seconds:.0f} s (not part of the import)")
        server = server_used(postgres)
        step = timed(partial(import_packages, city, qpaths))
        assert all(r.ok and r.outcomes["updated"] > 0 and not r.issues for r in step.result), \
            [(r.error, r.outcomes) for r in step.result[:2]]
        say(f"a quarter, {label}: {count} incremental packages, {sent} records, imported in "
            f"{step.seconds:.1f} s (CPU {step.cpu:.1f} s{server()}; peak memory "
            f"{step.peak_mib:.0f} MiB)")
    city.close()


if __name__ == "__main__":
    main()
