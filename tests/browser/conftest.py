"""A live server for the browser tests: uvicorn on a free port over a migrated PostgreSQL database
holding a few companies (one blacklisted), and headless Chromium from Debian's package."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from registry.database import build_engine
from tests.conftest import IN_CI, create_database, drop_database, migrated_engine
from tests.public_support import build_registry

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
HOTLINE = "+965 107"


def chromium_or_skip() -> Path:
    """Debian's Chromium; missing, it fails the run under CI=true and skips it elsewhere."""
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"{CHROMIUM} is missing: `make test` installs Debian's chromium package when run as root"
    if IN_CI:
        pytest.fail(message + " (CI=true: a skipped browser run is a failure)")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (cleared at the start of the run)."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a real uvicorn process serving the app over its own seeded database."""
    url = create_database("registry_browser")
    engine = migrated_engine(url)
    with Session(build_engine(url)) as session:
        build_registry(session)
        session.commit()
    engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REGISTRY_DATA_DIR": str(tmp_path_factory.mktemp("server-data")),
        "PUBLIC_HOTLINE": HOTLINE,
        "PUBLIC_DEFAULT_LANGUAGE": "ar",
    }
    command = [sys.executable, "-m", "uvicorn", "api.app:app", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen([*command, "--no-access-log"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        drop_database(url)


def _wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError("the server did not answer /healthz within 60 s")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where the screenshots are."""
    if ARTIFACTS.exists() and any(ARTIFACTS.glob("*.png")):
        terminalreporter.write_line(f"browser screenshots: {ARTIFACTS}")
