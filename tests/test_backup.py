"""Backup and restore: one archive of the database and the uploaded files, round-tripped."""

import shutil
import tarfile
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from engagement.backup import EXCLUDED
from tests import factories
from tests.test_uploads import PDF


def row_counts():
    """Rows in every table the backup covers, many-to-many tables included."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in EXCLUDED or model._meta.app_label in EXCLUDED:
            continue
        counts[label] = model._default_manager.count()
    return counts


def media_bytes(root):
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_the_demo(settings, tmp_path):
    factories.get_district()  # an earlier transactional test may have emptied the reference data
    call_command("seed_demo", stdout=StringIO())
    version = factories.make_version()
    version.document.save("plan.pdf", ContentFile(PDF + b"% the Watford plan\n"))
    before, files_before = row_counts(), media_bytes(settings.MEDIA_ROOT)
    assert before["engagement.question"] > 5 and before["auth.user"] > 5
    assert files_before

    archive = tmp_path / "panel.tar.gz"
    out = StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert f"Wrote {archive}" in out.getvalue()

    # A new, empty server: the database emptied, the uploads gone.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    call_command("restore", str(archive), stdout=StringIO())

    assert row_counts() == before
    assert media_bytes(settings.MEDIA_ROOT) == files_before
    version.refresh_from_db()
    assert version.document.read().endswith(b"% the Watford plan\n")


@pytest.mark.django_db
def test_restore_refuses_a_database_that_has_accounts(tmp_path, representative):
    archive = tmp_path / "panel.tar.gz"
    call_command("backup", "--output", str(archive), stdout=StringIO())
    with pytest.raises(CommandError, match="already holds accounts"):
        call_command("restore", str(archive))
    representative.refresh_from_db()


@pytest.mark.django_db
def test_restore_refuses_an_archive_that_escapes_its_folder(tmp_path, django_user_model):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 4
        tar.addfile(info, BytesIO(b"evil"))
    django_user_model.objects.all().delete()
    with pytest.raises(CommandError, match="unexpected entry"):
        call_command("restore", str(archive))
    assert not (tmp_path.parent / "outside.txt").exists()
