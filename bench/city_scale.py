"""A city of N copies of the ten-year demo branch: import, size, report, window, a quarter.

    nice -n 19 .venv/bin/python bench/city_scale.py [--branches 40] [--demo DEMO.db]
        [--postgres] [--year 2025]

Builds the demo branch once (or copies DEMO.db), exports it in full, and clones that package
N times with fresh keys and ids (bench/sync.py's `branch_package`). Then measures:

- the city import of the N full packages (records/s; peak memory of the process);
- the city database and its typed stores against N times the branch's own database;
- `branchdesk city report --year Y --json` and `city branches --json` as whole commands;
- the city window (offscreen): built, opened and showing the list of branches;
- a quarter, twice: one incremental package per branch imported in one batch, first with 600
  of its records picked at random over all ten years (each in a new version: the worst case
  for the kept figures), then with the records of its last three months (a real quarter).

With `--postgres` the city database is on a throw-away PostgreSQL server, the one the tests
start (tests/sync/postgres.py, fsync off); its stores and files go to a temporary folder.
"""

import argparse
import datetime as dt
import hashlib
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from app.city.importer import import_packages, verify_package  # noqa: E402
from app.city.keys import city_keys, init_city, trust_branch  # noqa: E402
from app.city.store import stores_folder  # noqa: E402
from app.demo import build_demo  # noqa: E402
from app.sync import envelope, package  # noqa: E402
from app.sync.export import export_package  # noqa: E402
from app.sync.identity import set_city_key  # noqa: E402
from app.sync.keys import KeyFile, KeyPair, b64  # noqa: E402
from bench.measure import TODAY  # noqa: E402
from bench.sync import branch_package  # noqa: E402
from db.city.database import CityDatabase  # noqa: E402
from db.database import Database  # noqa: E402

PROGRAM = [sys.executable, "-c", "from app.cli import run; run()"]
QUARTER_RECORDS = 600


def timed(action):  # type: ignore[no-untyped-def]
    """Wall time and result; the CPU time of this process and its children goes to CPU."""
    start, cpu = time.perf_counter(), _cpu()
    result = action()
    CPU.append(_cpu() - cpu)
    return time.perf_counter() - start, result


#: The CPU time of each `timed` step, last one last: on a shared machine the steadier figure.
CPU: list[float] = []


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def demo_branch(folder: Path, given: str | None) -> Database:
    path = folder / "demo.db"
    if given:
        shutil.copyfile(given, path)
        return Database.open(path)
    database = Database.open(path)
    seconds, _ = timed(lambda: build_demo(database, today=TODAY, seed=7))
    print(f"demo branch built in {seconds:.0f} s")
    return database


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
                    city_public) -> bytes:  # type: ignore[no-untyped-def]
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


def command(*argv: str) -> float:
    seconds, _ = timed(lambda: subprocess.run([*PROGRAM, *argv], check=True,
                                              stdout=subprocess.DEVNULL))
    return seconds


def window_open(target: str) -> float:
    """A fresh process: build the city window, open the database, show the branches (the
    time it reports, from before Qt is loaded)."""
    script = (
        "import sys, time; t = time.perf_counter()\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from ui.city.window import CityWindow\n"
        "w = CityWindow(); w.show(); assert w.open_database(sys.argv[1])\n"
        "assert w.branches.rowCount() > 0; app.processEvents()\n"
        "print(time.perf_counter() - t)\n")
    _seconds, done = timed(lambda: subprocess.run(
        [sys.executable, "-c", script, target], check=True, text=True, capture_output=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}))
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--branches", type=int, default=40)
    parser.add_argument("--demo", help="a demo branch database built earlier")
    parser.add_argument("--postgres", action="store_true",
                        help="the city on a throw-away PostgreSQL server")
    parser.add_argument("--year", type=int, default=TODAY.year - 1)
    args = parser.parse_args()
    if not args.postgres:
        run(args, None)
        return
    from tests.sync.postgres import start_server

    server = start_server()
    try:
        run(args, next(server))
    finally:
        server.close()


