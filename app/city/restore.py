"""Disaster recovery: a package built from the city's copy of a branch's records.

The branch imports it into an empty database (`sync restore FILE`) to get its data back;
the package continues the branch's sequence, so later exports chain on as before.
"""

import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import app
from app.city.files import CityFiles
from app.city.importer import missing_sequences
from app.city.keys import accepts, city_identity, city_keys
from app.city.returns import known_branch
from app.files import write_safely
from app.sync import envelope, package, volumes
from app.sync.attachments import attachment_sources, is_digest
from app.sync.format import FORMAT, RESTORE_SUFFIX
from app.sync.keys import KeyFile, KeyPair, PublicKeys
from app.sync.records import dumps, encode
from base.errors import UserError
from db import bulk
from db.city.database import engine_of
from db.city.models import CityAttachment, CityPackage, CityRecord
from db.types import utcnow


def _receiver(branch: Any, key: KeyFile | None) -> PublicKeys:
    if key is not None:
        if key.code and key.code != branch.code:
            raise UserError(f"该公钥文件属于支部“{key.code}”，不是“{branch.code}”。")
        if not accepts(branch, key.keys):
            raise UserError(f"该公钥文件的指纹（{key.keys.fingerprint}）与工委已确认的支部"
                            "密钥不符。请与支部核对新指纹，先用 branchdesk city trust 确认，"
                            "再生成恢复包。")
        return key.keys
    if branch.sign_public is None or branch.box_public is None:
        raise UserError("工委尚无该支部的密钥，请用 --branch-key 提供支部新电脑的公钥文件。")
    return PublicKeys(branch.sign_public, branch.box_public)


def restore_package(session: Session, code: str, path: Path | str,
                    branch_key: KeyFile | None = None) -> list[Path]:
    """Write the restore package (one file, or several volumes when it is large); returns the
    files written. Either every volume is written and read back, or none is left behind."""
    branch = known_branch(session, code)
    receiver = _receiver(branch, branch_key)
    records: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in session.scalars(select(CityRecord).where(CityRecord.branch_code == branch.code)
                               .order_by(CityRecord.table_name, CityRecord.record_id)):
        records[row.table_name].append(row.data)
    if not records:
        raise UserError(f"工委没有支部“{branch.code}”的任何记录，无法生成恢复包。")
    wanted = sorted({digest for table, source in attachment_sources().items()
                     for r in records.get(table, [])
                     if is_digest(digest := r.get(source.hash_column))})
    sizes: list[tuple[str, int]] = []
    for chunk in bulk.chunks(wanted):
        sizes += [(digest, size) for digest, size in session.execute(
            select(CityAttachment.sha256, CityAttachment.size).where(
                CityAttachment.sha256.in_(chunk)).order_by(
                CityAttachment.sha256))]
    planned = volumes.plan(sizes, sum(len(dumps(r).encode("utf-8")) + 1
                                      for rows in records.values() for r in rows))
    last = session.scalars(select(CityPackage).where(CityPackage.branch_code == branch.code)
                           .order_by(CityPackage.seq.desc())).first()
    keys = city_keys(session)
    manifest = {
        "format": FORMAT, "kind": "restore", "package_id": str(uuid.uuid4()),
        "branch": {"code": branch.code, "name": branch.name},
        "city": {"name": city_identity(session).name, "key_id": keys.public.key_id},
        "sequence": branch.last_seq, "last_sha256": branch.last_sha256,
        "created_at": encode(utcnow()), "app_version": app.__version__,
        "schema_version": last.schema_version if last else [],
        "missing_sequences": missing_sequences(session, branch.code),
    }
    path = Path(path)
    if path.is_dir():
        path = path / f"{branch.code}-restore{RESTORE_SUFFIX}"
    written: list[Path] = []
    try:
        for index, digests in enumerate(planned, start=1):
            sealed = _seal_volume(session, {**manifest, "volume": volumes.volume_entry(
                index, len(planned))}, records if index == 1 else {}, digests, keys, receiver)
            target = volumes.volume_path(path, index, len(planned))
            write_safely(target, sealed)
            written.append(target)
            del sealed
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    return written


def _seal_volume(session: Session, manifest: dict[str, Any],
                 records: dict[str, list[dict[str, Any]]], digests: list[str], keys: KeyPair,
                 receiver: PublicKeys) -> bytes:
    """One volume; only its own attachments are read from disk meanwhile."""
    files = CityFiles(engine_of(session))
    attachments = {digest: files.get(digest) for digest in digests}  # each one checked
    payload = package.build(manifest, records, attachments)
    del attachments
    return envelope.seal(payload, "restore", keys, receiver)
