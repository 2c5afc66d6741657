"""City tables. Branch records are kept generically (table, id, version, JSON), so a table
that a newer branch program sends is stored without any change here."""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.base import NAMING
from db.types import UtcDateTime, utcnow


class CityBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UtcDateTime}  # noqa: RUF012


class CityIdentity(CityBase):
    """The city's key pair (one row), made by `branchdesk city init`."""

    __tablename__ = "city_identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sign_private: Mapped[bytes] = mapped_column(LargeBinary)
    box_private: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CityBranch(CityBase):
    """A branch the city knows: its trusted key and where its package chain stands."""

    __tablename__ = "city_branch"

    code: Mapped[str] = mapped_column(String(50), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    key_id: Mapped[str] = mapped_column(String(64))  # the confirmed key's SHA-256
    sign_public: Mapped[bytes | None] = mapped_column(LargeBinary)
    box_public: Mapped[bytes | None] = mapped_column(LargeBinary)
    trusted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_sha256: Mapped[str | None] = mapped_column(String(64))
    last_import_at: Mapped[dt.datetime | None]
    return_seq: Mapped[int] = mapped_column(default=0)
    #: Written with the branch's typed store at every change (app/city/store.py): a store
    #: carrying another stamp is out of step and is rebuilt before it is read.
    store_stamp: Mapped[str | None] = mapped_column(String(36))
    #: Its records that are not deleted, counted at each import (the list of branches shows
    #: it without counting millions of rows).
    record_count: Mapped[int] = mapped_column(default=0, server_default="0")


class CityPackage(CityBase):
    """A package that was imported."""

    __tablename__ = "city_package"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_code: Mapped[str] = mapped_column(ForeignKey("city_branch.code"), index=True)
    seq: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    previous_sha256: Mapped[str | None] = mapped_column(String(64))
    export: Mapped[str] = mapped_column(String(16))  # full / incremental
    file_name: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime | None]  # the branch PC's clock: shown, never ordered by
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    app_version: Mapped[str] = mapped_column(String(20), default="")
    schema_version: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # class -> count
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)


class CityRecord(CityBase):
    """The city's copy of one branch record (the newest version it received)."""

    __tablename__ = "city_record"

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_code: Mapped[str] = mapped_column(ForeignKey("city_branch.code"), index=True)
    version: Mapped[int]
    deleted: Mapped[bool] = mapped_column(default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: `app.sync.records.content_hash` of the data, or empty: the import works it out from
    #: the data only when a package brings the version the city holds (unchanged or conflict).
    content_hash: Mapped[str] = mapped_column(String(64))
    package_id: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CitySummary(CityBase):
    """One branch's figures for one year, as the branch's own rules give them
    (app/city/summaries.py), kept so that reports need not compute them again."""

    __tablename__ = "city_summary"

    branch_code: Mapped[str] = mapped_column(ForeignKey("city_branch.code"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[dt.date]  # the first day of the month they hold for (the year's end + 1)
    rules_version: Mapped[int]
    store_stamp: Mapped[str] = mapped_column(String(36))  # of the store they came from
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    computed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CityAttachment(CityBase):
    """A file that came with a record, by content hash: the index of `city-files/`."""

    __tablename__ = "city_attachment"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    branch_code: Mapped[str] = mapped_column(ForeignKey("city_branch.code"), index=True)
    size: Mapped[int]
    #: Empty: the file itself is kept on disk by its hash (app/city/files.py).
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CityConflict(CityBase):
    """A record version that differed from the city's copy of the same version (kept aside)."""

    __tablename__ = "city_conflict"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    branch_code: Mapped[str] = mapped_column(ForeignKey("city_branch.code"), index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    package_id: Mapped[str] = mapped_column(String(36))
    detected_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CityMessage(CityBase):
    """Something to send down to a branch (a notice, a decision) until it confirms receipt."""

    __tablename__ = "city_message"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_code: Mapped[str] = mapped_column(ForeignKey("city_branch.code"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    delivered_seq: Mapped[int | None]  # the branch package that confirmed it arrived


class CityReturn(CityBase):
    """A return file written for a branch."""

    __tablename__ = "city_return"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    branch_code: Mapped[str] = mapped_column(ForeignKey("city_branch.code"), index=True)
    seq: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
