"""City import: every fault is reported, and the city database is unchanged where it must be."""

import hashlib
import io
import json
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.city import importer
from app.city.import_report import result_lines
from app.city.importer import import_packages
from app.city.keys import init_city
from app.progress import Progress
from db.city.database import CityDatabase
from db.city.models import CityBranch, CityConflict, CityRecord
from tests.sync.helpers import FakeBranch, city_state, record

M1, M2, M3 = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002", \
    "00000000-0000-4000-8000-000000000003"
M4 = "00000000-0000-4000-8000-000000000004"


def one(city: CityDatabase, path: Path, **kwargs):
    (result,) = import_packages(city, [path], **kwargs)
    return result


def stored(city: CityDatabase, record_id: str) -> CityRecord | None:
    with city.session() as session:
        return session.get(CityRecord, ("member", record_id))


def test_new_then_updated_then_unchanged(city: CityDatabase, tmp_path: Path) -> None:
    branch = FakeBranch(city)
    first = branch.write(tmp_path, 1, {"member": [record(M1, 1, name="张三")]})
    assert one(city, first).outcomes["new"] == 1
    second = branch.write(tmp_path, 2, {"member": [record(M1, 2, name="张三丰"),
                                                   record(M2, 1, name="李四")]})
    result = one(city, second)
    assert result.ok and result.chain == "正常"
    assert (result.outcomes["updated"], result.outcomes["new"]) == (1, 1)
    assert stored(city, M1).data["name"] == "张三丰"


def test_replay_changes_nothing(city: CityDatabase, tmp_path: Path) -> None:
    branch = FakeBranch(city)
    path = branch.write(tmp_path, 1, {"member": [record(M1, 1, name="张三")]})
    one(city, path)
    before = city_state(city)
    result = one(city, path)
    assert result.ok and result.chain == "重复" and "未做任何更改" in result.warnings[0]
    assert result.outcomes["unchanged"] == 1
    assert city_state(city) == before


def test_gap_is_reported_and_filled_out_of_order(city: CityDatabase, tmp_path: Path) -> None:
    branch = FakeBranch(city)
    p1 = branch.write(tmp_path, 1, {"member": [record(M1, 1, name="甲")]})
    p2 = branch.write(tmp_path, 2, {"member": [record(M1, 2, name="乙")]})
    p3 = branch.write(tmp_path, 3, {"member": [record(M1, 3, name="丙")]})
    one(city, p1)
    gap = one(city, p3)
    assert gap.ok and gap.chain == "缺号" and "第 2 号" in gap.warnings[0]
    late = one(city, p2)  # arrives after a newer one: its record is older than the city's
    assert late.ok and late.chain == "补交"
    assert late.outcomes["stale"] == 1 and late.issues[0].outcome == "stale"
    assert f"  过期：党员 {M1}：" in "\n".join(result_lines(late))  # names people read
    assert stored(city, M1).data["name"] == "丙"
    with city.session() as session:
        assert session.get(CityBranch, branch.code).last_seq == 3


def test_packages_given_out_of_order_are_applied_in_sequence(city: CityDatabase,
                                                             tmp_path: Path) -> None:
    branch = FakeBranch(city)
    p1 = branch.write(tmp_path, 1, {"member": [record(M1, 1, name="甲")]})
    p2 = branch.write(tmp_path, 2, {"member": [record(M1, 2, name="乙")]})
    results = import_packages(city, [p2, p1])
    assert [r.chain for r in results] == ["正常", "首个"]
    assert stored(city, M1).data["name"] == "乙"


def test_stale_record_does_not_overwrite(city: CityDatabase, tmp_path: Path) -> None:
    branch = FakeBranch(city)
    one(city, branch.write(tmp_path, 1, {"member": [record(M1, 5, name="新")]}))
    before = city_state(city)
    result = one(city, branch.write(tmp_path, 2, {"member": [record(M1, 4, name="旧")]}))
    assert result.outcomes["stale"] == 1 and "版本 5" in result.issues[0].reason
    assert stored(city, M1).data["name"] == "新"
    assert city_state(city)["city_record"] == before["city_record"]


def test_tombstone_is_never_undone_by_an_older_package(city: CityDatabase, tmp_path: Path) -> None:
    branch = FakeBranch(city)
    old = branch.write(tmp_path, 1, {"member": [record(M1, 1, name="甲")]})
    deleted = branch.write(tmp_path, 2, {"member": [record(M1, 2, deleted=True, name="甲")]})
    one(city, deleted)
    before = city_state(city)["city_record"]
    result = one(city, old)
    assert result.outcomes["stale"] == 1 and "已删除" in result.issues[0].reason
    assert stored(city, M1).deleted
    assert city_state(city)["city_record"] == before


