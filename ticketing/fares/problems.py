"""Feed problems: every finding names the file, the line and the field.

``file:line: field: message``. Line 1 is the header; line 0 means the file as a whole (missing or
conflicting files).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class FeedReport:
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict[str, list[str]]:
        return {"errors": [str(p) for p in self.errors], "warnings": [str(p) for p in self.warnings]}


class FeedError(Exception):
    """The feed has errors; ``report`` carries all of them (and the warnings)."""

    def __init__(self, report: FeedReport) -> None:
        first = str(report.errors[0]) if report.errors else "no errors"
        more = f" (and {len(report.errors) - 1} more)" if len(report.errors) > 1 else ""
        super().__init__(f"feed has errors: {first}{more}")
        self.report = report

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.report.errors


@dataclass
class ProblemSink:
    """Collects problems while a feed is read; never stops at the first one."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, file: str, line: int, field_name: str, message: str) -> None:
        self.errors.append(Problem(file, line, field_name, message))

    def warn(self, file: str, line: int, field_name: str, message: str) -> None:
        self.warnings.append(Problem(file, line, field_name, message))

    def report(self) -> FeedReport:
        return FeedReport(tuple(self.errors), tuple(self.warnings))
