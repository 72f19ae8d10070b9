"""Apply the retention rules: `manage.py apply_retention`.

Erases accounts nobody has signed in to for RETENTION_INACTIVE_DAYS, and deletes sign-in
records older than RETENTION_SIGN_IN_LOG_DAYS. Run it daily (cron or a scheduled task);
`--dry-run` lists who would be erased and changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from engagement.personal_data import erase_person, inactive_people, prune_sign_in_records


class Command(BaseCommand):
    help = "Erase the personal details of accounts inactive longer than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the accounts; change nothing."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Inactive for this many days (default: RETENTION_INACTIVE_DAYS).",
        )

    def handle(self, *args, dry_run=False, days=None, **options):
        days = days or settings.RETENTION_INACTIVE_DAYS
        people = list(inactive_people(days))
        verb = "Would erase" if dry_run else "Erased"
        for person in people:
            if not dry_run:
                erase_person(
                    person=person,
                    by=None,
                    note=f"Retention: no sign-in for more than {days} days.",
                )
            self.stdout.write(f"{verb} account {person.pk}")
        self.stdout.write(f"{verb} {len(people)} account(s) inactive for more than {days} days.")
        if not dry_run:
            pruned = prune_sign_in_records(settings.RETENTION_SIGN_IN_LOG_DAYS)
            self.stdout.write(f"Deleted {pruned} sign-in record(s).")
