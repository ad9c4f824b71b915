"""The CLI starts without the heavy libraries that only some commands need."""

from __future__ import annotations

import subprocess
import sys

# Together these took 2 of the CLI's 3 seconds of imports; each is imported where it is used.
HEAVY = ("sklearn", "skops", "matplotlib", "followthemoney")


def test_loading_the_cli_imports_no_heavy_library():
    probe = f"import sys, cli.main; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == ""
