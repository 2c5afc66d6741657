"""Three years of USB sync with the city: a package every quarter, the city's return files.

Everything goes through the real code: the city's public key file is imported, each quarter's
package is exported, verified and imported by a city database (a temporary one, or the city
demo's), which writes its signed return file, and the branch applies it. The latest package is
still waiting for its return file, and what the branch recorded since is waiting to go.

The city key pair is the demo city's (`demo_city_keys`), derived from a fixed text, so every
demo branch, whatever its seed, exports for the same demo city; it is public and only for
demos. The branch's own key pair comes from the seed.

The other steps have already written ten years at once; to export them quarter by quarter,
records not yet "entered" are held back meanwhile by marking their current version as exported.
A record's day is its first date among `DAY_COLUMNS`, else its parent's (a 议题 goes with its
meeting); a record without one goes in the first package. The real code stamps the time of
the run; the demo moves those stamps to the simulated days.
"""

import datetime as dt
import hashlib
import random
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from app.city.importer import import_packages
from app.city.keys import city_public_key_file, init_city, trust_branch
from app.city.returns import queue_message, write_return
from app.sync.export import export_in
from app.sync.identity import branch_code, branch_keys, import_city_key
from app.sync.keys import KeyPair
from app.sync.receive import apply_return
from app.sync.records import synced_tables
from db.city.database import CityDatabase
from db.city.models import CityBranch, CityPackage, CityReturn
from db.models import SyncExport, SyncExported, SyncIdentity, SyncInbox, SyncReturn

DEMO_CITY_NAME = "中共市直属机关工作委员会"
SYNC_YEARS = 3
DAY_COLUMNS = ("date", "paid_on", "month", "applied_on", "assessed_on", "approved_on",
               "join_date")
#: Notices the city sends down with the return file of the quarter that starts in that month.
NOTICES = {
    1: ("关于做好{year}年度党费收缴和使用情况报告工作的通知",
        "请各支部于2月底前核对上年度党费收缴台账，随下一次数据包报送。"),
    7: ("关于做好{year}年“七一”走访慰问老党员和困难党员工作的通知",
        "请各支部摸清老党员、困难党员情况，做好走访慰问并及时登记。"),
}

Days = dict[str, dict[str, tuple[int, dt.date | None]]]  # table -> id -> (version, day)
Held = dict[str, dict[str, dt.date]]  # table -> id -> day


def demo_city_keys() -> KeyPair:
    """The demo city's key pair: the same for every demo, and never for real use."""
    def part(name: str) -> bytes:
        return hashlib.sha256(f"BranchDesk demo city key: {name}".encode()).digest()
    return KeyPair(part("sign"), part("box"))


def init_demo_city(session: Session) -> None:
    init_city(session, DEMO_CITY_NAME, restore=demo_city_keys())


@contextmanager
def demo_city(folder: Path) -> Iterator[CityDatabase]:
    """A city database in `folder` holding the demo city's keys."""
    database = CityDatabase.open(folder / "city.db")
    try:
        with database.session() as session:
            init_demo_city(session)
        yield database
    finally:
        database.close()


def populate(session: Session, rng: random.Random, today: dt.date,
             city: CityDatabase | None = None) -> None:
    """Sync the branch with `city`, or with a temporary demo city that is thrown away."""
    with tempfile.TemporaryDirectory(prefix="branchdesk-demo-") as temp:
        folder = Path(temp)
        if city is None:
            with demo_city(folder) as temporary:
                _sync(session, rng, today, temporary, folder)
        else:
            _sync(session, rng, today, city, folder)


def export_days(rng: random.Random, today: dt.date) -> list[dt.date]:
    """Early in each quarter of the last three years, for the quarter just ended."""
    days = []
    for year in range(today.year - SYNC_YEARS + 1, today.year + 1):
        for month in (1, 4, 7, 10):
            day = dt.date(year, month, rng.randint(6, 16))
            if day < today:
                days.append(day)
    return days


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.randrange(60))).astimezone()


