"""The city fund on a city of many branches: an application's details, and the booking
after an upgrade.

    nice -n 19 .venv/bin/python bench/fund_details.py CITY.db [--booking]

CITY.db is a city built earlier, e.g. kept by `bench/city_scale.py --branches 20 --keep`.
Measures what selecting an application in 互助基金 → 补助申请 reads (`application_details`:
its steps, proofs and review) for every application of the city: the first one (what is set
up once in a program run), then the median and the longest of the others.
With `--booking` (SQLite only; this changes the city: use a kept bench city) the branches'
booked remittances and reversals are removed and the city marked as migration 0004 marks an
upgraded one; then `book_remittances` books them again, timed, with the longest time between
two progress steps (how long 取消 waits at most).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, func, select, text  # noqa: E402

from app.city import fund  # noqa: E402
from app.city.fund_details import application_details  # noqa: E402
from app.progress import Progress  # noqa: E402
from db.city.database import CityDatabase  # noqa: E402
from db.city.fund import CityFundEntry, CityFundSetting  # noqa: E402
from db.city.models import CityBranch, CityRecord  # noqa: E402

ACTOR = "工委会计"


def details(city: CityDatabase) -> None:
    with city.session() as session:
        branches = session.scalar(select(func.count()).select_from(CityBranch))
        steps = session.scalar(select(func.count()).where(CityRecord.table_name == "aid_step"))
        found = fund.applications(session)
    seconds = []
    for application in found:
        with city.session() as session:
            start = time.perf_counter()
            application_details(session, application.id)
            seconds.append(time.perf_counter() - start)
    first, rest = seconds[0], seconds[1:]
    print(f"{branches} branches, {len(found)} applications, {steps} steps: an application's "
          f"details in {statistics.median(rest) * 1000:.1f} ms (median), "
          f"{max(rest) * 1000:.1f} ms at most; the first one {first * 1000:.1f} ms")


def booking(city: CityDatabase) -> None:
    with city.session() as session:
        # The ledger refuses deletions (a trigger): set aside for this throw-away city only.
        guard = session.scalar(text("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                    "AND name = 'city_fund_entry_no_delete'"))
        session.execute(text("DROP TRIGGER city_fund_entry_no_delete"))
        branch_entries = CityFundEntry.kind.in_(
            [fund.CityEntryKind.BRANCH_REMITTANCE, fund.CityEntryKind.REVERSAL])
        session.execute(delete(CityFundEntry).where(branch_entries,
                                                    CityFundEntry.reverses_id.is_not(None)))
        session.execute(delete(CityFundEntry).where(branch_entries))
        session.execute(text(guard))
        session.add(CityFundSetting(key=fund.TO_BOOK, value=True))
    gaps: list[float] = []
    last = [time.perf_counter()]

    def stepped(_done: int, _total: int, _label: str) -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    start, cpu = time.perf_counter(), time.process_time()
    with city.session() as session:
        fund.book_remittances(session, ACTOR, progress=Progress(stepped))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    with city.session() as session:
        booked = session.scalar(select(func.count()).where(
            CityFundEntry.kind == fund.CityEntryKind.BRANCH_REMITTANCE))
    print(f"the booking after an upgrade: {booked} remittances in {seconds:.2f} s (CPU "
          f"{cpu:.2f} s); at most {max(gaps):.2f} s between two progress steps")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("city", type=Path)
    parser.add_argument("--booking", action="store_true")
    args = parser.parse_args()
    with CityDatabase.open(args.city) as city:
        details(city)
        if args.booking:
            booking(city)


if __name__ == "__main__":
    main()
