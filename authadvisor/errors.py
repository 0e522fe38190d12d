"""One exception root. The CLI boundary (authadvisor.cli.boundary) turns these into messages and exit
codes."""

from __future__ import annotations

from collections.abc import Iterable

from .findings import Finding, capped
from .inert import inert

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class AuthAdvisorError(Exception):
    """Root of every error authadvisor raises on purpose. Anything else escaping is a bug."""

    exit_code = EXIT_FINDINGS

    def __init__(self, message: str, findings: Iterable[Finding] = ()) -> None:
        self.findings: tuple[Finding, ...] = tuple(capped(findings))  # sorted; at most 100 per check
        super().__init__(message)

    def lines(self) -> list[str]:
        """The error as the lines a person reads: every finding, or the message alone."""
        if self.findings:
            return [f.format() for f in self.findings]
        from .manifest.credentials import redact

        return [f"error: {inert(redact(str(self)))}"]


class ManifestError(AuthAdvisorError):
    """The manifest is not valid YAML or not valid against schema v1. Carries every problem found."""

    @property
    def file(self) -> str:
        return self.findings[0].file if self.findings else "<input>"

    @property
    def line(self) -> int:
        return self.findings[0].line if self.findings else 1

    @property
    def column(self) -> int:
        return self.findings[0].column if self.findings else 1


class RulesError(AuthAdvisorError):
    """The rules table is broken (bad YAML, schema violation, gap or conflict at evaluation)."""

    exit_code = EXIT_USAGE


class UsageError(AuthAdvisorError):
    """The command was called wrongly (missing file, bad option value)."""

    exit_code = EXIT_USAGE