def _sync(session: Session, rng: random.Random, today: dt.date, city: CityDatabase,
          folder: Path) -> None:
    session.add(SyncIdentity(id=1, sign_private=rng.randbytes(32),
                             box_private=rng.randbytes(32)))
    session.flush()
    key_file = folder / "city.bdkey"
    with city.session() as city_session:
        key_file.write_bytes(city_public_key_file(city_session))
    import_city_key(session, key_file)
    code, name = branch_code(session)
    with city.session() as city_session:  # the fingerprint was compared on the phone
        trust_branch(city_session, code, branch_keys(session).public.key_id, name)
    schedule = export_days(rng, today)
    held = _hold(session, _record_days(session), schedule[0])
    stick = folder / "stick"
    stick.mkdir()
    database_path = Path(str(session.get_bind().engine.url.database))
    for number, day in enumerate(schedule):
        _release(session, held, day)
        exported = export_in(session, database_path, stick)
        session.get_one(SyncExport, exported.seq).created_at = _at(day, rng)
        imported_on = min(day + dt.timedelta(days=rng.randint(1, 3)), today)
        _city_import(city, exported.path, code, _at(imported_on, rng))
        with city.session() as city_session:
            notice = NOTICES.get(day.month)
            if notice:
                title, text = notice
                year = day.year - 1 if day.month == 1 else day.year
                queue_message(city_session, code, "notice",
                              {"title": title.format(year=year), "text": text})
            returned = write_return(city_session, code, stick)
            city_session.execute(update(CityReturn).where(CityReturn.file_name == returned.name)
                                 .values(created_at=_at(imported_on, rng)))
        received_on = imported_on + dt.timedelta(days=rng.randint(3, 10))
        if number < len(schedule) - 1 and received_on < today:
            _receive(session, returned, _at(received_on, rng))
    _release(session, held, None)


def _record_days(session: Session) -> Days:
    days: Days = {}
    for table in synced_tables():
        columns = [table.c[name] for name in DAY_COLUMNS if name in table.c]
        parent = next(((column, fk.column.table.name) for column in table.columns
                       for fk in column.foreign_keys if fk.column.table.name in days), None)
        if columns:
            day = func.coalesce(*columns) if len(columns) > 1 else columns[0]
            rows = session.execute(select(table.c.id, table.c.version, day))
            days[table.name] = {i: (v, d) for i, v, d in rows}
        elif parent is not None:
            column, parent_table = parent
            parents = days[parent_table]
            rows = session.execute(select(table.c.id, table.c.version, column))
            days[table.name] = {i: (v, parents.get(p, (0, None))[1]) for i, v, p in rows}
        else:
            versions = session.execute(select(table.c.id, table.c.version))
            days[table.name] = {i: (v, None) for i, v in versions}
    return days


def _hold(session: Session, days: Days, first: dt.date) -> Held:
    """Mark what is entered after the first export as already exported, for now."""
    later = [(table, record_id, version, day) for table, records in days.items()
             for record_id, (version, day) in records.items() if day is not None and day > first]
    if later:
        session.execute(insert(SyncExported), [
            {"table_name": table, "record_id": record_id, "version": version}
            for table, record_id, version, _day in later])
    held: Held = {table: {} for table in days}
    for table, record_id, _version, day in later:
        held[table][record_id] = day
    return held


def _release(session: Session, held: Held, until: dt.date | None) -> None:
    """Let the held-back records entered by `until` (all when None) go with the next package."""
    for table, records in held.items():
        ids = [i for i, day in records.items() if until is None or day <= until]
        for start in range(0, len(ids), 500):
            session.execute(delete(SyncExported).where(
                SyncExported.table_name == table,
                SyncExported.record_id.in_(ids[start:start + 500])))
        for record_id in ids:
            del records[record_id]


def _city_import(city: CityDatabase, path: Path, code: str, at: dt.datetime) -> None:
    (result,) = import_packages(city, [path])
    if not result.ok:
        raise RuntimeError(f"演示数据包未能导入：{result.error}")
    with city.session() as session:
        package = session.scalars(select(CityPackage).where(
            CityPackage.branch_code == code, CityPackage.file_name == path.name)).one()
        package.imported_at = package.created_at = at
        branch = session.get(CityBranch, code)
        assert branch is not None
        branch.last_import_at = at


def _receive(session: Session, path: Path, at: dt.datetime) -> None:
    result = apply_return(session, path.read_bytes())
    session.execute(update(SyncExport).where(SyncExport.seq.in_(result.acknowledged))
                    .values(acknowledged_at=at))
    session.execute(update(SyncReturn).where(SyncReturn.seq == result.return_seq)
                    .values(received_at=at))
    session.execute(update(SyncInbox).where(SyncInbox.read_at.is_(None))
                    .values(received_at=at, read_at=at + dt.timedelta(hours=1)))
