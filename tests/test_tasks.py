"""Email goes through Django's tasks API: queued after commit, sent by the worker."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from engagement import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_in_the_database():
    """TASKS_BACKEND=database: tasks wait in the database for `manage.py db_worker`."""
    task_backends["default"] = DatabaseBackend("default", {})
    yield
    del task_backends["default"]  # made again from the TASKS setting when next needed


def accept(question, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate_question(
            question=question, by=factories.make_secretariat(), decision="accept"
        )


def test_by_default_the_email_is_sent_once_the_change_commits(
    mailoutbox, django_capture_on_commit_callbacks
):
    question = factories.make_question()
    accept(question, django_capture_on_commit_callbacks)
    assert [m.subject for m in mailoutbox] == ["Your question has been accepted"]
    assert mailoutbox[0].to == [question.asked_by.email]


@pytest.mark.django_db(transaction=True)
def test_with_a_queue_the_email_waits_for_the_worker(mailoutbox, queued_in_the_database):
    """Real commits: the worker, like one in production, opens and closes its connections."""
    question = factories.make_question()
    services.moderate_question(
        question=question, by=factories.make_secretariat(), decision="accept"
    )
    assert mailoutbox == [], "the request does not talk to the mail server"
    waiting = DBTaskResult.objects.get()
    assert waiting.status == "READY"

    call_command("db_worker", batch=True, no_startup_delay=True, stdout=StringIO())

    assert [m.subject for m in mailoutbox] == ["Your question has been accepted"]
    waiting.refresh_from_db()
    assert waiting.status == "SUCCESSFUL"


def test_nothing_is_queued_when_the_change_rolls_back(
    mailoutbox, django_capture_on_commit_callbacks, queued_in_the_database
):
    question = factories.make_question()
    with django_capture_on_commit_callbacks(execute=False):
        services.moderate_question(
            question=question, by=factories.make_secretariat(), decision="accept"
        )
    assert not DBTaskResult.objects.exists()
    assert mailoutbox == []