def test_real_conflict_keeps_the_city_copy_and_sets_the_other_aside(city: CityDatabase,
                                                                    tmp_path: Path) -> None:
    branch = FakeBranch(city)
    one(city, branch.write(tmp_path, 1, {"member": [record(M1, 3, name="甲")]}))
    result = one(city, branch.write(tmp_path, 2, {"member": [record(M1, 3, name="乙")]}))
    assert result.outcomes["conflict"] == 1 and "内容不同" in result.issues[0].reason
    assert stored(city, M1).data["name"] == "甲"
    with city.session() as session:
        (conflict,) = session.scalars(select(CityConflict)).all()
        assert conflict.data["name"] == "乙"


def test_bad_records_are_rejected_with_reasons_and_the_rest_applied(city: CityDatabase,
                                                                   tmp_path: Path) -> None:
    branch = FakeBranch(city)
    other = FakeBranch(city, "OTHER-02")
    one(city, other.write(tmp_path, 1, {"member": [record(M3, 1, name="别人")]}))
    result = one(city, branch.write(tmp_path, 1, {"member": [
        record(M1, 1, name="好"), {"id": M2, "version": 0}, {"name": "无编号"},
        record(M3, 9, name="冒用"), record(M1, 1, name="重复")]}))
    assert result.ok and result.outcomes["new"] == 1 and result.outcomes["rejected"] == 4
    reasons = " ".join(i.reason for i in result.issues)
    assert "版本号" in reasons and "编号" in reasons and "OTHER-02" in reasons and "两次" in reasons
    assert stored(city, M3).data["name"] == "别人"


def test_unknown_branch_key_is_refused_without_touching_the_city(city: CityDatabase,
                                                                tmp_path: Path) -> None:
    stranger = FakeBranch(city, "NEW-01", trust=False)
    path = stranger.write(tmp_path, 1, {"member": [record(M1, 1, name="甲")]})
    before = city_state(city)
    result = one(city, path)
    assert not result.ok and "尚未确认" in result.error and stranger.keys.public.fingerprint \
        in result.error
    assert city_state(city) == before
    asked = []
    result = one(city, path, confirm_key=lambda q: asked.append(q) or True)
    assert result.ok and asked[0].code == "NEW-01" and asked[0].previous_fingerprint is None


def test_changed_branch_key_is_refused(city: CityDatabase, tmp_path: Path) -> None:
    branch = FakeBranch(city)
    one(city, branch.write(tmp_path, 1, {"member": [record(M1, 1, name="甲")]}))
    impostor = FakeBranch(city, branch.code, trust=False)
    before = city_state(city)
    result = one(city, impostor.write(tmp_path, 2, {"member": [record(M1, 2, name="假")]}),
                 confirm_key=lambda q: False)
    assert not result.ok and "不同" in result.error
    assert city_state(city) == before


def test_package_for_another_city_is_refused(city: CityDatabase, tmp_path: Path) -> None:
    other = CityDatabase.open(tmp_path / "other.db")
    with other.session() as session:
        other_keys = init_city(session, "别的工委")
    other.close()
    branch = FakeBranch(city)
    path = branch.write(tmp_path, 1, {"member": [record(M1, 1)]}, receiver=other_keys.public)
    before = city_state(city)
    result = one(city, path)
    assert not result.ok and "另一个工委" in result.error
    assert city_state(city) == before


def test_higher_major_format_is_refused(city: CityDatabase, tmp_path: Path) -> None:
    branch = FakeBranch(city)
    path = branch.write(tmp_path, 1, {"member": [record(M1, 1)]}, header_format="2.0",
                        format="2.0")
    before = city_state(city)
    result = one(city, path)
    assert not result.ok and "升级" in result.error and "2.0" in result.error
    assert city_state(city) == before
    newer_minor = branch.write(tmp_path, 1, {"member": [record(M1, 1)]}, header_format="1.4",
                               format="1.4", future_field=True)
    assert one(city, newer_minor).ok


