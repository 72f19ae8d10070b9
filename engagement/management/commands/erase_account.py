"""Erase one person's details on their request: `manage.py erase_account USERNAME`.

For the secretariat or a site administrator acting on a request made by email or in person;
people can also do it themselves from their account page.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from engagement.personal_data import erase_person, is_erased


class Command(BaseCommand):
    help = "Erase a person's identity and contact details, keeping the public record."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--by", help="Username of the administrator doing it.")
        parser.add_argument("--note", default="Erased at the person's request.")

    def handle(self, *args, username, by=None, note="", **options):
        users = get_user_model().objects
        person = users.filter(username=username).first()
        if person is None:
            raise CommandError(f"No account with the username {username!r}.")
        if is_erased(person):
            raise CommandError("That account is already erased.")
        actor = users.filter(username=by).first() if by else None
        if by and actor is None:
            raise CommandError(f"No account with the username {by!r}.")
        erase_person(person=person, by=actor, note=note)
        self.stdout.write(f"Erased account {person.pk} (was {username}).")
