"""The Hanoi 2026 worked examples of docs/fares.md §7 are tests: every ``journey`` block is priced
by ``vexe fares quote --feed data/gtfs/hanoi`` and checked against the ``expect`` block after it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from vexe.cli import cli
from vexe.cli.common import run_guarded

ROOT = Path(__file__).resolve().parents[3]
BLOCK = re.compile(r"```json (journey|expect)\n(.*?)```", re.S)


def _examples() -> list[tuple[str, Any, Any]]:
    text = (ROOT / "docs" / "fares.md").read_text(encoding="utf-8")
    section = text[text.index("## 7. Hanoi 2026") :]
    blocks = [(m.group(1), json.loads(m.group(2))) for m in BLOCK.finditer(section)]
    pairs: list[tuple[str, Any, Any]] = []
    for (kind, journey), (next_kind, expect) in zip(blocks[::2], blocks[1::2], strict=True):
        assert (kind, next_kind) == ("journey", "expect"), "each journey block needs an expect block"
        pairs.append((f"example-{len(pairs) + 1}", journey, expect))
    return pairs


EXAMPLES = _examples()


def _subset(expected: Any, actual: Any, where: str = "") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        for key, value in expected.items():
            _subset(value, actual.get(key), f"{where}.{key}")
    elif isinstance(expected, list) and expected and isinstance(expected[0], dict):
        assert isinstance(actual, list), where
        assert len(actual) == len(expected), where
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            _subset(e, a, f"{where}[{i}]")
    else:
        assert actual == expected, (where, actual, expected)


def test_the_page_has_the_examples_the_issue_asks_for() -> None:
    assert len(EXAMPLES) >= 7


@pytest.mark.parametrize(("name", "journey", "expect"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_worked_example_through_the_cli(
    name: str, journey: Any, expect: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(journey), encoding="utf-8")
    code = run_guarded(
        cli, ["fares", "quote", "--feed", str(ROOT / "data" / "gtfs" / "hanoi"), "--journey", str(path)]
    )
    out = capsys.readouterr()
    assert (code, out.err) == (0, "")
    _subset(expect, json.loads(out.out))