@pytest.mark.parametrize("cut", [10, 100, 500, 1000, -100, -1])
def test_truncated_package_leaves_the_city_unchanged(city: CityDatabase, tmp_path: Path,
                                                     cut: int) -> None:
    branch = FakeBranch(city)
    data = branch.package(1, {"member": [record(M1, 1, name="甲" * 100)]})
    path = tmp_path / "cut.bdsync"
    path.write_bytes(data[:cut])
    before = city_state(city)
    result = one(city, path)
    assert not result.ok and result.error
    assert city_state(city) == before


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(offset=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_flipped_bit_leaves_the_city_unchanged(city: CityDatabase, tmp_path: Path, offset: int,
                                               bit: int) -> None:
    branch = FakeBranch(city, "FLIP-01")
    data = bytearray(branch.package(1, {"member": [record(M1, 1, name="甲")]}))
    data[offset % len(data)] ^= 1 << bit
    path = tmp_path / "flipped.bdsync"
    path.write_bytes(bytes(data))
    before = city_state(city)
    assert not one(city, path).ok
    assert city_state(city) == before


def _hostile(branch: FakeBranch, members: list[tuple[str, bytes]],
             declared: list[dict] | None = None) -> bytes:
    manifest = branch.manifest(1, tables={}, members=declared if declared is not None else [
        {"name": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
        for n, d in members])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, data in members:
            archive.writestr(name, data)
    return branch.seal_inner(buffer.getvalue())


@pytest.mark.parametrize("members,declared", [
    ([("../../etc/cron.d/x", b"x")], None),
    ([("/tmp/abs.jsonl", b"x")], None),
    ([("records/../member.jsonl", b"x")], None),
    ([("records/member.jsonl", b"{}\n")],
     [{"name": "records/member.jsonl", "size": 2**40, "sha256": "0" * 64}]),
    ([("records/member.jsonl", b"0" * 3_000_000)],
     [{"name": "records/member.jsonl", "size": 10, "sha256": "0" * 64}]),
    ([(f"attachments/{i:064x}", b"") for i in range(3)], []),
])
def test_hostile_archive_members_leave_the_city_unchanged(city: CityDatabase, tmp_path: Path,
                                                          members: list, declared: list | None
                                                          ) -> None:
    branch = FakeBranch(city)
    path = tmp_path / "hostile.bdsync"
    path.write_bytes(_hostile(branch, members, declared))
    before = city_state(city)
    result = one(city, path)
    assert not result.ok and "不合规" in result.error
    assert city_state(city) == before
    assert not (tmp_path / "etc").exists() and not Path("/tmp/abs.jsonl").exists()


def test_too_many_members_leave_the_city_unchanged(city: CityDatabase, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from app.sync import package

    monkeypatch.setattr(package, "MAX_MEMBERS", 100)
    branch = FakeBranch(city)
    members = [(f"attachments/{hashlib.sha256(str(i).encode()).hexdigest()}", str(i).encode())
               for i in range(150)]
    path = tmp_path / "many.bdsync"
    path.write_bytes(_hostile(branch, members))
    before = city_state(city)
    result = one(city, path)
    assert not result.ok and ("过多" in result.error or "过长" in result.error)
    assert city_state(city) == before


def test_one_bad_package_never_stops_the_others(city: CityDatabase, tmp_path: Path) -> None:
    good_a, good_b = FakeBranch(city, "A-01"), FakeBranch(city, "B-01")
    bad = tmp_path / "bad.bdsync"
    bad.write_bytes(b"garbage")
    missing = tmp_path / "missing.bdsync"
    paths = [good_a.write(tmp_path, 1, {"member": [record(M1, 1)]}), bad, missing,
             good_b.write(tmp_path, 1, {"member": [record(M2, 1)]})]
    results = import_packages(city, paths)
    assert [r.ok for r in results] == [True, False, False, True]
    assert "不是支部工作台的同步文件" in results[1].error and "无法读取" in results[2].error


def test_attachments_are_stored_once(city: CityDatabase, tmp_path: Path) -> None:
    branch = FakeBranch(city)
    photo = b"\x89PNG fake photo"
    digest = hashlib.sha256(photo).hexdigest()
    rows = {"meeting_attachment": [record(M1, 1, sha256=digest, filename="a.png")]}
    result = one(city, branch.write(tmp_path, 1, rows, attachments={digest: photo}))
    assert result.ok and result.attachments == 1
    assert one(city, branch.write(tmp_path, 2, rows, attachments={digest: photo})).attachments == 0


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(1, 4),  # package number
                          st.lists(st.tuples(st.sampled_from([M1, M2, M3]),
                                             st.integers(1, 4), st.booleans(),
                                             st.sampled_from(["甲", "乙"])), max_size=4)),
                min_size=1, max_size=5))
