"""A throw-away PostgreSQL server for tests (Debian's `postgresql` package).

Installed with apt-get when missing and running as root; otherwise the tests that need it
are skipped with the reason shown.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _install() -> str | None:
    """Install the server package; returns why it could not be done, or None."""
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        return "PostgreSQL 未安装，且当前不是 root 用户，无法自动安装（apt-get install postgresql）"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"],
                    ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            return f"安装 PostgreSQL 失败：{done.stderr.strip()[-300:]}"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    # The server refuses to run as root: use the `postgres` account the package creates.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def start_server() -> Iterator[str]:
    """Yield the URL of a fresh server; it is stopped and its files removed afterwards."""
    bindir = _bindir()
    if bindir is None:
        reason = _install()
        if reason:
            pytest.skip(reason)
        bindir = _bindir()
    if bindir is None:
        pytest.skip("安装后仍找不到 PostgreSQL 的 initdb")
    # Not under pytest's folders: those are private to root, and the server runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="branchdesk-pg-"))
    data = folder / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(data, "postgres")
    subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-A", "trust",
                                    "-U", "branchdesk", "--no-sync", "-E", "UTF8"]),
                   check=True, capture_output=True)
    port = _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
                                    "-l", str(folder / "server.log"), "-w", "start"]),
                   check=True, capture_output=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"postgresql://branchdesk@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m",
                                        "immediate", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
