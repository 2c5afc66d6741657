"""The city's password: its private keys sealed in the city database and its backups, opened
by the password or the 恢复密钥, asked by every city command; imports and returns work
once it is given and are refused in Chinese without it."""

import uuid
from pathlib import Path

import pytest

from app.city import key_lock
from app.city.importer import import_packages
from app.city.keys import city_keys, init_city
from app.city.returns import write_return
from app.cli import main
from app.sync.keys import KeyPair
from db import cipher
from db.backup import backup_database
from db.city.database import CityDatabase
from tests.sync.helpers import FakeBranch, record

PASSWORD = "工委密码2026"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def raw_keys(database: CityDatabase) -> KeyPair:
    with database.session() as session:
        return city_keys(session)


def holding(folder: Path, pair: KeyPair) -> list[str]:
    """Files under `folder` that contain either private key's raw bytes."""
    return [p.name for p in folder.iterdir() if p.is_file()
            and (pair.sign_private in p.read_bytes() or pair.box_private in p.read_bytes())]


@pytest.fixture
def city_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "city" / "city.db"
    path.parent.mkdir()
    code, out = run(capsys, "--db", path, "city", "init", "--name", "中共市直属机关工作委员会",
                    "--public-key", tmp_path / "city.bdkey")
    assert code == 0, out
    return path


def test_set_password_seals_the_keys_in_the_database_and_its_backups(
        city_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    with CityDatabase.open(city_file, create=False) as database:
        pair = raw_keys(database)
    backup_database(city_file, city_file.with_name("city-before-migration-20261101-080000.db"))
    assert set(holding(city_file.parent, pair)) == {
        "city.db", "city-before-migration-20261101-080000.db"}  # the test sees them

    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", PASSWORD)
    code, out = run(capsys, "--db", city_file, "city", "password", "set", "--pdf",
                    tmp_path / "恢复密钥.pdf")
    assert code == 0 and "已设置工委密码" in out
    recovery = out.split("恢复密钥：")[1].split()[0]
    assert (tmp_path / "恢复密钥.pdf").read_bytes()[:4] == b"%PDF"
    assert holding(city_file.parent, pair) == []

    # every city command asks for it now; the key comes back whole with the right one
    monkeypatch.setenv("BRANCHDESK_CITY_PASSWORD", "不对的密码")
    code, out = run(capsys, "--db", city_file, "city", "public-key", "-o", tmp_path / "k.key")
    assert code == 1 and "工委密码不对" in out and "Traceback" not in out
    monkeypatch.setenv("BRANCHDESK_CITY_PASSWORD", PASSWORD)
    code, out = run(capsys, "--db", city_file, "city", "branches")
    assert code == 0
    with CityDatabase.open(city_file, create=False) as database:
        assert key_lock.unlock(database, PASSWORD) == pair
        with database.session() as session:
            assert key_lock.open_keys_with_recovery(session, recovery) == pair

    # a forgotten password: the 恢复密钥 sets a new one, and the old one stops working
    monkeypatch.delenv("BRANCHDESK_CITY_PASSWORD")
    monkeypatch.setenv("BRANCHDESK_RECOVERY_KEY", recovery.lower().replace("-", " "))
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", "新的工委密码")
    code, out = run(capsys, "--db", city_file, "city", "password", "recover")
    assert code == 0 and "已设置新的工委密码" in out
    new_recovery = out.split("恢复密钥：")[1].split()[0]
    with CityDatabase.open(city_file, create=False) as database:
        with pytest.raises(cipher.WrongPassword):
            key_lock.unlock(database, PASSWORD)
        with database.session() as session, pytest.raises(cipher.WrongPassword,
                                                           match="恢复密钥不对"):
            key_lock.open_keys_with_recovery(session, recovery)
        assert key_lock.unlock(database, "新的工委密码") == pair
    assert new_recovery != recovery and holding(city_file.parent, pair) == []

    # change, then remove: the same keys, raw again only when the password is off
    monkeypatch.setenv("BRANCHDESK_CITY_PASSWORD", "新的工委密码")
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", "第三个工委密码")
    assert run(capsys, "--db", city_file, "city", "password", "change")[0] == 0
    monkeypatch.setenv("BRANCHDESK_CITY_PASSWORD", "第三个工委密码")
    code, out = run(capsys, "--db", city_file, "city", "password", "remove")
    assert code == 0 and "已取消工委密码" in out
    monkeypatch.delenv("BRANCHDESK_CITY_PASSWORD")
    with CityDatabase.open(city_file, create=False) as database:
        assert not key_lock.has_password(database) and raw_keys(database) == pair


@pytest.mark.parametrize("args, message", [
    (["password", "change"], "工委私钥没有设密码"),
    (["password", "remove"], "工委私钥没有设密码"),
    (["password", "recover"], "没有设密码，不需要恢复密钥"),
])
def test_password_commands_on_a_city_without_one(city_file: Path, args: list[str],
                                                 message: str,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", PASSWORD)
    code, out = run(capsys, "--db", city_file, "city", *args)
    assert code == 1 and message in out and "Traceback" not in out


@pytest.mark.parametrize("new, message", [
    ("短", "密码至少 6 位"),
])
def test_bad_new_or_repeated_passwords_are_refused(city_file: Path, new: str, message: str,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", new)
    code, out = run(capsys, "--db", city_file, "city", "password", "set")
    assert code == 1 and message in out
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", PASSWORD)
    assert run(capsys, "--db", city_file, "city", "password", "set")[0] == 0
    code, out = run(capsys, "--db", city_file, "city", "password", "set")
    assert code == 1 and "已设密码" in out
    monkeypatch.setenv("BRANCHDESK_RECOVERY_KEY", "AAAA-BBBB")
    code, out = run(capsys, "--db", city_file, "city", "password", "recover")
    assert code == 1 and "恢复密钥不对" in out


def test_a_locked_city_refuses_to_import_or_sign_until_unlocked(city: CityDatabase,
                                                                 tmp_path: Path) -> None:
    key_lock.set_password(city, PASSWORD)
    branch = FakeBranch(city, "LOCK-01")
    package = branch.write(tmp_path, 1, {"member": [record(str(uuid.uuid4()), 1, name="张三")]})
    city.session_info.clear()  # as a new process finds it
    with pytest.raises(key_lock.CityLocked, match="请先输入工委密码"):
        import_packages(city, [package])
    key_lock.unlock(city, PASSWORD)
    (result,) = import_packages(city, [package])
    assert result.ok and result.outcomes["new"] == 1
    city.session_info.clear()
    with city.session() as session, pytest.raises(key_lock.CityLocked):
        write_return(session, "LOCK-01", tmp_path)
    key_lock.unlock(city, PASSWORD)
    with city.session() as session:
        assert write_return(session, "LOCK-01", tmp_path).exists()


def test_city_init_refuses_a_second_key_also_when_sealed(city: CityDatabase) -> None:
    pair = raw_keys(city)
    key_lock.set_password(city, PASSWORD)
    with city.session() as session, pytest.raises(Exception, match="已有工委密钥"):
        init_city(session, "另一个工委", restore=pair)
