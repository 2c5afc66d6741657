"""The file format: keys, the sealed envelope, the archive inside, versions and damage."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.sync import envelope, package
from app.sync.format import FORMAT, NewerFormat, PackageError, check_format
from app.sync.keys import (
    KeyPair,
    export_private,
    import_private,
    public_key_file,
    read_public_key_file,
)
from base.errors import UserError

SENDER, RECEIVER = KeyPair.generate(), KeyPair.generate()
INNER = package.build({"format": FORMAT, "kind": "package"},
                      {"member": [{"id": "m1", "version": 1, "name": "张三"}]},
                      {"ab" * 32: b"photo"})
SEALED = envelope.seal(INNER, "package", SENDER, RECEIVER.public)


def test_sealed_file_opens_only_for_the_receiver() -> None:
    sealed = envelope.unseal(SEALED)
    assert sealed.sender == SENDER.public and sealed.kind == "package"
    assert sealed.open(RECEIVER) == INNER
    with pytest.raises(PackageError, match="不是发给本机"):
        sealed.open(SENDER)
    assert b"\xe5\xbc\xa0\xe4\xb8\x89" not in SEALED  # 张三 is not readable on the stick


def test_fingerprint_is_32_hex_digits_in_groups() -> None:
    fingerprint = SENDER.public.fingerprint
    assert len(fingerprint.split()) == 8 and all(len(g) == 4 for g in fingerprint.split())
    assert SENDER.public.key_id.upper().startswith(fingerprint.replace(" ", ""))


def test_public_key_file_round_trip_and_role_check(tmp_path: Path) -> None:
    path = tmp_path / "city.bdkey"
    path.write_bytes(public_key_file(RECEIVER.public, "city", "工委"))
    key = read_public_key_file(path, "city")
    assert key.keys == RECEIVER.public and key.name == "工委"
    with pytest.raises(UserError, match="工委公钥文件"):
        read_public_key_file(path, "branch")
    data = json.loads(path.read_text())
    data["box"] = data["sign"]  # a tampered key no longer matches its key id
    path.write_text(json.dumps(data))
    with pytest.raises(UserError, match="不是有效的"):
        read_public_key_file(path, "city")


def test_private_key_backup_needs_the_passphrase() -> None:
    backup = export_private(RECEIVER, "长口令 correct horse", "工委")
    assert RECEIVER.public.fingerprint.encode() in backup
    assert import_private(backup, "长口令 correct horse") == RECEIVER
    with pytest.raises(UserError, match="口令不正确"):
        import_private(backup, "wrong passphrase")
    with pytest.raises(UserError, match="至少"):
        export_private(RECEIVER, "short", "工委")


def test_higher_major_is_refused_with_a_clear_message_higher_minor_accepted() -> None:
    assert check_format("1.7") == (1, 7)
    with pytest.raises(NewerFormat, match="升级"):
        check_format("2.0")
    newer_minor = envelope.seal(INNER, "package", SENDER, RECEIVER.public, format_version="1.9")
    assert envelope.unseal(newer_minor).open(RECEIVER) == INNER
    newer_major = envelope.seal(INNER, "package", SENDER, RECEIVER.public, format_version="2.0")
    with pytest.raises(NewerFormat, match=r"2\.0"):
        envelope.unseal(newer_major)


def test_archive_with_higher_major_manifest_is_refused() -> None:
    inner = package.build({"format": "2.1", "kind": "package"}, {}, {})
    with pytest.raises(NewerFormat):
        package.read(inner)
    inner = package.build({"format": "1.3", "kind": "package", "future": {"x": 1}}, {}, {})
    assert package.read(inner).manifest["future"] == {"x": 1}


@pytest.mark.parametrize("cut", [0, 1, 7, 8, 11, 12, 100, 300, -200, -65, -64, -1])
def test_truncated_file_is_refused(cut: int) -> None:
    with pytest.raises(PackageError):
        envelope.unseal(SEALED[:cut])


def test_truncated_everywhere_is_refused() -> None:
    for cut in range(0, len(SEALED), max(1, len(SEALED) // 200)):
        with pytest.raises(PackageError):
            envelope.unseal(SEALED[:cut]).open(RECEIVER)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(offset=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_any_flipped_bit_is_detected(offset: int, bit: int) -> None:
    data = bytearray(SEALED)
    data[offset % len(data)] ^= 1 << bit
    with pytest.raises(PackageError):
        envelope.unseal(bytes(data)).open(RECEIVER)


def _zip(members: list[tuple[str, bytes]], manifest: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest or {"format": FORMAT,
                                                                 "members": []}))
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["../evil.jsonl", "/etc/passwd", "records/../../x.jsonl",
                                  "C:\\windows\\x", "attachments/xyz", "records/Member.jsonl",
                                  "records/a/b.jsonl"])
def test_unsafe_member_names_are_refused(name: str) -> None:
    with pytest.raises(PackageError, match="不安全"):
        package.read(_zip([(name, b"{}")]))


def test_member_not_in_manifest_or_with_wrong_hash_is_refused() -> None:
    with pytest.raises(PackageError, match="不一致"):
        package.read(_zip([("records/member.jsonl", b"{}\n")]))
    manifest = {"format": FORMAT, "members": [
        {"name": "records/member.jsonl", "size": 3, "sha256": "0" * 64}]}
    with pytest.raises(PackageError, match="校验值不符"):
        package.read(_zip([("records/member.jsonl", b"{}\n")], manifest))


def test_huge_declared_sizes_are_refused_before_reading() -> None:
    manifest = {"format": FORMAT, "members": [
        {"name": "records/member.jsonl", "size": 10 * 2**30, "sha256": "0" * 64}]}
    with pytest.raises(PackageError, match="过大"):
        package.read(_zip([("records/member.jsonl", b"{}\n")], manifest))


def test_member_larger_than_declared_stops_reading() -> None:
    bomb = b"0" * (5 * 2**20)  # compresses to a few KB, expands past its declared size
    manifest = {"format": FORMAT, "members": [
        {"name": "records/member.jsonl", "size": 100, "sha256": "0" * 64}]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("records/member.jsonl", bomb)
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(PackageError, match="超出声明"):
        package.read(buffer.getvalue())


def test_too_many_members_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "MAX_MEMBERS", 50)
    members = [(f"attachments/{i:064x}", b"x") for i in range(60)]
    with pytest.raises(PackageError, match="过多"):
        package.read(_zip(members))


def test_duplicate_members_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": FORMAT, "members": []}))
        with pytest.warns(UserWarning):
            archive.writestr("manifest.json", "{}")
    with pytest.raises(PackageError, match="重复"):
        package.read(buffer.getvalue())


def test_lines_that_are_not_json_are_kept_for_rejection() -> None:
    body = b'{"id": "a", "version": 1}\nnot json\n'
    inner = package.build({"format": FORMAT}, {}, {})
    contents = package.read(inner)
    assert contents.records == {}
    assert package._parse_lines(body) == ([{"id": "a", "version": 1}, None],
                                          ['{"id": "a", "version": 1}', "not json"])


@given(st.lists(st.one_of(
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                 lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=8)
    .map(json.dumps),
    st.sampled_from(['  {"id": "a"} ', '{"id": "a"} x', '{"id": "a"', "[1, 2]]", "NaN",
                     '"text"', "12 ", "\t{}", "{}\t", '{"a": 1}{"b": 2}', "\u3000{}"]),
    st.text(max_size=12)), max_size=8))
@settings(max_examples=200, deadline=None)
def test_each_line_reads_as_json_loads_reads_it(lines: list[str]) -> None:
    def general(line: str) -> object:
        try:
            return json.loads(line)
        except ValueError:
            return None

    body = "\n".join(lines).encode("utf-8")
    kept = [line for line in body.decode("utf-8").splitlines() if line.strip()]
    records, texts = package._parse_lines(body)
    assert texts == kept
    assert json.dumps(records) == json.dumps([general(line) for line in kept])
