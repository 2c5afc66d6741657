"""The branch's key pair (made on first use, kept in the branch database) and the city's key.

The private keys live in the table `sync_identity` of the branch database, so the database
backups carry them too; they never leave the PC otherwise. The city's public key file is
imported once (its fingerprint shown for confirmation) and kept as a setting.
"""

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app import settings
from app.branch import get_profile
from app.sync.keys import KeyFile, KeyPair, PublicKeys, public_key_file, read_public_key_file
from base.errors import UserError
from db.models import SyncIdentity
from db.types import utcnow

CITY_KEY: settings.Option[dict[str, Any] | None] = settings.Option(
    "sync.city_key", None, "工委公钥")


def branch_keys(session: Session) -> KeyPair:
    """The branch's keys; generated the first time anything asks for them."""
    row = session.get(SyncIdentity, 1)
    if row is None:
        pair = KeyPair.generate()
        row = SyncIdentity(id=1, sign_private=pair.sign_private, box_private=pair.box_private)
        session.add(row)
        session.flush()
    return KeyPair(row.sign_private, row.box_private)


def city_key(session: Session) -> KeyFile | None:
    stored = settings.get(session, CITY_KEY)
    if not stored:
        return None
    return KeyFile("city", stored.get("name", ""), "", PublicKeys.from_json(stored))


def require_city_key(session: Session) -> KeyFile:
    found = city_key(session)
    if found is None:
        raise UserError("尚未导入工委公钥。请先在“同步”页面导入工委发放的公钥文件（.bdkey）。")
    return found


def set_city_key(session: Session, key: KeyFile) -> None:
    """Keep the city's public key (after the user compared its fingerprint)."""
    settings.put(session, CITY_KEY, {"name": key.name, **key.keys.as_json(),
                                     "imported_at": utcnow().isoformat()})


def import_city_key(session: Session, path: Path | str) -> KeyFile:
    key = read_public_key_file(path, "city")
    set_city_key(session, key)
    return key


def branch_code(session: Session) -> tuple[str, str]:
    profile = get_profile(session)
    if profile is None or not profile.code:
        raise UserError("请先设置支部信息（支部全称和支部代码），再进行同步。")
    return profile.code, profile.name


def branch_public_key_file(session: Session) -> bytes:
    """The branch's public key file, handed to the city when a restore package is needed."""
    code, name = branch_code(session)
    return public_key_file(branch_keys(session).public, "branch", name, code)
