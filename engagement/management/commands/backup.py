"""Write one archive of the database and uploaded files: `manage.py backup [--output FILE]`."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from engagement.backup import write_backup


class Command(BaseCommand):
    help = "Back up every app's data and the uploaded documents into one .tar.gz file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Where to write the archive (default: backups/panel-<date>-<time>.tar.gz).",
        )

    def handle(self, *args, output=None, **options):
        output = output or f"backups/panel-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        manifest = write_backup(output)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Wrote {output}: {rows} rows and {len(manifest['files'])} files.")
