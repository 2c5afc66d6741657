"""Opening the city database: a SQLite file (default) or a `postgresql://` URL, same models."""

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from base.errors import UserError
from base.log import get_logger
from base.paths import data_dir
from db.backup import backup_database
from db.city.migrate import CITY
from db.engine import OpenDatabase, exists, make_engine
from db.errors import database_errors
from db.lock import InstanceLock
from db.types import utcnow

CACHE_KIB = 256 * 1024


def _sqlite_settings(engine: Engine) -> None:
    """Let SQLAlchemy issue BEGIN itself, so SAVEPOINTs nest properly (pysqlite defers BEGIN);
    a page cache that suits a large city database."""

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        # Records are keyed by random UUIDs: with SQLite's 2 MB default cache, inserting into a
        # city database of millions of records rereads the key index from disk all the time.
        dbapi_connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")


def is_url(target: str | Path) -> bool:
    return "://" in str(target)


def engine_url(target: str | Path) -> str:
    """`postgresql://…` uses the psycopg 3 driver; anything else is a SQLite file path."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if is_url(text):
        return text
    return f"sqlite:///{Path(text).resolve()}"


def engine_of(session: Session) -> Engine:
    """The engine of the database a session works on."""
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def beside(engine: Engine, name: str) -> Path:
    """A folder that goes with the city database: `city-NAME` beside its file, or for a
    PostgreSQL city one in the data folder per server and database."""
    if engine.dialect.name == "sqlite" and engine.url.database:
        path = Path(engine.url.database).resolve()
        return path.with_name(f"{path.stem}-{name}")
    where = engine.url.set(password=None).render_as_string(hide_password=False)
    return data_dir() / f"city-{name}" / hashlib.sha256(where.encode()).hexdigest()[:16]


class NoCityDatabase(UserError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"没有找到工委数据库“{path}”（文件不存在或是空的）。新建请先运行 "
            "branchdesk city init --name 工委全称 --public-key 公钥文件（或用 branchdesk --city "
            "打开图形界面）；已有数据库请用 --db 指明它的位置。")


class CityDatabase(OpenDatabase):
    """An open city database. Use `CityDatabase.open(target)`; close it when done."""

    def __init__(self, target: str, engine: Engine, lock: InstanceLock | None) -> None:
        super().__init__(engine, lock)
        self.target = target
        #: Given to every session's `info`: the city's keys once its password opened them.
        self.session_info: dict[str, Any] = {}

    def new_session(self) -> Session:
        session = super().new_session()
        session.info.update(self.session_info)
        return session

    @classmethod
    def open(cls, target: str | Path, *, create: bool = True) -> "CityDatabase":
        lock = None
        if not is_url(target):
            path = Path(target).resolve()
            if not create and not exists(path):
                raise NoCityDatabase(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = InstanceLock(path)
            lock.acquire()
        try:
            engine = make_engine(engine_url(target))
            if engine.dialect.name == "sqlite":
                _sqlite_settings(engine)
            database = cls(str(target), engine, lock)
            with database_errors(target if not is_url(target) else engine.url.database or ""):
                database._migrate()
        except OperationalError as exc:
            if lock:
                lock.release()
            get_logger("city").warning("无法连接工委数据库：%s", exc.orig)
            raise UserError(f"无法连接工委数据库“{target}”。请检查地址、用户名和密码，以及数据库"
                            "服务器是否已启动（详细原因已记入日志文件）。") from None
        except BaseException:
            if lock:
                lock.release()
            raise
        return database

    def _migrate(self) -> None:
        current = CITY.current_heads(self.engine)
        if current == CITY.target_heads():
            return
        CITY.refuse_newer(self.engine, self.target if not is_url(self.target) else "工委数据库")
        if current and self.engine.dialect.name == "sqlite":
            path = Path(self.target).resolve()
            stamp = utcnow().strftime("%Y%m%d-%H%M%S")
            backup_database(path, path.with_name(f"{path.stem}-before-migration-{stamp}.db"))
        CITY.upgrade(self.engine)
