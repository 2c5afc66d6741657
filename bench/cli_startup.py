"""How soon the command line answers: each call a new process, against a bare interpreter.

    .venv/bin/python bench/cli_startup.py [--runs 15]

Times (median and fastest of `runs` starts, interleaved so load on the machine hits all
alike) `python -c pass` (the floor), `branchdesk --version`, `branchdesk --help`, and
`branchdesk members list --json` on a branch just set up with `branchdesk init` in a
temporary folder, and prints each as a multiple of the floor (targets: 5× and 20×).
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The `branchdesk` console script does exactly this.
PROGRAM = [sys.executable, "-c", "from app.cli import main; raise SystemExit(main())"]


def start(command: list[str]) -> float:
    begin = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - begin


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
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(start(command))
    floor = statistics.median(times["python -c pass (floor)"])
    print(f"{'command':48} {'median ms':>10} {'fastest ms':>11} {'× floor':>8}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:48} {median * 1000:10.0f} {min(values) * 1000:11.0f} "
              f"{median / floor:8.1f}")


if __name__ == "__main__":
    main()
