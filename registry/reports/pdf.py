"""HTML to PDF with headless Chromium.

Why Chromium: the report is half Arabic, and a browser engine shapes Arabic (joining forms,
ligatures, right-to-left runs mixed with numbers) with HarfBuzz and ICU exactly as a web page shows
it; the charts' SVG text is shaped the same way. WeasyPrint would also shape through Pango, but needs
Pango's system libraries and a second rendering engine besides the browser the browser tests already
install. Chromium comes from the Debian package `chromium` (see `make system-deps`).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from registry.errors import ConfigurationError

TIMEOUT_SECONDS = 300


def find_chromium(configured: str) -> str:
    """The Chromium executable: CONFIGURED if it exists, else one on PATH; ConfigurationError if none."""
    for candidate in (configured, "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(candidate)
        if found:
            return found
    raise ConfigurationError(
        f"Chromium is needed to print the PDF and was not found at {configured!r} or on PATH; "
        "install the Debian package chromium (make system-deps) or set CHROMIUM"
    )


def html_to_pdf(html: Path, pdf: Path, *, chromium: str) -> None:
    """Print the HTML file as an A4 PDF with its own page styles, no browser header or footer."""
    with tempfile.TemporaryDirectory(prefix="registry-chromium-") as profile:
        command = [
            find_chromium(chromium),
            "--headless",
            "--no-sandbox",  # the sandbox needs user namespaces, absent when running as root in a container
            "--disable-gpu",
            "--disable-extensions",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf}",
            html.resolve().as_uri(),
        ]
        # The command is ours and the page is a local file we wrote: nothing untrusted reaches it.
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)  # noqa: S603
    if done.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(f"Chromium could not print {html}: {done.stderr[-500:]}")
