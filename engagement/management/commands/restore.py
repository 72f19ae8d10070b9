"""Load a backup into an empty, migrated database: `manage.py restore FILE`."""

from django.core.management.base import BaseCommand, CommandError

from engagement.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a `manage.py backup` archive into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, database, **options):
        try:
            manifest = restore_backup(archive, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Restored {rows} rows and {len(manifest['files'])} files.")
