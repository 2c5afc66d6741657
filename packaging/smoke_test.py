"""Smoke test of a built bundle, headless: `python packaging/smoke_test.py PROGRAM`.

Runs the program itself (not the source): the self-test, a command in portable mode, and GUI
starts of the branch and the city windows on the offscreen platform, which must paint with the
bundled font and Qt's Chinese strings and raise nothing. Standard library only, so it runs
wherever the bundle was built.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

TIMEOUT = 300  # seconds for one start; a hang (say, a dialog waiting for a click) fails

ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")
# Matches ui.app.STARTUP_PROBE (this script must not import the program).
STARTUP_PROBE = "BRANCHDESK_STARTUP_PROBE"


def _run(command: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, env={**ENV, **env}, capture_output=True, text=True, encoding="utf-8",
        errors="replace", timeout=TIMEOUT,
    )
    print(result.stdout + result.stderr, end="")
    if result.returncode != 0:
        raise AssertionError(f"{command[1:]} exited with {result.returncode}")
    return result


def self_test(program: Path, _work: Path) -> None:
    """The self-test, through the console twin where there is one (Windows): its report must
    reach the caller intact, in UTF-8 on any Windows language."""
    twin = program.with_name("branchdesk-cli.exe")
    result = _run([str(twin if twin.is_file() else program), "--self-test"])
    if "自检通过" not in result.stdout:
        raise AssertionError("the self-test's report did not reach standard output")


def portable_mode(program: Path, work: Path) -> None:
    """The `portable` marker beside the program puts the data, and the window's settings,
    in data/ beside it."""
    marker, data = program.parent / "portable", program.parent / "data"
    if data.exists():
        raise AssertionError(f"{data} exists already; remove it first")
    marker.touch()
    try:
        _run([str(program), "init", "--name", "中共便携测试党支部", "--code", "BX-01"])
        if not (data / "branch.db").is_file():
            raise AssertionError("portable mode did not put branch.db in data/")
        _started(program, work)
        if not (data / "BranchDesk" / "BranchDesk.ini").is_file():
            raise AssertionError("portable mode did not keep the window settings in data/")
    finally:
        marker.unlink()
        shutil.rmtree(data, ignore_errors=True)


def _started(program: Path, work: Path, *args: str) -> None:
    """Start the GUI with `args`; it must paint its window with the bundled font and Qt's
    Chinese strings, and raise nothing while opening the database and its first page."""
    probe = work / "probe.json"
    # A platform plugin path left by another Qt program must not stop ours (runtime hook).
    elsewhere = work / "other-qt" / "platforms"
    elsewhere.mkdir(parents=True, exist_ok=True)
    (elsewhere / ("qoffscreen.dll" if os.name == "nt" else "libqoffscreen.so")).write_bytes(b"x")
    _run([str(program), *args],
         **{STARTUP_PROBE: str(probe), "QT_QPA_PLATFORM_PLUGIN_PATH": str(elsewhere)})
    seen = json.loads(probe.read_text(encoding="utf-8"))
    print(f"  {seen}")
    if seen["painted"] is None:
        raise AssertionError("the main window was never painted")
    if "WenQuanYi" not in seen["font"]:
        raise AssertionError(f"the bundled font is not in use (got {seen['font']!r})")
    if seen["cancel_button"] != "取消":
        raise AssertionError("Qt's Chinese translation (qtbase_zh_CN.qm) was not loaded")


def gui_start(program: Path, work: Path) -> None:
    database = work / "branch.db"
    _run([str(program), "--db", str(database), "init", "--name", "中共界面测试党支部",
          "--code", "JM-01"])
    _started(program, work, "--db", str(database))


def city_gui_start(program: Path, work: Path) -> None:
    database = work / "city.db"
    _run([str(program), "--db", str(database), "city", "init", "--name",
          "中共测试市直属机关工作委员会", "--public-key", str(work / "city.bdkey")])
    _started(program, work, "--db", str(database), "--city")


CHECKS: tuple[Callable[[Path, Path], None], ...] = (
    self_test, portable_mode, gui_start, city_gui_start
)


def main() -> int:
    program = Path(sys.argv[1]).resolve()
    failed = 0
    for check in CHECKS:
        print(f"== {check.__name__}")
        with tempfile.TemporaryDirectory() as work:
            try:
                check(program, Path(work))
            except (AssertionError, subprocess.TimeoutExpired, OSError) as exc:
                failed += 1
                print(f"FAILED {check.__name__}: {exc}")
    print(f"bundle: {len(CHECKS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
