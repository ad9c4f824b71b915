"""Writing published versions to the publication directory, after their transaction committed.

A version is written only once it is committed, so a crash between the two leaves a version that is
recorded but not on disk; the next export writes it. A folder never exists for a version that was
rolled back, so a re-run of an interrupted publication cannot collide with a stale folder.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from registry.repositories import publications as pub_repo
from registry.services.publications import get_version, version_folder, write_directory


def write_missing(session: Session, *, directory: Path, newest: int = 5) -> list[int]:
    """Write the NEWEST versions that are not in DIRECTORY yet; the versions written."""
    latest = pub_repo.latest_version(session) or 0
    written = []
    for version in range(max(1, latest - newest + 1), latest + 1):
        target = directory / version_folder(version)
        if target.exists():
            continue
        publication = get_version(session, version=version)
        pid = publication.id or 0
        files = {}
        for name, _sha, _size in pub_repo.file_list(session, pid):
            stored = pub_repo.file_of(session, pid, name)
            assert stored is not None
            files[name] = stored.content
        write_directory(target, files)
        written.append(version)
    return written
