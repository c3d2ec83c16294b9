"""Docs and code comments stand alone: they never cite a design file outside the repository, and
every repository path they name (``docs/...``, ``tests/...``, ``ticketing/...``) exists."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TEXT_SUFFIXES = {".py", ".md", ".toml", ".yaml", ".yml", ".cfg", ".ini", ".txt", ".ts", ".js",
                 ".mjs", ".html", ".css", ".json", ".sh"}
TEXT_NAMES = {"Makefile", "Dockerfile", "run"}
DESIGN_FILE = "DE" + "SIGN"  # spelled in two parts so this file does not match its own check
OUTSIDE = re.compile(rf"\b{DESIGN_FILE}(?:\.md|\s*§)|\.\./shared/|/work/shared\b|\bshared/{DESIGN_FILE}")
REPO_PATH = re.compile(
    r"(?<![\w./-])((?:docs|tests|bench|ticketing|vexe|validators|mobile_api|gateway|migrations|data)"
    r"/[A-Za-z0-9_./-]*[A-Za-z0-9_])"
)


def tracked_text_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True)
    files = []
    for name in listed.stdout.splitlines():
        path = Path(name)
        if name.startswith("data/") or "node_modules" in path.parts:
            continue  # third-party feeds and packages speak for themselves
        if (path.suffix in TEXT_SUFFIXES or path.name in TEXT_NAMES) and (REPO / path).is_file():
            files.append(name)
    return files


def read(name: str) -> str:
    return (REPO / name).read_text(encoding="utf-8", errors="replace")


def test_nothing_cites_a_design_file_outside_the_repository() -> None:
    cited = [f"{name}: {match.group(0)!r}" for name in tracked_text_files()
             for match in OUTSIDE.finditer(read(name))]
    assert cited == [], "write the decision into docs/decisions.md and point there:\n" + "\n".join(cited)


def test_every_repository_path_named_in_docs_or_code_exists() -> None:
    missing = sorted({f"{name}: {match.group(1).rstrip('.')}" for name in tracked_text_files()
                      for match in REPO_PATH.finditer(read(name))
                      if not (REPO / match.group(1).rstrip(".")).exists()})
    assert missing == [], "names a file the repository does not have:\n" + "\n".join(missing)


def test_the_checks_catch_what_they_look_for() -> None:
    assert OUTSIDE.search(f"see {DESIGN_FILE} §4")
    assert OUTSIDE.search(f"the {DESIGN_FILE}.md brief")
    assert OUTSIDE.search("../shared/docs/x.md")
    assert not OUTSIDE.search("docs/decisions.md §4")
    named = [m.group(1) for m in REPO_PATH.finditer("(docs/gtfs-fares-v2.md §3) and `tests/conftest.py`.")]
    assert named == ["docs/gtfs-fares-v2.md", "tests/conftest.py"]


def test_the_readme_command_table_lists_every_command() -> None:
    import click

    from vexe.cli import cli

    rows = [line for line in read("README.md").splitlines() if line.startswith("| `vexe")]
    missing = []
    context = click.Context(cli)
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        subcommands = command.list_commands(context) if isinstance(command, click.Group) else [""]
        for sub in subcommands:
            mentioned = any(f"vexe {name}" in row and re.search(rf"[ |`]{re.escape(sub)}\b", row)
                            for row in rows)
            if not mentioned:
                missing.append(f"vexe {name} {sub}".strip())
    assert missing == [], f"README's command table misses: {missing}"
