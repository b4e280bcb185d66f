"""Backup and restore round trip on whichever database the suite runs on (SQLite or PostgreSQL)."""

import json

import pytest
from django.core.management import CommandError, call_command

from fixloop.testing.world import build_world, new_order
from fixloop.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_then_restore_brings_back_data_and_media(tmp_path, settings, capsys):
    world = build_world()
    kept = new_order(world, serial="SN-BACKUP-1")
    (settings.MEDIA_ROOT / "orders").mkdir(parents=True)
    (settings.MEDIA_ROOT / "orders" / "photo.jpg").write_bytes(b"\xff\xd8 a photo")

    call_command("backup", output=str(tmp_path))
    folder = next(tmp_path.glob("fixloop-backup-*"))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["workorders_workorder"] == 1

    # Disaster: the order and the photo are gone, and a stray order appears.
    WorkOrder.objects.all().delete()
    (settings.MEDIA_ROOT / "orders" / "photo.jpg").unlink()

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(folder))
    call_command("restore", str(folder), yes=True)
    assert list(WorkOrder.objects.values_list("number", flat=True)) == [kept.number]
    assert (settings.MEDIA_ROOT / "orders" / "photo.jpg").read_bytes() == b"\xff\xd8 a photo"


def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path):
    world = build_world()
    new_order(world, serial="SN-BACKUP-2")
    call_command("backup", output=str(tmp_path))
    folder = next(tmp_path.glob("fixloop-backup-*"))
    database = next(p for p in folder.iterdir() if p.name.startswith("database."))
    database.write_bytes(database.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(CommandError, match="damaged"):
        call_command("backup", verify=str(folder))
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(folder), yes=True)
    assert WorkOrder.objects.count() == 1
