"""What a run wrote, for the CLI to print and the benchmarks to record."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class GenerationSummary:
    claims: int = 0
    submissions: int = 0
    remittances: int = 0  # CLP loops
    files_837: int = 0
    files_835: int = 0
    files_999: int = 0
    files_277: int = 0
    front_end_rejected: int = 0  # submissions a 999 or 277CA rejected
    csv_files: int = 0
    bad_files: int = 0
    bytes_written: int = 0
    ground_truth_rows: int = 0
    ground_truth_by_rule: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)
