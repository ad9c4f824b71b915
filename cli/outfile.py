"""Output files of the file commands: checked against the input, then replaced whole or not at all."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from cli.errors import refuse


def output_target(source: Path, out: Path) -> Path:
    """The file OUT really names; refuse (exit 2) one that is SOURCE or that cannot be created."""
    if out.exists() and os.path.samefile(out, source):
        refuse(f"--out {out} is the input file; choose another path (the input would be lost)")
    if _stream(out):
        return out
    target = out.resolve()
    if target == source.resolve():
        refuse(f"--out {out} is the input file; choose another path (the input would be lost)")
    if target.is_dir():
        refuse(f"--out {out} is a directory; give a file path")
    if not target.parent.is_dir():
        refuse(f"--out {out}: directory {target.parent} does not exist")
    return target


def _stream(out: Path) -> bool:
    """True for /dev/stdout, a pipe, a FIFO or a device: written into as it is, never replaced."""
    return out.as_posix().startswith("/dev/") or (out.exists() and not out.is_file() and not out.is_dir())


@contextmanager
def replaced(target: Path) -> Iterator[TextIO]:
    """Write beside TARGET and move the file into place only if the block succeeds (a stream: into it)."""
    if _stream(target):
        with target.open("w", newline="", encoding="utf-8") as direct:
            yield direct
        return
    # So a failed run leaves no half-written output, and an existing TARGET as it was.
    staging = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        # "x": never follow or reuse a file someone else put there; mode from the umask, as open("w").
        handle = staging.open("x", newline="", encoding="utf-8")
    except OSError as exc:
        refuse(f"cannot write {target}: {exc.strerror or exc}")
    try:
        with handle:
            yield handle
        _keep_mode(target, staging)
        staging.replace(target)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


def _keep_mode(target: Path, staging: Path) -> None:
    """An existing output keeps its permissions, as when it was overwritten in place."""
    if target.exists():
        os.chmod(staging, stat.S_IMODE(target.stat().st_mode))
