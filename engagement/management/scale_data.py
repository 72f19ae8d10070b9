"""Years of panel history in proportion to a scale N, for `seed_demo --scale N` (N > 1).

Scale 1 is the demo itself. Each unit of scale above it adds about 1,000 questions (3,000
upvotes), 500 feedback entries with a rating per criterion, 40 plan versions, 40
recommendations and 200 actions with progress updates, spread over past panel meetings at
which every district presented (0.4 meetings per unit: at N=100, 40 meetings x 10 districts).

Rows go in with bulk_create in batches, so simple-history and the change records are not
written for them: this is volume for measuring pages, not a story to read. Each generated
meeting is titled "Scale N, meeting i" and built in one transaction with everything that
hangs off it; a meeting that exists is skipped, so running the same N twice adds nothing.
"""

import datetime as dt
import math
import random
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from engagement.management.scale_chain import BATCH, DAY, TOPICS, ChainRows
from engagement.models import (
    Action,
    AgendaItem,
    Attendance,
    CommunityOrganisation,
    District,
    EngagementPlan,
    Feedback,
    FeedbackCriterion,
    Membership,
    PanelMeeting,
    PlanSection,
    PlanVersion,
    Profile,
    Question,
    QuestionResponse,
    Recommendation,
    ScrutinyOutcome,
    SectionTemplate,
    Sector,
)

# Totals added per unit of scale; spread evenly over the generated plan agenda items.
MEETINGS_PER_UNIT = 0.4
QUESTIONS_PER_UNIT = 1000
FEEDBACK_PER_UNIT = 500
VERSIONS_PER_UNIT = 40
RECOMMENDATIONS_PER_UNIT = 40
ACTIONS_PER_UNIT = 200


def build(scale, stdout=None):
    """Add scale `scale`'s generated meetings that do not exist yet; return how many were added."""
    return ScaleData(scale, stdout).build()


@contextmanager
def explicit_timestamps(*models):
    """Let bulk inserts carry realistic dates: auto_now(_add) would stamp every row "now"."""
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def refresh_planner_statistics():
    """After a bulk load PostgreSQL plans from stale row counts until autovacuum (if on) runs.

    VACUUM as well where it may run (not inside a transaction): it marks the new pages all
    visible, so counts and lists read their indexes alone, as they would once autovacuum ran.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def spread(total, parts):
    """`total` split into `parts` whole numbers that add up to it."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


