"""Peak memory of a full export with many attachments, and of the city's import and restore
package (分卷: a transfer larger than one volume is split into several files).

    .venv/bin/python bench/sync_volumes.py [--mb 600] [--photo-mb 4]

Makes a branch with meetings whose photos are random bytes (`--mb` in all, `--photo-mb`
each) in a temporary folder, then runs each step in a fresh child process and reports its
peak resident memory (ru_maxrss), its time and the files it wrote.
"""

import argparse
import datetime as dt
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STEPS = ("baseline", "export", "import", "restore-package")


def setup(folder: Path, total_mb: int, photo_mb: int) -> None:
    from app.city.keys import init_city, trust_branch
    from app.files import attachment_path
    from app.profile import ProfileInput, save_profile
    from app.sync.identity import branch_keys, set_city_key
    from app.sync.keys import KeyFile
    from db.city.database import CityDatabase
    from db.database import Database
    from db.models import Attachment, Meeting

    city = CityDatabase.open(folder / "city.db")
    with city.session() as session:
        public = init_city(session, "工委").public
    branch = Database.open(folder / "branch.db")
    branch.actor = "bench"
    with branch.session() as session:
        save_profile(session, ProfileInput(name="中共测试单位党支部", code="BENCH-01",
                                           groups=["第一党小组"]))
        set_city_key(session, KeyFile("city", "工委", "", public))
        key_id = branch_keys(session).public.key_id
    with city.session() as session:
        trust_branch(session, "BENCH-01", key_id)
    photos = total_mb // photo_mb
    with branch.session() as session:
        for index in range(photos):
            if index % 4 == 0:
                meeting = Meeting(title=f"支部党员大会 {index // 4 + 1}",
                                  date=dt.date(2020, 1, 1) + dt.timedelta(days=index * 7))
                session.add(meeting)
                session.flush()
            data = os.urandom(photo_mb * 1024 * 1024)
            digest = hashlib.sha256(data).hexdigest()
            path = attachment_path(branch.path, digest)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            session.add(Attachment(meeting_id=meeting.id, sha256=digest,
                                   filename=f"合影{index}.jpg", size=len(data)))
    branch.close()
    city.close()
    print(f"branch with {photos} photos of {photo_mb} MB ({photos * photo_mb} MB)")


def run_step(step: str, folder: Path) -> str:
    """One step in this (fresh) process; returns what it wrote."""
    from app.sync.format import PACKAGE_SUFFIX

    if step == "baseline":
        import app.city.importer
        import app.sync.export  # noqa: F401
        return "imports only"
    if step == "export":
        from app.sync.export import export_package
        from db.database import Database

        database = Database.open(folder / "branch.db")
        result = export_package(database, folder / "stick", full=True)
        return f"{len(result.paths)} files, {result.size / 2**20:.0f} MiB"
    from db.city.database import CityDatabase

    city = CityDatabase.open(folder / "city.db")
    if step == "import":
        from app.city.importer import import_packages

        results = import_packages(city, sorted((folder / "stick").glob(f"*{PACKAGE_SUFFIX}")))
        assert all(r.ok for r in results), [r.error for r in results]
        return f"{len(results)} files, {sum(r.attachments for r in results)} attachments"
    from app.city.restore import restore_package

    (folder / "restore").mkdir(exist_ok=True)
    with city.session() as session:
        paths = restore_package(session, "BENCH-01", folder / "restore")
    return f"{len(paths)} files, {sum(p.stat().st_size for p in paths) / 2**20:.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=600)
    parser.add_argument("--photo-mb", type=int, default=4)
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        wrote = run_step(args.step, Path(args.folder))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{wrote}; peak RSS {peak:.0f} MiB")
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-volumes-"))
    try:
        setup(folder, args.mb, args.photo_mb)
        for step in STEPS:
            start = time.perf_counter()
            out = subprocess.run([sys.executable, __file__, "--step", step, "--folder",
                                  str(folder)], check=True, capture_output=True, text=True)
            seconds = time.perf_counter() - start
            print(f"{step}: {out.stdout.strip()}; {seconds:.1f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
