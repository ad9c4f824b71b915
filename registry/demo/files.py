"""The demo history written as the files other authorities send, so it loads through the real import."""

from __future__ import annotations

import csv
from pathlib import Path

from registry.demo.records import DemoComplaint, DemoHistory, DemoInspection

COMPLAINT_COLUMNS = (
    "source_ref",
    "received_on",
    "company_name",
    "categories",
    "channel",
    "reporter_type",
    "language",
    "status",
    "worker_origin",
    "reporter_key",
)
INSPECTION_COLUMNS = (
    "source_ref",
    "inspected_on",
    "inspector",
    "outcome",
    "external_id",
    "workers_interviewed",
    "findings",
)


def write_history(history: DemoHistory, directory: Path) -> tuple[Path, Path]:
    """Write complaints.csv and inspections.csv into DIRECTORY; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    complaints, inspections = directory / "complaints.csv", directory / "inspections.csv"
    _write(complaints, COMPLAINT_COLUMNS, (_complaint_row(c) for c in history.complaints))
    _write(inspections, INSPECTION_COLUMNS, (_inspection_row(i) for i in history.inspections))
    return complaints, inspections


def _write(path: Path, columns: tuple[str, ...], rows: object) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)  # type: ignore[arg-type]


def _complaint_row(complaint: DemoComplaint) -> tuple[object, ...]:
    status = {True: "substantiated", False: "unsubstantiated", None: "received"}[complaint.substantiated]
    return (
        complaint.source_ref,
        complaint.received_on.isoformat(),
        complaint.company_name_as_written,
        "|".join(complaint.categories),
        complaint.channel,
        complaint.reporter_type,
        complaint.language,
        status,
        complaint.corridor,
        complaint.reporter_key,
    )


def _inspection_row(inspection: DemoInspection) -> tuple[object, ...]:
    findings = "|".join(f"{f.violation_code}:{f.workers_affected}" for f in inspection.findings)
    outcome = "violations_found" if inspection.findings else "compliant"
    return (
        inspection.source_ref,
        inspection.inspected_on.isoformat(),
        inspection.inspector,
        outcome,
        inspection.company_external_id,
        inspection.workers_interviewed,
        findings,
    )
