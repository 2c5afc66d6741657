"""Every page and every dialog of both windows fits each supported screen: the frame inside
the available area, the save/OK buttons visible. Each screen runs in its own process, as the
offscreen platform's screen size and Qt's scale factor are fixed at start-up."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui_inventory import ENTRIES

ROOT = Path(__file__).resolve().parent.parent

#: (width, height, Windows' display scaling) of the screens the program supports.
SCREENS = ((1366, 768, 1.0), (1366, 768, 1.25), (1920, 1080, 1.0), (1920, 1080, 1.25),
           (1920, 1080, 1.5), (1280, 720, 1.0))


def run_probe(tmp_path: Path, branch_db: Path, city_db: Path, width: int, height: int,
              scale: float) -> dict:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [
        {"name": "screen", "x": 0, "y": 0, "width": width, "height": height,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    for name, source in (("branch.db", branch_db), ("city.db", city_db)):
        shutil.copyfile(source, tmp_path / name)
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": str(scale), "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    out = tmp_path / "result.json"
    subprocess.run([sys.executable, "-m", "tests.screen_fit_probe", str(tmp_path / "branch.db"),
                    str(tmp_path / "city.db"), str(tmp_path / "settings"), str(out)],
                   cwd=ROOT, env=env, check=True, timeout=900)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("width", "height", "scale"), SCREENS,
                         ids=[f"{w}x{h}@{round(s * 100)}%" for w, h, s in SCREENS])
def test_every_window_fits_the_screen(tmp_path: Path, _demo_template: Path,
                                      city_demo_template: Path, width: int, height: int,
                                      scale: float) -> None:
    result = run_probe(tmp_path, _demo_template, city_demo_template, width, height, scale)
    assert result["screen"] == [0, 0, round(width / scale), round(height / scale)]
    assert result["problems"] == []
    assert result["checked"] == [entry.name for entry in ENTRIES]