def test_dry_run_gives_the_same_summary_as_the_real_import(tmp_path_factory: pytest.TempPathFactory,
                                                           plan: list) -> None:
    folder = tmp_path_factory.mktemp("parity")
    base = CityDatabase.open(folder / "base.db")
    with base.session() as session:
        init_city(session, "工委")
    branch = FakeBranch(base, "P-01")
    paths = []
    for seq, rows in plan:
        records = [record(rid, version, deleted, name=name) for rid, version, deleted, name in rows]
        paths.append(branch.write(folder, seq, {"member": records} if records else {}))
    if len(paths) > 1:  # some imported before, the rest in the batch under test
        import_packages(base, paths[:1])
    base.close()
    dry_db = CityDatabase.open(shutil.copyfile(folder / "base.db", folder / "dry.db"))
    real_db = CityDatabase.open(shutil.copyfile(folder / "base.db", folder / "real.db"))
    before = city_state(dry_db)
    batch = paths[1:] + paths[:1]
    dry = import_packages(dry_db, batch, dry_run=True)
    real = import_packages(real_db, batch)
    assert [r.summary() for r in dry] == [r.summary() for r in real]
    assert city_state(dry_db) == before
    assert counted_live(real_db) == held_live(real_db)
    dry_db.close()
    real_db.close()


def counted_live(city: CityDatabase) -> dict[str, int]:
    """The branches' live records as the import counts them as it goes."""
    with city.session() as session:
        return {b.code: b.record_count for b in session.scalars(select(CityBranch))}


def held_live(city: CityDatabase) -> dict[str, int]:
    """The branches' live records as the city holds them."""
    with city.session() as session:
        return {code: session.scalar(select(func.count()).select_from(CityRecord).where(
            CityRecord.branch_code == code, CityRecord.deleted.is_(False)))
            for code in session.scalars(select(CityBranch.code))}


def test_live_records_are_counted_as_packages_change_them(city: CityDatabase,
                                                          tmp_path: Path) -> None:
    """A first package with a tombstone, then records deleted, added, in conflict, stale,
    replayed, another branch's id, a dry run: the count follows the city's copies."""
    a, b = FakeBranch(city, "A-01"), FakeBranch(city, "B-01")
    first = a.write(tmp_path, 1, {"member": [record(M1, 1), record(M2, 1, deleted=True),
                                             record(M3, 1)]})
    assert one(city, first).ok and counted_live(city) == {"A-01": 2, "B-01": 0}
    second = a.write(tmp_path, 2, {"member": [record(M1, 2, deleted=True), record(M2, 2),
                                              record(M3, 1, name="另一内容")]})
    result = one(city, second)
    assert result.outcomes["conflict"] == 1 and counted_live(city) == {"A-01": 2, "B-01": 0}
    assert one(city, b.write(tmp_path, 1, {"member": [record(M1, 9), record(M4, 1)]})).ok
    assert one(city, second).chain == "重复"
    assert one(city, a.write(tmp_path, 3, {"member": [record(M2, 1, deleted=True)]})).ok
    assert one(city, a.write(tmp_path, 4, {"member": [record(M4, 7)]}), dry_run=True).ok
    assert counted_live(city) == held_live(city) == {"A-01": 2, "B-01": 1}


def test_a_new_branchs_record_with_another_branchs_id_is_rejected_the_rest_kept(
        city: CityDatabase, tmp_path: Path) -> None:
    a, b = FakeBranch(city, "A-01"), FakeBranch(city, "B-01")
    assert one(city, a.write(tmp_path, 1, {"member": [record(M1, 1, name="甲")]})).ok
    result = one(city, b.write(tmp_path, 1, {"member": [record(M2, 1), record(M1, 3, name="乙"),
                                                        record(M3, 1)]}))
    assert result.ok and (result.outcomes["new"], result.outcomes["rejected"]) == (2, 1)
    assert [(i.record_id, i.reason) for i in result.issues] == [(M1, "该记录编号已属于支部 A-01")]
    assert stored(city, M1).branch_code == "A-01" and stored(city, M1).data["name"] == "甲"
    assert {stored(city, m).branch_code for m in (M2, M3)} == {"B-01"}
    assert counted_live(city) == held_live(city) == {"A-01": 1, "B-01": 2}


