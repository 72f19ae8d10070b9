"""One-file backups: every app's rows (dumpdata JSON) plus the uploaded documents.

`manage.py backup` writes the archive; `manage.py restore` loads it into an empty, migrated
database and puts the files back. The archive holds personal data and two-factor secrets:
store it encrypted, as carefully as the database itself.
"""

import hashlib
import json
import tarfile
import tempfile
from collections import Counter
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

FORMAT = 1
# Rebuilt by `migrate` (content types, permissions), or worthless after a restore
# (sessions, sign-in throttling counters).
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
]


class BackupError(Exception):
    """The archive cannot be restored here; the message says why."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, BytesIO(data))


def write_backup(destination):
    """Write the archive to `destination` and return its manifest."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        data_path = Path(scratch) / "data.json"
        # Natural keys for content types and permissions, so rows that point at them load
        # into a database whose migrate numbered them differently.
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=EXCLUDED,
            format="json",
            indent=None,
            output=str(data_path),
            verbosity=0,
        )
        rows = json.loads(data_path.read_text(encoding="utf-8"))
        files = {str(path.relative_to(root).as_posix()): _sha256(path) for path in _media_files()}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "rows": dict(sorted(Counter(row["model"] for row in rows).items())),
            "files": files,
        }
        with tarfile.open(destination, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(data_path, arcname="data.json")
            for name in files:
                archive.add(root / name, arcname=f"media/{name}")
    return manifest


@contextmanager
def history_paused():
    """Stop simple-history writing rows (the command runs alone, so a global switch is fine)."""
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = previous


def _safe_member_name(name):
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def _database_is_migrated(database):
    executor = MigrationExecutor(connections[database])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def restore_backup(source, database=DEFAULT_DB_ALIAS):
    """Load an archive into an empty, migrated database and put its files back."""
    if not _database_is_migrated(database):
        raise BackupError("The database is not fully migrated: run `manage.py migrate` first.")
    if get_user_model().objects.using(database).exists():
        raise BackupError(
            "The database already holds accounts. Restore only into an empty database, "
            "so nothing in it is overwritten."
        )
    with tarfile.open(source, "r:gz") as archive, tempfile.TemporaryDirectory() as scratch:
        members = archive.getmembers()
        for member in members:
            if not (member.isfile() or member.isdir()) or not _safe_member_name(member.name):
                raise BackupError(f"The archive holds an unexpected entry: {member.name}")
        archive.extractall(scratch, filter="data")
        scratch = Path(scratch)
        manifest = json.loads((scratch / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError("This archive was made by another version of the backup command.")
        for name, digest in manifest["files"].items():
            if _sha256(scratch / "media" / name) != digest:
                raise BackupError(f"The archive is damaged: {name} does not match its checksum.")
        # The archive holds the history rows already; loading many-to-many links would
        # otherwise make simple-history write them a second time.
        with (
            transaction.atomic(using=database),
            history_paused(),
        ):
            # A migrated database already has the reference data; the archive has it too.
            call_command("flush", database=database, interactive=False, verbosity=0)
            call_command("loaddata", str(scratch / "data.json"), database=database, verbosity=0)
        root = Path(settings.MEDIA_ROOT)
        for name in manifest["files"]:
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((scratch / "media" / name).read_bytes())
    return manifest
