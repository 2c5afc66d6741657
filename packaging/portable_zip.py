"""The portable zip: the built bundle plus the `portable` marker, for a USB stick.

    python packaging/portable_zip.py   ->  dist/BranchDesk-<version>-portable.zip

Unpacked, it is one folder `BranchDesk/` with the program, its `_internal/` files and the
marker; the program then keeps its data in `BranchDesk/data/` beside itself (base.paths).
"""

import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The marker's content is for whoever opens it; only its presence matters (base.paths).
MARKER_TEXT = (
    "有这个名为 portable 的文件时，支部工作台把数据保存在旁边的 data 文件夹中（便携模式，"
    "可整个文件夹放在U盘上使用）。删除它，数据就改存到本机的用户数据目录。\r\n"
)


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def build(bundle: Path, target: Path) -> Path:
    """Write the zip of `bundle` (dist/BranchDesk) with the marker added; returns its path."""
    if (bundle / "portable").exists() or (bundle / "data").exists():
        raise SystemExit(f"{bundle} holds a portable marker or data: build a clean bundle first")
    top = bundle.name
    part = target.with_name(target.name + ".part")
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(bundle).as_posix()}")
        archive.writestr(f"{top}/portable", MARKER_TEXT.encode("utf-8"))
    part.replace(target)
    return target


def main() -> None:
    bundle = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "BranchDesk"
    target = bundle.parent / f"BranchDesk-{version()}-portable.zip"
    print(build(bundle, target))


if __name__ == "__main__":
    main()