def test_a_failure_after_the_records_are_written_leaves_that_package_out(
        city: CityDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An import's package has no savepoint of its own: what failed is rolled back with the
    package's whole transaction, the packages before and after it stay imported."""
    branches = [FakeBranch(city, code) for code in ("A-01", "B-01", "C-01")]
    paths = [branch.write(tmp_path, 1, {"member": [record(m, 1)]})
             for branch, m in zip(branches, (M1, M2, M3), strict=True)]
    update_branch = importer.update_branch

    def failing(session: Session, store, code: str, written) -> None:
        if code == "B-01":
            raise RuntimeError("store broken")
        update_branch(session, store, code, written)

    monkeypatch.setattr(importer, "update_branch", failing)
    results = import_packages(city, paths)
    assert [r.ok for r in results] == [True, False, True]
    assert stored(city, M2) is None and stored(city, M1) and stored(city, M3)
    with city.session() as session:
        assert session.get(CityBranch, "B-01").last_seq == 0
    assert counted_live(city) == held_live(city) == {"A-01": 1, "B-01": 0, "C-01": 1}


def test_an_import_writes_a_new_branch_without_savepoints(city: CityDatabase,
                                                          tmp_path: Path) -> None:
    """SQLite copies every page a savepoint's work changes to a sub-journal first: in a city
    of millions of records a third of the import's writes."""
    statements: list[str] = []
    event.listen(city.engine, "before_cursor_execute",
                 lambda _conn, _cursor, sql, *_args: statements.append(sql))
    a, b = FakeBranch(city, "A-01"), FakeBranch(city, "B-01")
    paths = [a.write(tmp_path, 1, {"member": [record(M1, 1)]}),
             b.write(tmp_path, 1, {"member": [record(M2, 1), record(M1, 2)]})]
    assert [r.ok for r in import_packages(city, paths)] == [True, True]
    assert statements and not [s for s in statements if "SAVEPOINT" in s.upper()]


def test_dry_run_writes_nothing(city: CityDatabase, tmp_path: Path) -> None:
    branch = FakeBranch(city)
    path = branch.write(tmp_path, 1, {"member": [record(M1, 1)]})
    before = city_state(city)
    assert one(city, path, dry_run=True).outcomes["new"] == 1
    assert city_state(city) == before


def test_a_package_changed_while_the_one_before_commits_is_judged_as_it_is_then(
        city: CityDatabase, tmp_path: Path) -> None:
    """The next package of a batch is read while the one before commits: a file damaged
    after the batch was ordered is refused, one replaced by another valid package is
    imported as that package, and the packages before and after are imported."""
    first, second, third = FakeBranch(city, "A-01"), FakeBranch(city, "B-01"), \
        FakeBranch(city, "C-01")
    paths = [first.write(tmp_path, 1, {"member": [record(M1, 1, name="甲")]}),
             second.write(tmp_path, 1, {"member": [record(M2, 1, name="乙")]}),
             third.write(tmp_path, 1, {"member": [record(M3, 1, name="丙")]})]
    replaced = third.package(1, {"member": [record(M3, 1, name="丁")]})

    def change_files(_done: int, _total: int, label: str) -> None:
        if label == f"正在导入：{paths[0].name}":  # ordered by then; read during its commit
            paths[1].write_bytes(b"garbage")
            paths[2].write_bytes(replaced)

    results = import_packages(city, paths, progress=Progress(change_files))
    assert [r.ok for r in results] == [True, False, True]
    assert "不是支部工作台的同步文件" in results[1].error
    assert stored(city, M3).data["name"] == "丁" and stored(city, M2) is None


def test_a_commit_that_fails_leaves_the_package_out_and_the_batch_going(
        city: CityDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = FakeBranch(city, "A-01"), FakeBranch(city, "B-01")
    paths = [first.write(tmp_path, 1, {"member": [record(M1, 1)]}),
             second.write(tmp_path, 1, {"member": [record(M2, 1)]})]
    commit = Session.commit
    failures = iter([OSError(28, "No space left on device")])

    def failing(session: Session) -> None:
        if threading.current_thread().name == "city-import-commit":
            failure = next(failures, None)
            if failure is not None:
                session.rollback()
                raise failure
        commit(session)

    monkeypatch.setattr(Session, "commit", failing)
    results = import_packages(city, paths)
    assert [r.ok for r in results] == [False, True]
    assert "导入时出错，此数据包未导入" in results[0].error
    assert stored(city, M1) is None and stored(city, M2) is not None
