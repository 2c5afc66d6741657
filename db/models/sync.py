"""Branch-side sync bookkeeping: the branch's keys, export history, what the city sent down.

None of these tables travel themselves (they are not Synced).
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import utcnow


class SyncIdentity(Base):
    """The branch's own key pair (one row), made on first use; never leaves the database."""

    __tablename__ = "sync_identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    sign_private: Mapped[bytes] = mapped_column(LargeBinary)  # Ed25519, raw 32 bytes
    box_private: Mapped[bytes] = mapped_column(LargeBinary)  # X25519, raw 32 bytes
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SyncExport(Base):
    """One package in the branch's chain: exported here, or restored from the city."""

    __tablename__ = "sync_export"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # 增量 / 全量 / 恢复
    file_name: Mapped[str] = mapped_column(String(200))
    folder: Mapped[str] = mapped_column(default="")
    sha256: Mapped[str] = mapped_column(String(64))
    previous_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    record_count: Mapped[int] = mapped_column(default=0)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # table -> counts
    size: Mapped[int] = mapped_column(default=0)
    acknowledged_at: Mapped[dt.datetime | None]
    city_status: Mapped[str] = mapped_column(String(200), default="")


class SyncExported(Base):
    """The last version of each record that went into a package (drives incremental export)."""

    __tablename__ = "sync_exported"

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int]


class SyncInbox(Base):
    """A message the city sent down in a return file, and what became of it."""

    __tablename__ = "sync_inbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[Any] = mapped_column(JSON)
    sent_at: Mapped[dt.datetime | None]
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16))  # 已处理 / 失败 / 无法处理
    result: Mapped[str] = mapped_column(default="")
    reported_seq: Mapped[int | None]  # the package that told the city it arrived
    read_at: Mapped[dt.datetime | None]


class SyncReturn(Base):
    """A return file from the city that was applied."""

    __tablename__ = "sync_return"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime | None]
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
