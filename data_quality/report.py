"""What `rcm check` prints: findings per rule and the expectations by severity."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Group, RenderableType
from rich.table import Table

from rcm.data_quality.expectations.validate import Outcome

# Names of the steps of a run besides the rules (keys of step_seconds).
CONTEXT_STEP = "rule context"
EXPECTATIONS_STEP = "expectations"


@dataclass(frozen=True)
class RuleCount:
    rule: str
    level: str
    severity: str
    findings: int
    claims: int
    providers: int
    seconds: float = 0.0


@dataclass
class CheckReport:
    run_id: int
    icd10cm_release: str
    seconds: float
    step_seconds: dict[str, float] = field(default_factory=dict)
    rules: list[RuleCount] = field(default_factory=list)
    expectations: list[Outcome] = field(default_factory=list)

    @property
    def flags(self) -> int:
        return sum(r.findings for r in self.rules)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.expectations if not o.success]

    def table(self) -> RenderableType:
        rules = Table(
            title=f"Coding rules (check run {self.run_id}, {self.icd10cm_release})",
            title_justify="left",
        )
        for column in ("rule", "level", "severity"):
            rules.add_column(column)
        for column in ("findings", "claims affected", "providers", "seconds"):
            rules.add_column(column, justify="right")
        style = {"error": "red", "warning": "yellow", "info": "dim"}
        for r in self.rules:
            rules.add_row(
                r.rule,
                r.level,
                f"[{style[r.severity]}]{r.severity}[/]",
                f"{r.findings:,}",
                f"{r.claims:,}" if r.level != "provider" else "-",
                f"{r.providers:,}",
                f"{r.seconds:.1f}",
            )
        summary = Table(title="Expectations", title_justify="left")
        for column in ("severity", "passed", "failed"):
            summary.add_column(column, justify="left" if column == "severity" else "right")
        for severity in ("error", "warning"):
            mine = [o for o in self.expectations if o.spec.severity == severity]
            failed = sum(not o.success for o in mine)
            summary.add_row(severity, f"{len(mine) - failed}", f"{failed}")
        parts: list[RenderableType] = [rules, summary]
        if self.failed:
            failures = Table(title="Failed expectations", title_justify="left")
            for column in ("suite", "severity", "expectation", "table", "unexpected", "sample"):
                failures.add_column(column)
            for o in self.failed:
                failures.add_row(
                    o.check.suite,
                    o.spec.severity,
                    o.spec.name,
                    o.check.table,
                    o.observed_value or "",
                    (o.unexpected_sample or "")[:80],
                )
            parts.append(failures)
        parts.append(
            f"{self.flags:,} findings in {self.seconds:.1f} s{self._steps()} "
            "(findings are data: dq.coding_flags)"
        )
        return Group(*parts)

    def _steps(self) -> str:
        """' (rule context 1.2 s, rules 5.0 s, expectations 6.1 s)', or '' without timings."""
        if not self.step_seconds:
            return ""
        rules = sum(r.seconds for r in self.rules)
        context = self.step_seconds.get(CONTEXT_STEP, 0.0)
        expectations = self.step_seconds.get(EXPECTATIONS_STEP, 0.0)
        return (
            f" ({CONTEXT_STEP} {context:.1f} s, rules {rules:.1f} s, "
            f"{EXPECTATIONS_STEP} {expectations:.1f} s)"
        )
