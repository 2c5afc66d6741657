"""The city import's quick ways give what the general ones give: the typed store's rows
(`app.city.store_rows`) hold what decoding every field and inserting through SQLAlchemy
holds, and a branch's first package, written without classifying its records, leaves the
city as classifying each record would."""

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from app.city import importer
from app.city.keys import init_city
from app.city.store import BranchStore, _write, store_tables, stores_folder
from app.sync.export import export_package
from app.sync.records import decode_record, row_to_record
from db.city.database import CityDatabase
from db.city.models import CityRecord, CitySummary
from db.database import Database
from db.models import DuesPayment, FundEntry, Meeting, Member
from tests.sync.conftest import always, connect


def _records(branch: Database) -> dict[str, list[dict[str, Any]]]:
    with branch.engine.connect() as conn:
        return {table.name: [row_to_record(row) for row in conn.execute(select(table))]
                for table in store_tables()}


def _through_sqlalchemy(store: BranchStore, records: dict[str, list[dict[str, Any]]]) -> None:
    """The reference: every field decoded, every row inserted by SQLAlchemy itself."""
    with store.session() as session:
        for table in store_tables():
            rows = []
            for record in records.get(table.name, []):
                try:
                    rows.append(decode_record(table, record)[0])
                except ValueError:
                    continue
            for row in rows:
                session.execute(insert(table), [row])
        session.commit()


def _stored(store: BranchStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table as SQLite keeps it, with the types of the values."""
    with store.engine.connect() as conn:
        return {table.name: sorted(
                    tuple((value, type(value).__name__) for value in row)
                    for row in conn.exec_driver_sql(f'SELECT * FROM "{table.name}"'))
                for table in store_tables()}


def _both(tmp_path: Path, records: dict[str, list[dict[str, Any]]]
          ) -> tuple[dict[str, Any], dict[str, Any]]:
    with BranchStore(tmp_path / "fast", "B") as fast, BranchStore(tmp_path / "slow", "B") as slow:
        with fast.session() as session:
            _write(session, records, replace_all=True)
            session.commit()
        _through_sqlalchemy(slow, records)
        return _stored(fast), _stored(slow)


def test_the_demo_branch_is_stored_as_sqlalchemy_stores_it(demo_database: Database,
                                                           tmp_path: Path) -> None:
    records = _records(demo_database)
    fast, slow = _both(tmp_path, records)
    assert fast == slow
    assert sum(map(len, fast.values())) == sum(map(len, records.values())) > 20_000
    with BranchStore(tmp_path / "fast", "B") as store, store.session() as session:
        # read back through the ORM: money in 元, aware timestamps, dates
        entry = session.scalars(select(FundEntry).limit(1)).one()
        assert entry.amount is not None and entry.created_at.tzinfo is not None
        assert session.scalars(select(Meeting)).first() is not None


def test_odd_values_are_converted_or_left_out_as_before(demo_database: Database,
                                                        tmp_path: Path) -> None:
    records = _records(demo_database)
    member = records["member"][0]
    payment = records["dues_payment"][0]
    odd = {
        "member": [
            {**member, "id": "m-naive", "created_at": "2026-03-01T08:00:00"},
            {**member, "id": "m-offset", "created_at": "2026-03-01T08:00:00.250+08:00"},
            {**member, "id": "m-basic-date", "birth_date": "19700102"},
            {**member, "id": "m-bad-date", "birth_date": "1970-02-30"},
            {**member, "id": "m-number-name", "name": 7},
            {**member, "id": "m-text-version", "version": "2"},
            {**member, "id": "m-bool-version", "version": True},
            {**member, "id": "m-no-name", "name": None},
            {**member, "id": "m-newer-field", "hobby": "书法"},
            {k: v for k, v in {**member, "id": "m-older"}.items() if k != "phone"},
        ],
        "dues_payment": [
            {**payment, "id": "p-cents", "amount": "12.5"},
            {**payment, "id": "p-words", "amount": "十二元"},
            {**payment, "id": "p-infinite", "amount": "Infinity"},
            {**payment, "id": "p-number", "amount": 12},
        ],
    }
    for number, row in enumerate(odd["member"]):
        row["id_number"] = f"11010119700101{number:04d}"  # unique in the table
    fast, slow = _both(tmp_path, odd)
    assert fast == slow
    with BranchStore(tmp_path / "fast", "B") as store, store.session() as session:
        kept = set(session.scalars(select(Member.id))) | set(
            session.scalars(select(DuesPayment.id)))
    assert kept == {"m-naive", "m-offset", "m-basic-date", "m-newer-field", "m-older",
                    "p-cents"}
    with BranchStore(tmp_path / "fast", "B") as store, store.session() as session:
        offset = session.get(Member, "m-offset")
        assert offset is not None and offset.created_at.isoformat() == \
            "2026-03-01T00:00:00.250000+00:00"
        cents = session.get(DuesPayment, "p-cents")
        assert cents is not None and str(cents.amount) == "12.50"


def _city_contents(city: CityDatabase, code: str) -> dict[str, Any]:
    with city.session() as session:
        records = session.execute(select(
            CityRecord.table_name, CityRecord.record_id, CityRecord.branch_code,
            CityRecord.version, CityRecord.deleted, CityRecord.data, CityRecord.content_hash,
            CityRecord.package_id).order_by(CityRecord.table_name, CityRecord.record_id)).all()
        summaries = session.execute(select(
            CitySummary.branch_code, CitySummary.year, CitySummary.data, CitySummary.as_of,
            CitySummary.rules_version).order_by(CitySummary.year)).all()
    with BranchStore(stores_folder(city.engine), code) as store:
        return {"records": records, "summaries": summaries, "store": _stored(store)}


def test_a_first_package_leaves_the_city_as_classifying_each_record_would(
        demo_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    quick = CityDatabase.open(tmp_path / "quick" / "city.db")
    with quick.session() as session:
        init_city(session, "工委")
    quick.close()
    (tmp_path / "classified").mkdir()
    shutil.copyfile(tmp_path / "quick" / "city.db", tmp_path / "classified" / "city.db")
    quick = CityDatabase.open(tmp_path / "quick" / "city.db")
    classified = CityDatabase.open(tmp_path / "classified" / "city.db")
    try:
        connect(demo_database, quick)
        package = export_package(demo_database, tmp_path / "stick", full=True).path
        looked_up: list[str] = []
        existing = importer._existing
        monkeypatch.setattr(importer, "_existing",
                            lambda session, table, ids: looked_up.append(table)
                            or existing(session, table, ids))
        (first,) = importer.import_packages(quick, [package], confirm_key=always)
        assert first.ok and first.outcomes["new"] > 20_000 and looked_up == []

        apply_table = importer._apply_table
        monkeypatch.setattr(importer, "_apply_table",  # as if the city held some of it
                            lambda *args: apply_table(*args[:7], False, *args[8:]))
        (other,) = importer.import_packages(classified, [package], confirm_key=always)
        assert looked_up  # classified record by record

        assert other.summary() == first.summary()
        assert _city_contents(quick, first.branch_code) == _city_contents(
            classified, first.branch_code)
    finally:
        quick.close()
        classified.close()
