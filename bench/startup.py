"""Cold start to the first painted main window: a bare PySide6 window (the floor), BranchDesk
from source and BranchDesk from the bundle, side by side in one run; plus the bundle's size.

    xvfb-run -a -s '-screen 0 1366x768x24' .venv/bin/python bench/startup.py [--runs 7]

Each start is a new process; the time runs from just before the process is spawned to the
first paint event of the main window (and, for BranchDesk, to "ready": database opened and
首页 filled). The programs report through ui.app.STARTUP_PROBE. Without a display the
offscreen platform is used. Build the bundle first with `make bundle` (else it is skipped);
the bare window is then also frozen with PyInstaller (about a minute), so that the bundle is
compared with a floor that pays PyInstaller's start-up costs too.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ui.app import STARTUP_PROBE  # noqa: E402 - after the path is set

BUNDLE = ROOT / "dist" / "BranchDesk"
EXE = BUNDLE / ("BranchDesk.exe" if os.name == "nt" else "BranchDesk")

#: The floor: the least any PySide6 program does to paint a main window of the same size.
BARE_WINDOW = """
import json, os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

class Probe(QObject):
    painted = None
    def eventFilter(self, watched, event):
        if self.painted is None and event.type() == QEvent.Type.Paint:
            self.painted = time.monotonic()
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 760)
probe = Probe()
window.installEventFilter(probe)
window.show()
app.processEvents()
ready = time.monotonic()
with open(os.environ[sys.argv[1]], "w") as out:  # argv[1]: the probe's variable
    json.dump({"painted": probe.painted, "ready": ready}, out)
"""
FLOOR, FROZEN_FLOOR = "bare PySide6 window (floor)", "bare window, frozen (floor)"


def start_once(command: list[str], probe: Path) -> tuple[float, float]:
    """Seconds from spawning `command` to its first paint and to ready."""
    probe.unlink(missing_ok=True)
    env = dict(os.environ, **{STARTUP_PROBE: str(probe)})
    started = time.monotonic()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    result = json.loads(probe.read_text(encoding="utf-8"))
    return result["painted"] - started, result["ready"] - started


def size_mb(folder: Path, skip: Path | None = None) -> float:
    """Megabytes (10^6 bytes) of the files under `folder`; links to libraries count once."""
    total = sum(
        f.stat().st_size
        for f in folder.rglob("*")
        if f.is_file() and not f.is_symlink() and not (skip and f.is_relative_to(skip))
    )
    return total / 1e6


def make_demo(folder: Path) -> Path:
    """A realistic branch (the ten-year demo) so that 首页 has real work to do."""
    path = folder / "demo.db"
    subprocess.run(
        [sys.executable, "-m", "app", "--db", str(path), "demo"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return path


def freeze_bare_window(folder: Path) -> Path:
    """The bare window as a PyInstaller one-folder program (PyInstaller's default hooks)."""
    script = folder / "bare_window.py"
    script.write_text(BARE_WINDOW, encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(folder / "dist"),
            "--workpath",
            str(folder / "build"),
            "--specpath",
            str(folder),
            str(script),
        ],
        check=True,
    )
    return folder / "dist" / "bare_window" / f"bare_window{'.exe' if os.name == 'nt' else ''}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed starts of each (default 7)")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    platform = os.environ.get("QT_QPA_PLATFORM", f"xcb (DISPLAY={os.environ.get('DISPLAY')})")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = make_demo(folder)
        variants = {
            FLOOR: [sys.executable, "-c", BARE_WINDOW, STARTUP_PROBE],
            "BranchDesk from source": [sys.executable, "-m", "app", "--db", str(demo)],
        }
        if EXE.exists():
            variants[FROZEN_FLOOR] = [str(freeze_bare_window(folder)), STARTUP_PROBE]
            variants["BranchDesk bundle"] = [str(EXE), "--db", str(demo)]
        probe = folder / "probe.json"
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
        for command in variants.values():  # warm the disk cache; not counted
            start_once(command, probe)
        for _ in range(args.runs):  # interleaved, so drifts of the machine hit all alike
            for name, command in variants.items():
                times[name].append(start_once(command, probe))

    floors = {
        name: statistics.median(p for p, _r in times[name])
        for name in (FLOOR, FROZEN_FLOOR)
        if name in times
    }
    print(
        f"Qt platform: {platform}; {args.runs} starts each; median (min) in ms;"
        " × floor: from source against the bare window, frozen against the frozen one"
    )
    print(f"{'':30} {'first paint':>16} {'× floor':>8} {'ready':>16}")
    for name, runs in times.items():
        painted = [p * 1000 for p, _r in runs]
        ready = [r * 1000 for _p, r in runs]
        floor = floors[FROZEN_FLOOR if name in (FROZEN_FLOOR, "BranchDesk bundle") else FLOOR]
        print(
            f"{name:30} {statistics.median(painted):8.0f} ({min(painted):5.0f})"
            f" {statistics.median(painted) / floor / 1000:8.2f}"
            f" {statistics.median(ready):8.0f} ({min(ready):5.0f})"
        )
    if EXE.exists():
        fonts = BUNDLE / "_internal" / "resources" / "fonts"
        print(
            f"bundle size: {size_mb(BUNDLE):.0f} MB, {size_mb(BUNDLE, fonts):.0f} MB without"
            f" the fonts ({BUNDLE.relative_to(ROOT)})"
        )
    else:
        print(f"no bundle at {EXE.relative_to(ROOT)}: run `make bundle` first")


if __name__ == "__main__":
    main()
