"""Opening a branch database: lock, pragmas, migrations after a verified backup, sessions."""

from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from base.errors import UserError
from db import cipher
from db.audit import ACTOR, install_hooks
from db.backup import BackupRotation
from db.engine import OpenDatabase, exists, make_engine
from db.errors import database_errors
from db.lock import InstanceLock
from db.migrate import BRANCH
from db.models import AuditEntry


class NoDatabase(UserError):
    """A command other than `init` was pointed at a missing or empty database file."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"没有找到数据库“{path}”（文件不存在或是空的）。新建支部数据库请先运行 "
            "branchdesk init --name 支部全称 --code 支部代码（或打开图形界面按向导设置）；"
            "已有数据库请用 --db 指明它的位置。")


class Database(OpenDatabase):
    """An open branch database. Use `Database.open(path)`; close it when done."""

    def __init__(self, path: Path, engine: Engine, lock: InstanceLock | None,
                 key: bytes | None = None) -> None:
        super().__init__(engine, lock)
        self.path = path
        self.label = str(path)
        self.key = key  # SQLCipher's key when the database has a password (db.cipher)
        self.actor: str | None = None
        install_hooks(self._sessions)
        self.backups = BackupRotation(path, key=key)

    @classmethod
    def open(cls, path: Path | str, *, lock: bool = True, create: bool = True,
             key: bytes | None = None) -> "Database":
        """Open `path`, migrating an older schema; with `create=False` a missing or empty
        file is refused (NoDatabase) instead of being set up as a new database. A database
        with a password needs its key (db.cipher.unlock)."""
        path = Path(path).resolve()
        existed = exists(path)
        if not existed and not create:
            raise NoDatabase(path)
        if existed and key is None and cipher.is_encrypted(path) and cipher.has_key_file(path):
            raise cipher.Locked(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        instance_lock = InstanceLock(path) if lock else None
        if instance_lock:
            instance_lock.acquire()
        try:
            engine = make_engine(f"sqlite:///{path}", **cipher.engine_options(path, key))
            database = cls(path, engine, instance_lock, key)
            with database_errors(path):
                database._migrate(existed)
        except BaseException:
            if instance_lock:
                instance_lock.release()
            raise
        return database

    def _migrate(self, existed: bool) -> None:
        current = BRANCH.current_heads(self.engine)
        if current == BRANCH.target_heads():
            return
        BRANCH.refuse_newer(self.engine, str(self.path))
        if existed:
            # An older schema: keep a verified copy before touching it.
            label = "before-migration-" + ("-".join(sorted(current)) or "none")
            self.backups.take(label)
        BRANCH.upgrade(self.engine)

    def new_session(self) -> Session:
        session = super().new_session()
        if self.actor:
            session.info[ACTOR] = self.actor
        return session

    def change_marker(self) -> int:
        """Grows with every change; used to decide whether a backup is due."""
        with self.new_session() as session:
            return session.scalar(select(func.max(AuditEntry.seq))) or 0

    def maybe_backup(self) -> Path | None:
        return self.backups.maybe_backup(self.change_marker())