def run(args: argparse.Namespace, postgres: str | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-city-"))
    if postgres:
        os.environ["XDG_DATA_HOME"] = str(folder / "data")  # the stores and files
    target = postgres or str(folder / "city.db")
    branch = demo_branch(folder, args.demo)
    city = CityDatabase.open(target)
    with city.session() as session:
        public = init_city(session, "工委").public
    with branch.session() as session:
        set_city_key(session, KeyFile("city", "工委", "", public))
    full = export_package(branch, folder / "stick", full=True)
    branch.close()
    branch_bytes = (folder / "demo.db").stat().st_size
    with city.session() as session:
        records = verify_package(full.path, city_keys(session)).contents.records

    stick = folder / "branches"
    stick.mkdir()
    made: list[tuple[str, KeyPair, str]] = []
    paths = []
    with city.session() as session:
        for index in range(1, args.branches + 1):
            data, code, keys = branch_package(records, public, index)
            path = stick / f"{code}-000001.bdsync"
            path.write_bytes(data)
            paths.append(path)
            trust_branch(session, code, keys.public.key_id)
            made.append((code, keys, path))
    total = full.record_count * args.branches
    seconds, results = timed(lambda: import_packages(city, paths))
    assert all(r.ok for r in results), [r.error for r in results if not r.ok][:3]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"import of {args.branches} full packages: {total} records in {seconds:.0f} s = "
          f"{total / seconds:,.0f} records/s (CPU {CPU[-1]:.0f} s = {total / CPU[-1]:,.0f} "
          f"records per CPU second); peak memory {peak:.0f} MiB; load average "
          f"{os.getloadavg()[0]:.1f}")

    stores = stores_folder(city.engine)
    if postgres:
        with city.engine.connect() as conn:
            database_bytes = conn.scalar(text("SELECT pg_database_size(current_database())"))
    else:
        database_bytes = sum(p.stat().st_size for p in folder.glob("city.db*"))
    store_bytes = folder_size(stores)
    own = branch_bytes * args.branches
    print(f"city database {database_bytes / 1e6:.0f} MB + typed stores "
          f"{store_bytes / 1e6:.0f} MB = {(database_bytes + store_bytes) / own:.2f}× the "
          f"branches' own databases ({args.branches} × {branch_bytes / 1e6:.1f} MB)")
    city.close()

    report = ("--db", target, "city", "report", "--year", str(args.year), "--json")
    for label, argv in ((f"city report --year {args.year} --json", report),
                        ("city report again", report),
                        ("city branches --json", ("--db", target, "city", "branches", "--json"))):
        seconds = command(*argv)
        print(f"{label}: {seconds:.2f} s (whole command; CPU {CPU[-1]:.2f} s)")
    seconds = window_open(target)
    print(f"city window open, branches shown: {seconds:.2f} s (CPU {CPU[-1]:.2f} s)")

    rng = random.Random(7)
    city = CityDatabase.open(target)
    previous = {code: hashlib.sha256(path.read_bytes()).hexdigest() for code, _k, path in made}
    since = (TODAY - dt.timedelta(days=91)).isoformat()
    for seq, (label, pick) in enumerate((
            (f"{QUARTER_RECORDS} records spread over ten years",
             lambda mine: spread_quarter(mine, rng)),
            (f"the records of the last three months (from {since})",
             lambda mine: recent_quarter(mine, since))), start=2):
        quarter = folder / f"quarter-{seq}"
        quarter.mkdir()
        qpaths, sent = [], 0
        for code, keys, path in made:
            with city.session() as session:
                mine = verify_package(path, city_keys(session)).contents.records
            chosen = pick(mine)
            sent += sum(len(rows) for rows in chosen.values())
            qpath = quarter / f"{code}-{seq:06d}.bdsync"
            qpath.write_bytes(quarter_package(chosen, keys, code, seq, previous[code], public))
            previous[code] = hashlib.sha256(qpath.read_bytes()).hexdigest()
            qpaths.append(qpath)
        seconds, results = timed(lambda: import_packages(city, qpaths))  # noqa: B023
        assert all(r.ok and r.outcomes["updated"] > 0 and not r.issues for r in results), \
            [(r.error, r.outcomes) for r in results[:2]]
        print(f"a quarter, {label}: {args.branches} incremental packages, {sent} records, "
              f"imported in {seconds:.1f} s (CPU {CPU[-1]:.1f} s); load average "
              f"{os.getloadavg()[0]:.1f}")
    city.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
