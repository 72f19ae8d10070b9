"""The benchmark's Django side: which pages to drive, and the query plans behind them.

    python bench/pages.py targets   # JSON: each page's URL and, if signed in, its cookie
    python bench/pages.py explain   # EXPLAIN ANALYZE of the slowest queries of each page

Run by bench/run.py against its own scratch database, never a real one: `targets` adds a
meeting in session for the public screen. Each page is found by URL name from the seeded
data, at its heaviest (the meeting, plan and agenda item with the most questions), so scale
1 and scale 100 compare like with like. A URL name that does not exist yet is skipped.
"""

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panel_site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from engagement.models import (  # noqa: E402
    AgendaItem,
    CommunityOrganisation,
    PanelMeeting,
    Question,
)

LIVE_TITLE = "Bench: meeting in session"
# Who signs in for each role's pages: the demo logins.
USERS = {
    "representative": "rep.onevision",
    "chief_inspector": "chief.watford",
    "secretariat": "secretariat",
    "commissioner": "commissioner",
}

# label, kind (public, signed-in or form: it sets the target), role, URL name, arguments.
# The key pages of issue 8 first; the others say how the rest of the site fares.
PAGES = [
    ("trivial view", "baseline", "anonymous", "bench_trivial", None),
    ("home", "public", "anonymous", "home", None),
    ("meeting page", "public", "anonymous", "meeting_detail", lambda o: [o.meeting.pk]),
    ("plan page", "public", "anonymous", "plan_detail", lambda o: [o.plan.pk]),
    ("question list", "signed-in", "representative", "agenda_item_detail", lambda o: [o.item.pk]),
    ("you said, we did", "public", "anonymous", "you_said_we_did", None),
    (
        "you said, we did: meeting",
        "public",
        "anonymous",
        "meeting_you_said_we_did",
        lambda o: [o.meeting.pk],
    ),
    ("district page", "public", "anonymous", "district_detail", lambda o: [o.district.slug]),
    ("dashboard", "signed-in", "commissioner", "dashboard", None),
    ("public dashboard", "public", "anonymous", "public_dashboard", None),
    ("public screen", "public", "anonymous", "meeting_screen", lambda o: [o.live.pk]),
    ("public screen update", "screen", "anonymous", "meeting_screen_now", lambda o: [o.live.pk]),
    ("meeting list", "public", "anonymous", "meeting_list", None),
    ("question timeline", "public", "anonymous", "question_detail", lambda o: [o.question.pk]),
    ("district home", "signed-in", "chief_inspector", "district_home", None),
    ("district questions", "signed-in", "chief_inspector", "district_questions", None),
    ("representative home", "signed-in", "representative", "representative_home", None),
    ("my questions", "signed-in", "representative", "my_questions", None),
    ("moderation queue", "signed-in", "secretariat", "moderation_queue", lambda o: [o.open.pk]),
    ("coverage", "signed-in", "commissioner", "coverage", None),
    ("ask a question", "form", "representative", "question_create", lambda o: [o.open_item.pk]),
    (
        "feedback form",
        "form",
        "representative",
        "feedback_edit",
        lambda o: [o.open_item.pk, o.organisation.pk],
    ),
    ("new plan version", "form", "chief_inspector", "plan_version_create", lambda o: [o.plan.pk]),
]


class Subjects:
    """The objects the pages are about, at their heaviest in this database."""

    def __init__(self, scale):
        heaviest = (
            AgendaItem.objects.filter(plan__district__slug="watford")
            .annotate(n=Count("questions"))
            .order_by("-n", "pk")
            .select_related("meeting", "plan__district")
            .first()
        )
        self.item = heaviest
        self.meeting = heaviest.meeting
        self.plan = heaviest.plan
        self.district = heaviest.plan.district
        self.question = (
            Question.objects.published()
            .filter(agenda_item=heaviest)
            .order_by("-vote_count")
            .first()
        )
        self.open = PanelMeeting.objects.filter(
            status=PanelMeeting.Status.OPEN_FOR_QUESTIONS
        ).first()
        self.open_item = self.open.agenda_items.filter(plan__district__slug="watford").first()
        self.organisation = CommunityOrganisation.objects.get(slug="one-vision")
        self.live = live_meeting(scale)