class ScaleData(ChainRows):
    def __init__(self, scale, stdout=None):
        self.scale = scale
        self.stdout = stdout
        self.prefix = f"Scale {scale}, meeting "
        self.meeting_count = math.ceil(MEETINGS_PER_UNIT * scale)
        self.districts = list(District.objects.filter(is_active=True))
        self.templates = list(SectionTemplate.objects.filter(is_active=True))
        self.criteria = list(FeedbackCriterion.objects.filter(is_active=True))
        items = self.meeting_count * len(self.districts)
        self.per_item = {
            "questions": spread(QUESTIONS_PER_UNIT * scale, items),
            "feedback": spread(FEEDBACK_PER_UNIT * scale, items),
            "versions": spread(VERSIONS_PER_UNIT * scale, items),
            "recommendations": spread(RECOMMENDATIONS_PER_UNIT * scale, items),
            "actions": spread(ACTIONS_PER_UNIT * scale, items),
        }
        self.item_index = 0

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    def build(self):
        existing = set(
            PanelMeeting.objects.filter(title__startswith=self.prefix).values_list(
                "title", flat=True
            )
        )
        todo = [i for i in range(self.meeting_count) if self.title(i) not in existing]
        if not todo:
            self.log(f"Scale {self.scale}: all {self.meeting_count} meetings already there.")
            return 0
        with transaction.atomic():
            self.add_people()
        self.taken_periods = set(EngagementPlan.objects.values_list("district_id", "period_start"))
        with explicit_timestamps(
            Question,
            QuestionResponse,
            Feedback,
            PlanVersion,
            ScrutinyOutcome,
            Recommendation,
            Action,
        ):
            for number, index in enumerate(todo, start=1):
                self.item_index = index * len(self.districts)
                with transaction.atomic():
                    self.add_meeting(index)
                self.log(f"  {self.title(index)} added ({number} of {len(todo)})")
        refresh_planner_statistics()
        return len(todo)

    def title(self, index):
        return f"{self.prefix}{index + 1}"

    def add_people(self):
        """Organisations, representatives and one chief inspector per district, made once."""
        User = get_user_model()
        sectors = list(Sector.objects.all())
        org_count = max(4, 2 * self.scale)
        slugs = [f"scale-{self.scale}-group-{n}" for n in range(1, org_count + 1)]
        have = set(
            CommunityOrganisation.objects.filter(slug__in=slugs).values_list("slug", flat=True)
        )
        CommunityOrganisation.objects.bulk_create(
            CommunityOrganisation(
                name=f"Scale {self.scale} community group {n}",
                slug=slug,
                sector=sectors[n % len(sectors)],
                description="Generated for load testing.",
            )
            for n, slug in enumerate(slugs, start=1)
            if slug not in have
        )
        orgs = list(CommunityOrganisation.objects.filter(slug__in=slugs).order_by("pk"))
        if not have:
            Through = CommunityOrganisation.districts.through
            Through.objects.bulk_create(
                Through(communityorganisation=org, district=self.districts[n % len(self.districts)])
                for n, org in enumerate(orgs)
            )

        rep_names = [f"scale{self.scale}.rep{n}" for n in range(1, 100 + 10 * self.scale + 1)]
        chief_names = {f"scale{self.scale}.chief.{d.slug}": d for d in self.districts}
        wanted = rep_names + list(chief_names)
        have = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
        password = make_password(None)  # generated people cannot sign in with a password
        new_users = User.objects.bulk_create(
            (
                User(
                    username=name,
                    first_name="Scale",
                    last_name=name.rsplit(".", 1)[-1].title(),
                    email=f"{name}@example.org",
                    password=password,
                )
                for name in wanted
                if name not in have
            ),
            batch_size=BATCH,
        )
        new = User.objects.filter(username__in=[u.username for u in new_users])
        Profile.objects.bulk_create((Profile(user=user) for user in new), batch_size=BATCH)
        memberships = []
        for user in new:
            if user.username in chief_names:
                district = chief_names[user.username]
                memberships.append(Membership(user=user, role="chief_inspector", district=district))
            else:
                number = int(user.username.rsplit("rep", 1)[1])
                org = orgs[number % len(orgs)]
                memberships.append(Membership(user=user, role="representative", organisation=org))
        Membership.objects.bulk_create(memberships, batch_size=BATCH)

        users = {u.username: u for u in User.objects.filter(username__in=wanted)}
        self.chiefs = {d.pk: users[name] for name, d in chief_names.items()}
        org_of = dict(
            Membership.objects.filter(user__username__in=rep_names).values_list(
                "user_id", "organisation_id"
            )
        )
        self.reps = [(users[name].pk, org_of[users[name].pk]) for name in rep_names]
        self.secretary = User.objects.filter(username="secretariat").first() or users[wanted[0]]
        self.commissioner = User.objects.filter(username="commissioner").first() or self.secretary

    def add_meeting(self, index):
        rng = random.Random(f"{self.scale}-{index}")
        day = timezone.localdate() - (150 + 91 * index) * DAY
        day -= day.weekday() * DAY  # panels meet on Mondays at 6pm
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(18)))
        meeting = PanelMeeting.objects.create(
            title=self.title(index),
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2, minutes=30),
            venue="Police Headquarters, Welwyn Garden City",
            chair="Chief Constable (fictional), chair",
            question_deadline=starts - 7 * DAY,
            status=PanelMeeting.Status.MINUTES_PUBLISHED,
            minutes="Generated minutes: each district presented its plan and took questions.",
            minutes_approved_at=starts + 14 * DAY,
            minutes_approved_by=self.secretary,
            minutes_published_at=starts + 15 * DAY,
        )
        meeting.criteria.set(self.criteria)
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(meeting=meeting, order=0, kind="general", title="Welcome"),
                AgendaItem(meeting=meeting, order=99, kind="general", title="Next steps"),
            ]
        )
        Attendance.objects.bulk_create(
            Attendance(
                meeting=meeting,
                user_id=user_id,
                name=f"Representative {user_id}",
                organisation_id=org_id,
                capacity="Community representative",
                status="present" if rng.random() < 0.8 else "apologies",
            )
            for user_id, org_id in rng.sample(self.reps, min(25, len(self.reps)))
        )
        for order, district in enumerate(self.districts, start=1):
            self.add_plan_item(rng, meeting, order, district)
            self.item_index += 1

    def add_plan_item(self, rng, meeting, order, district):
        n = {name: counts[self.item_index] for name, counts in self.per_item.items()}
        chief = self.chiefs[district.pk]
        starts = meeting.starts_at
        period_start = (starts - 120 * DAY).date().replace(day=1)
        while (district.pk, period_start) in self.taken_periods:
            period_start += DAY
        self.taken_periods.add((district.pk, period_start))
        plan = EngagementPlan.objects.create(
            district=district,
            title=f"{district} community engagement plan ({meeting.title})",
            period_start=period_start,
            period_end=period_start + 180 * DAY,
            status=EngagementPlan.Status.SCRUTINISED,
            created_by=chief,
        )
        count = max(1, n["versions"])
        versions = PlanVersion.objects.bulk_create(
            PlanVersion(
                plan=plan,
                number=number,
                status="submitted" if number == count else "superseded",
                change_summary=f"Version {number}: updated after comments from partners.",
                submitted_at=starts - (7 + 10 * (count - number)) * DAY,
                submitted_by=chief,
                created_by=chief,
                created_at=starts - (9 + 10 * (count - number)) * DAY,
                updated_at=starts - (7 + 10 * (count - number)) * DAY,
            )
            for number in range(1, count + 1)
        )
        PlanSection.objects.bulk_create(
            (
                PlanSection(
                    version=version,
                    template=template,
                    body=f"{template.title} for {district}, version {version.number}. "
                    f"{template.guidance} Teams will report on {rng.choice(TOPICS)}.",
                )
                for version in versions
                for template in self.templates
            ),
            batch_size=BATCH,
        )
        version = versions[-1]
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            kind="plan",
            plan=plan,
            plan_version=version,
            presenter=f"Chief Inspector {chief.get_full_name()}",
            minutes_allowed=20,
            minutes_text=f"The chief inspector presented the {district} plan.",
        )
        questions = self.add_questions(rng, item, version, n["questions"])
        self.add_feedback(rng, item, version, n["feedback"])
        self.add_outcome(rng, item, questions, n["recommendations"], n["actions"])
