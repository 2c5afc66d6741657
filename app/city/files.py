"""The files that come with the branches' records (photos, scans of proofs), kept once by
SHA-256 on disk beside the city database (`city-files/ab/abcd…`), not as rows.

`city_attachment` keeps the index (which branch sent it, its size). Every read checks the
content against its name, so a damaged file is reported, never handed on (into a restore
package, say) as if it were the original.
"""

import hashlib
from pathlib import Path

from sqlalchemy import Engine

from app.files import read_file, write_safely
from base.errors import UserError
from db.city.database import beside


class CityFiles:
    def __init__(self, engine: Engine) -> None:
        self.folder = beside(engine, "files")

    def path(self, digest: str) -> Path:
        return self.folder / digest[:2] / digest

    def put(self, digest: str, data: bytes) -> None:
        """Keep a file under its hash (once: an intact copy already there is left alone)."""
        if hashlib.sha256(data).hexdigest() != digest:
            raise UserError(f"附件 {digest[:12]}… 的内容与其校验值不符，未保存。")
        if self.intact(digest):
            return
        write_safely(self.path(digest), data)

    def intact(self, digest: str) -> bool:
        path = self.path(digest)
        return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == digest

    def get(self, digest: str) -> bytes:
        """The file's content, checked against its hash; UserError when missing or damaged."""
        path = self.path(digest)
        if not path.is_file():
            raise UserError(f"工委的附件文件缺失：{path}。请从备份恢复该文件夹。")
        data = read_file(path)
        if hashlib.sha256(data).hexdigest() != digest:
            raise UserError(f"工委的附件文件已损坏（内容与校验值不符）：{path}。"
                            "请从备份恢复该文件，或请支部重新导出。")
        return data