def live_meeting(scale):
    """A meeting in session for the public screen, with as many questions as a real one."""
    meeting = PanelMeeting.objects.filter(title=LIVE_TITLE).first()
    if meeting:
        return meeting
    now = timezone.now()
    meeting = PanelMeeting.objects.create(
        title=LIVE_TITLE,
        starts_at=now - timedelta(hours=1),
        venue="Police Headquarters, Welwyn Garden City",
        chair="Chief Constable (fictional), chair",
        question_deadline=now - timedelta(days=8),
        status=PanelMeeting.Status.IN_SESSION,
    )
    item = AgendaItem.objects.create(
        meeting=meeting, order=1, kind="general", title="Questions from the floor"
    )
    questions = Question.objects.bulk_create(
        Question(
            agenda_item=item,
            text=f"Question {n} from the floor about neighbourhood policing.",
            source=Question.Source.FLOOR,
            status=Question.Status.ACCEPTED,
            vote_count=n % 7,
        )
        for n in range(min(250, 25 * scale))
    )
    meeting.current_item = item
    meeting.current_question = questions[0]
    meeting.live_changed_at = now
    meeting.save()
    return meeting


def session_cookie(username):
    """A signed-in session for `username`, as the sign-in page would have made it."""
    user = get_user_model().objects.get(username=username)
    backends = settings.AUTHENTICATION_BACKENDS
    model_backend = "django.contrib.auth.backends.ModelBackend"
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = model_backend if model_backend in backends else backends[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def targets(scale):
    subjects = Subjects(scale)
    cookies = {}
    found = []
    for label, kind, role, name, args in PAGES:
        try:
            url = reverse(f"engagement:{name}", args=args(subjects) if args else None)
        except NoReverseMatch:
            found.append({"label": label, "kind": kind, "skip": f"no URL named {name!r} yet"})
            continue
        if role != "anonymous" and role not in cookies:
            cookies[role] = session_cookie(USERS[role])
        found.append(
            {
                "label": label,
                "kind": kind,
                "role": role,
                "name": name,
                "url": url,
                "cookie": cookies.get(role, ""),
            }
        )
    return found


def explain(pages, top=3):
    """Render each page in-process and show the plans of its slowest queries."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for page in pages:
        if "url" not in page or page["kind"] == "baseline":
            continue
        client = Client(headers={"host": "127.0.0.1", "x-forwarded-proto": "https"})
        if page["cookie"]:
            name, value = page["cookie"].split("=", 1)
            client.cookies[name] = value
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page["url"])
        timed = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
            ms = float(plan[-1].split(":")[1].split()[0])  # "Execution Time: 1.234 ms"
            timed.append((ms, sql, plan))
        timed.sort(key=lambda row: row[0], reverse=True)
        total = sum(ms for ms, _, _ in timed)
        seq_scans = sorted(
            {
                line.split("Seq Scan on ")[1].split()[0]
                for _, _, plan in timed
                for line in plan
                if "Seq Scan on " in line
            }
        )
        print(f"\n=== {page['label']}: {page['url']} (answered {response.status_code})")
        print(f"    {len(captured.captured_queries)} queries, {total:.1f} ms in the database")
        if seq_scans:
            print(f"    sequential scans on: {', '.join(seq_scans)}")
        for ms, sql, plan in timed[:top]:
            print(f"\n  {ms:.2f} ms: {sql[:500]}")
            for line in plan[:30]:
                print(f"    {line}")


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else "targets"
    scale = int(os.environ.get("BENCH_SCALE", "1"))
    name = settings.DATABASES["default"]["NAME"]
    if not str(name).startswith("panel_bench"):
        sys.exit(f"Refusing to run on database {name!r}: bench/run.py makes its own.")
    pages = targets(scale)
    if command == "targets":
        print(json.dumps(pages))
    elif command == "explain":
        explain(pages)
    else:
        sys.exit(f"Unknown command {command!r}: use targets or explain.")


if __name__ == "__main__":
    main()
