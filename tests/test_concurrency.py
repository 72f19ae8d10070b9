"""Races on PostgreSQL: stale edits are refused, uniqueness holds, and two server processes
on one database store every submission exactly once. Skipped on SQLite, which serialises
every write and so cannot show a race.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection
from django.test import Client

from engagement import services
from engagement.models import EngagementPlan, Question, Upvote
from engagement.services import StaleEdit, update_revised
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writes, so there is no race to show")


def run_together(*jobs):
    """Run each job in its own thread (own database connection), all released at once."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as error:  # the test inspects what each thread got
            results[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_simultaneous_edits_of_one_record_one_wins_one_is_refused(monkeypatch):
    plan = factories.make_plan(title="Watford plan")
    editors = [factories.make_user(), factories.make_user()]
    slow_record = services.record_change

    def record_slowly(**kwargs):
        # Hold the row lock a moment, so the other editor is certainly waiting on it.
        time.sleep(0.3)
        return slow_record(**kwargs)

    monkeypatch.setattr(services, "record_change", record_slowly)

    def edit(editor, title):
        return lambda: update_revised(
            EngagementPlan,
            pk=plan.pk,
            expected_revision=1,
            values={"title": title},
            action="plan.edited",
            by=editor,
        )

    results = run_together(edit(editors[0], "First title"), edit(editors[1], "Second title"))
    saved = [r for r in results if isinstance(r, EngagementPlan)]
    refused = [r for r in results if isinstance(r, StaleEdit)]
    assert len(saved) == 1 and len(refused) == 1, results
    plan.refresh_from_db()
    assert plan.title == saved[0].title
    assert plan.revision == 2
    # The refused editor is shown what the winner saved.
    assert refused[0].current.title == saved[0].title


def test_one_upvote_per_person_holds_under_a_race():
    question = factories.make_question()
    voter = factories.make_user()
    results = run_together(
        *[lambda: Upvote.objects.create(question=question, user=voter) for _ in range(4)]
    )
    assert sum(isinstance(r, Upvote) for r in results) == 1
    assert sum(isinstance(r, IntegrityError) for r in results) == 3
    assert Upvote.objects.filter(question=question, user=voter).count() == 1


# Two server processes on one database -----------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    db = connection.settings_dict
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


@contextmanager
def servers(count):
    """Start `count` separate `runserver` processes on the live test database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "1",  # static files without collectstatic
        "MFA_ENFORCED": "0",
        "CONN_MAX_AGE": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    ports = [free_port() for _ in range(count)]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                "--skip-checks",
                f"127.0.0.1:{port}",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url, process in zip(urls, processes, strict=True):
            wait_until_serving(url, process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_serving(url, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/privacy/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not start within {timeout} s")


class Browser:
    """A tiny cookie-keeping HTTP client that does not follow redirects."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base_url, session_cookie):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect
        )
        self.session_cookie = session_cookie

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(f"{self.base_url}{path}", data=body)
        cookies = {settings.SESSION_COOKIE_NAME: self.session_cookie}
        cookies.update((c.name, c.value) for c in self.jar if c.name == settings.CSRF_COOKIE_NAME)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def ask(base_url, session_cookie, agenda_item_pk, fields):
    """Open the question form on one server, then send it, as a person at a browser would."""
    browser = Browser(base_url, session_cookie)
    path = f"/agenda/{agenda_item_pk}/ask/"
    status, page = browser.request(path)
    assert status == 200, page[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _page = browser.request(path, {**fields, "csrfmiddlewaretoken": token})
    return status


def test_two_server_processes_store_every_question_exactly_once(representative, organisation):
    """Questions sent at once, each of them twice (a double click landing on both servers),
    through the representatives' own question form: every one is stored exactly once."""
    agenda_item = factories.make_agenda_item()
    client = Client()
    client.force_login(representative)
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    sends = []
    for number in range(8):
        fields = {
            "organisation": organisation.pk,
            "section": "",
            "text": f"Concurrent question {number}: how will the plan reach everyone?",
            "is_public": "True",
            "submission_key": str(uuid.uuid4()),
        }
        sends += [(0, fields), (1, fields)]
    with servers(2) as urls, ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(
            pool.map(
                lambda send: ask(urls[send[0]], session_cookie, agenda_item.pk, send[1]),
                sends,
            )
        )
    assert statuses == [302] * len(sends)
    stored = Question.objects.filter(agenda_item=agenda_item)
    assert sorted(stored.values_list("text", flat=True)) == sorted(
        {fields["text"] for _, fields in sends}
    )
    assert {str(key) for key in stored.values_list("submission_key", flat=True)} == {
        fields["submission_key"] for _, fields in sends
    }
