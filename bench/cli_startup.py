"""How soon the command line answers: each call a new process, against a bare interpreter.

    .venv/bin/python bench/cli_startup.py [--runs 15]

Times (median and fastest of `runs` starts, interleaved so load on the machine hits all
alike) `python -c pass` (the floor), `branchdesk --version`, `branchdesk --help`, and
`branchdesk members list --json` on a branch just set up with `branchdesk init` in a
temporary folder, and prints each as a multiple of the floor (targets: 5× and 20×), in wall
time and in CPU time of the process.
"""

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The `branchdesk` console script does exactly this.
PROGRAM = [sys.executable, "-c", "from app.cli import run; run()"]


def start(command: list[str]) -> tuple[float, float]:
    """Wall time, and CPU time (user + system) of the process: on a shared machine the CPU
    time is the steadier figure."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - begin
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "branch.db")
        subprocess.run([*PROGRAM, "--db", db, "init", "--name", "中共测试单位机关党支部",
                        "--code", "T-01"], check=True, stdout=subprocess.DEVNULL)
        commands = {
            "python -c pass (floor)": [sys.executable, "-c", "pass"],
            "branchdesk --version": [*PROGRAM, "--version"],
            "branchdesk --help": [*PROGRAM, "--help"],
            "branchdesk members list --json (new branch)": [*PROGRAM, "--db", db, "members",
                                                           "list", "--json"],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(start(command))
    floor = times["python -c pass (floor)"]
    wall_floor = statistics.median(w for w, _c in floor)
    cpu_floor = statistics.median(c for _w, c in floor)
    print(f"{'command':46} {'wall ms':>8} {'fastest':>8} {'× floor':>8} {'CPU ms':>7} "
          f"{'× floor':>8}")
    for name, values in times.items():
        wall = statistics.median(w for w, _c in values)
        cpu = statistics.median(c for _w, c in values)
        print(f"{name:46} {wall * 1000:8.0f} {min(w for w, _c in values) * 1000:8.0f} "
              f"{wall / wall_floor:8.1f} {cpu * 1000:7.0f} {cpu / cpu_floor:8.1f}")


if __name__ == "__main__":
    main()
