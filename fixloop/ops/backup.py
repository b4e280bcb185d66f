"""Backups: the database (pg_dump custom format, or SQLite's online backup) plus media, with a manifest.

The manifest records a checksum per file, the applied migrations and the row count of every table, so
a restore can refuse a damaged backup and prove afterwards that it brought back what was saved.
"""

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

FORMAT_VERSION = 1


class BackupError(RuntimeError):
    pass


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = [
        "-h",
        db.get("HOST") or "127.0.0.1",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db.get("USER") or "postgres",
    ]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def _database_name() -> str:
    return connection.settings_dict["NAME"]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in counts or model._meta.proxy or not model._meta.managed:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def create_backup(target_dir: Path) -> Path:
    """Write a new backup folder under `target_dir`; returns it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = Path(target_dir) / f"fixloop-backup-{stamp}"
    folder.mkdir(parents=True)
    engine = _engine()
    if engine == "postgresql":
        database = folder / "database.dump"
        args, env = _pg_env()
        subprocess.run(["pg_dump", *args, "-Fc", "-f", str(database), _database_name()], check=True, env=env)
        # Verification: the archive's table of contents must be readable.
        subprocess.run(["pg_restore", "--list", str(database)], check=True, capture_output=True)
    else:
        database = folder / "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(database)
        try:
            connection.connection.backup(target)
            if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("the SQLite copy failed its integrity check")
        finally:
            target.close()
    media = folder / "media.tar.gz"
    with tarfile.open(media, "w:gz") as archive:
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists():
            archive.add(media_root, arcname="media")
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "engine": engine,
        "files": {path.name: _sha256(path) for path in (database, media)},
        "migrations": applied_migrations(),
        "tables": table_counts(),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return folder


def read_manifest(folder: Path) -> dict:
    """The manifest, after checking every file against its checksum."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"no readable manifest.json in {folder}: {exc}") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.exists() or _sha256(path) != expected:
            raise BackupError(f"{name} is missing or damaged (checksum mismatch)")
    return manifest


def restore_backup(folder: Path) -> dict:
    """Replace the database and media with the backup's; returns the manifest. Verifies counts after."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest["engine"] != _engine():
        raise BackupError(f"this backup is of {manifest['engine']}, the database here is {_engine()}")
    if manifest["engine"] == "postgresql":
        connection.close()
        args, env = _pg_env()
        subprocess.run(
            ["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "-d", _database_name(), str(folder / "database.dump")],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
    else:
        connection.ensure_connection()
        source = sqlite3.connect(folder / "database.sqlite3")
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name == "media" or m.name.startswith("media/")]
        for member in members:
            member.name = member.name.removeprefix("media").lstrip("/") or "."
        archive.extractall(media_root, members=members, filter="data")
    restored = table_counts()
    differing = {t: (n, restored.get(t)) for t, n in manifest["tables"].items() if restored.get(t) != n}
    if differing:
        raise BackupError(f"restored row counts differ from the backup's: {differing}")
    return manifest
