"""Return files: receipts, messages sent down, their handlers, and the loop back up."""

import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from sqlalchemy import select

from app.city.importer import import_packages, verify_package
from app.city.keys import city_keys
from app.city.restore import restore_package
from app.city.returns import queue_message, write_return
from app.sync import down, envelope, package
from app.sync.export import export_package
from app.sync.format import PackageError
from app.sync.receive import APPLIED, FAILED, UNHANDLED, receive_return
from base.errors import UserError
from db.city.database import CityDatabase
from db.city.models import CityMessage
from db.database import Database
from db.models import Setting, SyncInbox
from tests.sync.conftest import always, make_branch

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schema"


def _imported(branch: Database, city: CityDatabase, stick: Path) -> Path:
    result = export_package(branch, stick)
    import_packages(city, [result.path], confirm_key=always)
    return result.path


def apply_rules(session, payload):
    """A handler of a message kind the program does not have, registered by the test."""
    if payload.get("broken"):
        raise UserError("规则不完整，无法采用")
    session.add(Setting(key=f"dues.rules.{payload['name']}", value=payload))
    return f"已采用新的党费规则：{payload['name']}"


@pytest.fixture
def rules_handler(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(down.HANDLERS, "dues.rule_set", f"{__name__}:apply_rules")


def test_messages_are_applied_once_and_confirmed_upwards(branch: Database, city: CityDatabase,
                                                         stick: Path, rules_handler: None
                                                         ) -> None:
    _imported(branch, city, stick)
    with city.session() as session:
        queue_message(session, "TEST-01", "notice", {"title": "换届提醒", "text": "请按期换届"})
        queue_message(session, "TEST-01", "dues.rule_set", {"name": "2027"})
        queue_message(session, "TEST-01", "dues.rule_set", {"name": "坏", "broken": True})
        queue_message(session, "TEST-01", "fund.unknown_kind", {})
        path = write_return(session, "TEST-01", stick)
    result = receive_return(branch, path)
    statuses = sorted((kind, status) for kind, status, _text in result.messages)
    assert statuses == sorted([("dues.rule_set", APPLIED), ("dues.rule_set", FAILED),
                               ("fund.unknown_kind", UNHANDLED), ("notice", APPLIED)])
    with branch.session() as session:
        assert session.get(Setting, "dues.rules.2027").value == {"name": "2027"}
        assert session.get(Setting, "dues.rules.坏") is None  # the failed handler left nothing
    again = receive_return(branch, path)
    assert again.already_received
    assert sorted(k for k, _s, _t in again.messages) == ["dues.rule_set", "fund.unknown_kind"]
    with branch.session() as session:
        assert len(session.scalars(select(SyncInbox)).all()) == 4

    with branch.session() as session:  # something changes, the next package goes up
        session.add(Setting(key="x", value=1))
    export = export_package(branch, stick)
    with city.session() as session:
        manifest = verify_package(export.path, city_keys(session)).manifest
    assert len(manifest["delivered_messages"]) == 4
    import_packages(city, [export.path])
    with city.session() as session:
        assert all(m.delivered_seq == 2 for m in session.scalars(select(CityMessage)))
        later = write_return(session, "TEST-01", stick)
    assert receive_return(branch, later).messages == []


def test_return_file_for_another_branch_or_forged_is_refused(tmp_path: Path, city: CityDatabase,
                                                             stick: Path) -> None:
    first = make_branch(tmp_path / "a.db", "A-01", city)
    second = make_branch(tmp_path / "b.db", "B-01", city)
    try:
        _imported(first, city, stick)
        _imported(second, city, stick)
        with city.session() as session:
            for_a = write_return(session, "A-01", stick)
        with pytest.raises(PackageError, match="不是发给本支部"):
            receive_return(second, for_a)
        data = bytearray(for_a.read_bytes())
        data[len(data) // 2] ^= 1
        forged = stick / "forged.bdreturn"
        forged.write_bytes(bytes(data))
        with pytest.raises(PackageError):
            receive_return(first, forged)
        with first.session() as session:
            assert session.scalars(select(SyncInbox)).first() is None
    finally:
        first.close()
        second.close()


def test_package_is_not_accepted_as_a_return_file(branch: Database, city: CityDatabase,
                                                  stick: Path) -> None:
    path = _imported(branch, city, stick)
    with pytest.raises(PackageError):
        receive_return(branch, path)


def _validator(name: str) -> jsonschema.Draft202012Validator:
    resources = [(f"branchdesk/sync/{p.name}", Resource.from_contents(json.loads(p.read_text())))
                 for p in SCHEMAS.glob("*.json")]
    schema = json.loads((SCHEMAS / name).read_text())
    return jsonschema.Draft202012Validator(schema, registry=Registry().with_resources(resources),
                                           format_checker=jsonschema.FormatChecker())


def _inner(data: bytes, keys) -> package.Contents:
    return package.read(envelope.unseal(data).open(keys))


def test_every_file_kind_matches_its_json_schema(branch: Database, city: CityDatabase,
                                                 stick: Path) -> None:
    path = _imported(branch, city, stick)
    with city.session() as session:
        keys = city_keys(session)
        queue_message(session, "TEST-01", "notice", {"title": "通知", "text": "内容"})
        returned = write_return(session, "TEST-01", stick)
        [restored] = restore_package(session, "TEST-01", stick)
    contents = _inner(path.read_bytes(), keys)
    _validator("manifest.schema.json").validate(contents.manifest)
    records = _validator("record.schema.json")
    for rows in contents.records.values():
        for row in rows:
            records.validate(row)
    from app.sync.identity import branch_keys

    with branch.session() as session:
        own = branch_keys(session)
    _validator("return.schema.json").validate(_inner(returned.read_bytes(), own).manifest)
    _validator("restore.schema.json").validate(_inner(restored.read_bytes(), own).manifest)
