"""The dependency direction between packages is a contract, checked on every run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_module_is_oversized() -> None:
    limit = 450
    offenders = [
        (str(path.relative_to(ROOT)), lines)
        for package in ("registry", "scoring", "api", "jobs", "cli")
        for path in (ROOT / package).rglob("*.py")
        if "/data/" not in str(path) and (lines := len(path.read_text().splitlines())) > limit
    ]
    assert offenders == []
