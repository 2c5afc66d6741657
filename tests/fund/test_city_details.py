"""What the city reads of one application when it is selected: its steps and proofs found by
the application's index in its branch's typed store, the same as reading every branch's
copies, and by those copies when the store is out of step."""

from pathlib import Path

import pytest
from sqlalchemy import select

from app.city import fund as city_fund
from app.city import fund_details
from app.city.fund_details import application_details
from app.fund import applications as apps
from app.meetings.attachments import store_file
from db.city.database import CityDatabase
from db.city.models import CityBranch, CityRecord
from tests.fund.test_round_trip import send, submitted_application
from tests.sync.conftest import make_branch


def test_details_by_the_store_index_are_those_of_the_copies(
        tmp_path: Path, city: CityDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    for code in ("FGW-01", "FGW-02"):
        branch = make_branch(tmp_path / f"{code}.db", code, city)
        scan = tmp_path / f"{code}.png"
        scan.write_bytes(code.encode())
        with branch.session() as session:
            application_id = submitted_application(session)
            apps.add_proofs(session, application_id, [store_file(session, scan, f"{code}的证明")])
        send(branch, city, tmp_path / f"stick-{code}")
        branch.close()

    with city.session() as session:
        found = city_fund.applications(session)
        assert len(found) == 2
        indexed = {a.id: application_details(session, a.id) for a in found}
        for a in found:
            ids = fund_details._indexed(session, a.branch_code, a.id)
            assert ids is not None
            held = set(session.scalars(select(CityRecord.record_id).where(
                CityRecord.table_name == "aid_step", CityRecord.branch_code == a.branch_code)))
            assert ids["aid_step"] and set(ids["aid_step"]) == held
            assert len(ids["aid_proof"]) == 1
            assert [p.caption for p in indexed[a.id].proofs] == [f"{a.branch_code}的证明"]
            assert len(indexed[a.id].steps) == 3 and "上报工委" in indexed[a.id].steps[-1]
    with monkeypatch.context() as patch, city.session() as session:
        patch.setattr(fund_details, "_indexed", lambda *_a: None)
        assert {a.id: application_details(session, a.id) for a in found} == indexed

    with city.session() as session:  # a store out of step is not read: the copies are
        session.get(CityBranch, "FGW-01").store_stamp = "other"
    with city.session() as session:
        first = next(a for a in found if a.branch_code == "FGW-01")
        assert fund_details._indexed(session, "FGW-01", first.id) is None
        assert application_details(session, first.id) == indexed[first.id]
