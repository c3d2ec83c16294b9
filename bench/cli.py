"""CLI start-time benchmark: how long ``vexe --help`` and simple commands take, as a ratio to a
bare Python start in the same run (so the load of a shared machine cancels out).

Each command runs as a fresh process, interleaved with a bare ``python -c pass``, ``--runs``
times; the figure per command is the median wall time and the median CPU time (user + sys of
the child). ``cli_start_ratio`` is median ``vexe --help`` wall time / median bare Python wall time.

Commands: ``vexe --help``, ``vexe --version``, ``vexe keys --help`` and ``vexe fares check`` on
the Hanoi feed (offline: reads and validates the feed, no database).

Run: .venv/bin/python bench/cli.py [--runs 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VEXE = [sys.executable, "-c", "from vexe.cli import main; main()"]
COMMANDS: dict[str, list[str]] = {
    "python_startup": [sys.executable, "-c", "pass"],
    "help": [*VEXE, "--help"],
    "version": [*VEXE, "--version"],
    "keys_help": [*VEXE, "keys", "--help"],
    "fares_check": [*VEXE, "fares", "check", "--feed", str(REPO / "data" / "gtfs" / "hanoi")],
}


def run_once(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=REPO,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(runs: int) -> dict[str, float]:
    for argv in COMMANDS.values():  # warm the file cache and the bytecode cache
        run_once(argv)
    walls: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpus: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            wall, cpu = run_once(argv)
            walls[name].append(wall)
            cpus[name].append(cpu)
    result: dict[str, float] = {}
    for name in COMMANDS:
        result[f"{name}_s"] = round(statistics.median(walls[name]), 3)
        result[f"{name}_cpu_s"] = round(statistics.median(cpus[name]), 3)
    result["cli_start_ratio"] = round(result["help_s"] / result["python_startup_s"], 2)
    result["load_average_1m"] = round(os.getloadavg()[0], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="Print the figures as one JSON object.")
    args = parser.parse_args()
    result = measure(args.runs)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:<24} {value}")


if __name__ == "__main__":
    main()
