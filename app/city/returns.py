"""Return files: the city's signed receipt to a branch, with the messages queued for it.

A message (a notice, a decision on an aid application, a new dues rule set…) stays queued
and goes into every return file until a later package from the branch confirms it arrived.
"""

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import app
from app.city.keys import city_identity, city_keys, normalise_code
from app.files import write_safely
from app.sync import envelope, package
from app.sync.format import FORMAT, RETURN_SUFFIX
from app.sync.keys import PublicKeys
from app.sync.records import encode
from base.errors import UserError
from db.city.models import CityBranch, CityMessage, CityPackage, CityReturn
from db.types import utcnow


def known_branch(session: Session, code: str) -> CityBranch:
    branch = session.get(CityBranch, normalise_code(code))
    if branch is None:
        raise UserError(f"工委数据库中没有支部“{code}”。")
    return branch


def queue_message(session: Session, code: str, kind: str, payload: Any) -> CityMessage:
    """Queue something for a branch; it travels in its next return files until confirmed."""
    branch = known_branch(session, code)
    message = CityMessage(id=str(uuid.uuid4()), branch_code=branch.code, kind=kind,
                          payload=payload, created_at=utcnow())
    session.add(message)
    session.flush()
    return message


def pending_messages(session: Session, code: str) -> list[CityMessage]:
    return list(session.scalars(select(CityMessage).where(
        CityMessage.branch_code == code, CityMessage.delivered_seq.is_(None)
    ).order_by(CityMessage.created_at, CityMessage.id)))


def write_return(session: Session, code: str, folder: Path | str) -> Path:
    """Write the next signed return file for a branch into `folder`."""
    branch = known_branch(session, code)
    if branch.sign_public is None or branch.box_public is None:
        raise UserError(f"支部“{branch.code}”还没有导入过数据包，无法生成回执文件。")
    branch.return_seq += 1
    packages = session.scalars(select(CityPackage).where(CityPackage.branch_code == branch.code)
                               .order_by(CityPackage.seq, CityPackage.imported_at)).all()
    identity = city_identity(session)
    keys = city_keys(session)
    manifest = {
        "format": FORMAT, "kind": "return", "return_id": str(uuid.uuid4()),
        "sequence": branch.return_seq, "branch_code": branch.code,
        "city": {"name": identity.name, "key_id": keys.public.key_id},
        "created_at": encode(utcnow()), "app_version": app.__version__,
        "receipts": [{"package_id": p.id, "sequence": p.seq, "sha256": p.sha256,
                      "imported_at": encode(p.imported_at), "summary": p.summary}
                     for p in packages],
        "messages": [{"id": m.id, "kind": m.kind, "created_at": encode(m.created_at),
                      "payload": m.payload} for m in pending_messages(session, branch.code)],
    }
    sealed = envelope.seal(package.build(manifest, {}, {}), "return", keys,
                           PublicKeys(branch.sign_public, branch.box_public))
    path = Path(folder) / f"{branch.code}-return-{branch.return_seq:06d}{RETURN_SUFFIX}"
    digest = write_safely(path, sealed)
    session.add(CityReturn(id=manifest["return_id"], branch_code=branch.code,
                           seq=branch.return_seq, sha256=digest, file_name=path.name))
    session.flush()
    return path
