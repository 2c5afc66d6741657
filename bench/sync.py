"""Sync on the ten-year demo branch: full and incremental export, and a city import of many
branches' packages into SQLite.

    .venv/bin/python bench/sync.py [--branches 300] [--runs 3]

Builds the demo branch ("today" 2026-11-25) in a temporary folder, then measures (medians):
a full export; an incremental export after 10 changes; and the import of one package per
branch for N branches made from the demo's records (ids renamed per branch, each branch with
its own keys), into a fresh SQLite city database, in records per second.
"""

import argparse
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from app.city.importer import import_packages, verify_package  # noqa: E402
from app.city.keys import city_keys, init_city, trust_branch  # noqa: E402
from app.demo import build_demo  # noqa: E402
from app.sync import envelope, package  # noqa: E402
from app.sync.export import export_package  # noqa: E402
from app.sync.identity import set_city_key  # noqa: E402
from app.sync.keys import KeyFile, KeyPair, b64  # noqa: E402
from bench.measure import TODAY  # noqa: E402
from db.city.database import CityDatabase  # noqa: E402
from db.database import Database  # noqa: E402
from db.models import DuesPayment, Member  # noqa: E402


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def make_change(database: Database, round_no: int) -> None:
    """Ten changes: five members' phone numbers and five dues payments' notes."""
    with database.session() as session:
        for i, member in enumerate(session.scalars(select(Member).limit(5))):
            member.phone = f"139{round_no:04d}{i:04d}"
        for payment in session.scalars(select(DuesPayment).limit(5)):
            payment.notes = f"核对 {round_no}"


def branch_package(records: dict, city_public, index: int) -> tuple[bytes, str, KeyPair]:
    """The demo's records as branch number `index`: every id renamed, its own keys."""
    code = f"B{index:03d}"
    keys = KeyPair.generate()
    ids = {r["id"] for rows in records.values() for r in rows}
    rename = {old: str(uuid.uuid5(uuid.NAMESPACE_URL, f"{code}/{old}")) for old in ids}
    renamed = {table: [{k: rename.get(v, v) if isinstance(v, str) else v for k, v in r.items()}
                       for r in rows] for table, rows in records.items()}
    manifest = {
        "format": "1.0", "kind": "package", "package_id": str(uuid.uuid4()),
        "export": "full", "branch": {"code": code, "name": f"第{index}党支部",
                                     "key_id": keys.public.key_id,
                                     "box_key": b64(keys.public.box)},
        "city_key_id": city_public.key_id, "sequence": 1, "previous_sha256": None,
        "created_at": "2026-11-25T08:00:00Z", "app_version": "bench",
        "schema_version": [], "delivered_messages": [], "missing_attachments": [],
    }
    data = envelope.seal(package.build(manifest, renamed, {}), "package", keys, city_public)
    return data, code, keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--branches", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    branch = Database.open(folder / "demo.db")
    seconds, _ = timed(lambda: build_demo(branch, today=TODAY, seed=7))
    print(f"demo branch built in {seconds:.1f} s")
    city = CityDatabase.open(folder / "city.db")
    with city.session() as session:
        public = init_city(session, "工委").public
    with branch.session() as session:
        set_city_key(session, KeyFile("city", "工委", "", public))

    full_times, incremental_times = [], []
    for run in range(args.runs):
        seconds, full = timed(lambda: export_package(branch, folder / "stick", full=True))
        full_times.append(seconds)
        make_change(branch, run)
        seconds, incremental = timed(lambda: export_package(branch, folder / "stick"))
        incremental_times.append(seconds)
    full_s, inc_s = statistics.median(full_times), statistics.median(incremental_times)
    print(f"full export: {full.record_count} records, {full.size / 1e6:.2f} MB, "
          f"{full_s * 1000:.0f} ms (median of {args.runs})")
    print(f"incremental export of 10 changes: {incremental.record_count} records, "
          f"{incremental.size} bytes, {inc_s * 1000:.0f} ms = {inc_s / full_s:.1%} of the full")

    with city.session() as session:
        records = verify_package(full.path, city_keys(session)).contents.records
    stick = folder / "branches"
    stick.mkdir()
    start = time.perf_counter()
    paths = []
    with city.session() as session:
        for index in range(1, args.branches + 1):
            data, code, keys = branch_package(records, public, index)
            path = stick / f"{code}-000001.bdsync"
            path.write_bytes(data)
            paths.append(path)
            trust_branch(session, code, keys.public.key_id)
    made = time.perf_counter() - start
    total = full.record_count * args.branches
    size = sum(p.stat().st_size for p in paths)
    print(f"made {args.branches} packages ({size / 1e6:.0f} MB) in {made:.0f} s")
    seconds, results = timed(lambda: import_packages(city, paths))
    assert all(r.ok for r in results), [r.error for r in results if not r.ok][:3]
    imported = sum(r.outcomes["new"] for r in results)
    assert imported == total, (imported, total)
    print(f"city import of {args.branches} packages: {total} records in {seconds:.0f} s = "
          f"{total / seconds:,.0f} records/s; city.db "
          f"{(folder / 'city.db').stat().st_size / 1e6:.0f} MB")
    digest = hashlib.sha256(paths[0].read_bytes()).hexdigest()[:12]
    seconds, again = timed(lambda: import_packages(city, paths[:10]))
    assert all(r.chain == "重复" for r in again)
    print(f"re-import of 10 packages (changes nothing): {seconds:.1f} s  [{digest}]")
    city.close()
    branch.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
