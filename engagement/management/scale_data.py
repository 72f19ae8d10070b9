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
from django.db import transaction
from django.utils import timezone

from engagement.models import (
    Action,
    AgendaItem,
    Attendance,
    CommunityOrganisation,
    District,
    EngagementPlan,
    Feedback,
    FeedbackCriterion,
    FeedbackRating,
    Membership,
    PanelMeeting,
    PlanSection,
    PlanVersion,
    Profile,
    ProgressUpdate,
    Question,
    QuestionResponse,
    Recommendation,
    ScrutinyOutcome,
    SectionTemplate,
    Sector,
    Upvote,
)

BATCH = 2000
DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)
DECLINE_REASON = "About an individual crime: please call 101, or 999 in an emergency."

# Totals added per unit of scale; spread evenly over the generated plan agenda items.
MEETINGS_PER_UNIT = 0.4
QUESTIONS_PER_UNIT = 1000
FEEDBACK_PER_UNIT = 500
VERSIONS_PER_UNIT = 40
RECOMMENDATIONS_PER_UNIT = 40
ACTIONS_PER_UNIT = 200
MEAN_UPVOTES_PER_SHOWN_QUESTION = 4.3  # about 3 per question once declined ones are counted

# How questions at a past meeting ended up, as (status, weight).
QUESTION_FATES = [
    ("answered", 66),
    ("accepted", 16),
    ("declined", 8),
    ("merged", 6),
    ("withdrawn", 4),
]

TOPICS = [
    "drug dealing near the station",
    "speeding on residential roads",
    "anti-social behaviour in the park",
    "shoplifting in the high street",
    "burglary in the new estates",
    "knife crime among young people",
    "hate crime against Muslim women",
    "harassment of LGBTQ+ people at night",
    "fly-tipping on rural lanes",
    "e-scooter nuisance on pavements",
    "catalytic converter theft",
    "scams targeting older residents",
]
ASKS = [
    "How will the neighbourhood team hear from people affected by {topic}, and when will "
    "they be told what was done?",
    "The plan mentions {topic} but sets no measure. What will count as success by the next panel?",
    "Residents who do not use social media never hear about meetings on {topic}. What will "
    "change for them?",
    "Can the team hold a surgery somewhere people already go, to talk about {topic}?",
    "Who is the named officer for {topic}, and how can community groups reach them?",
]
ANSWERS = [
    "We will hold a monthly surgery on this at the community centre and publish what we "
    "heard within two weeks.",
    "The plan now sets a measure: survey responses from the affected wards, reported at "
    "every panel.",
    "A named sergeant now owns this priority and will report progress on Herts Connected.",
    "We have agreed with partners to use printed newsletters and the local radio as well.",
]
RECOMMENDATIONS = [
    "Publish a 'you said, we did' summary for every ward after each cycle.",
    "Hold daytime surgeries where older residents already go.",
    "Agree a measure of confidence in reporting with the community organisations.",
    "Check every venue for step-free access and offer interpreters.",
    "Co-write the methods section with young people before the next panel.",
]


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


def spread(total, parts):
    """`total` split into `parts` whole numbers that add up to it."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


class ScaleData:
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

    def add_questions(self, rng, item, version, count):
        starts, chief = item.meeting.starts_at, self.chiefs[item.plan.district_id]
        fates, weights = zip(*QUESTION_FATES, strict=True)
        rows, merged, voters = [], [], {}
        for number in range(count):
            # The first question is always shown, so merged ones have somewhere to go.
            fate = "answered" if number == 0 else rng.choices(fates, weights)[0]
            user_id, org_id = rng.choice(self.reps)
            from_floor = fate == "answered" and rng.random() < 0.05
            asked = starts - rng.randint(8, 40) * DAY - rng.randint(0, 600) * MINUTE
            is_shown = fate in Question.SHOWN_STATUSES
            question = Question(
                agenda_item=item,
                plan_version=version,
                section=rng.choice(self.templates) if rng.random() < 0.6 else None,
                asked_by_id=None if from_floor else user_id,
                organisation_id=org_id,
                text=rng.choice(ASKS).format(topic=rng.choice(TOPICS)),
                is_public=rng.random() < 0.85,
                source="floor" if from_floor else "web",
                status=fate,
                is_late=rng.random() < 0.03,
                decline_reason=DECLINE_REASON if fate == "declined" else "",
                moderated_by=self.secretary,
                moderated_at=asked + DAY,
                live_state={"answered": "answered", "accepted": "deferred"}.get(fate, "waiting"),
                taken_at=starts + rng.randint(10, 140) * MINUTE if is_shown else None,
                created_at=asked,
                updated_at=asked + DAY,
            )
            if is_shown:
                voters[id(question)] = self.voters(rng, question.asked_by_id)
                question.vote_count = len(voters[id(question)])
            (merged if fate == "merged" else rows).append(question)
        rows = Question.objects.bulk_create(rows, batch_size=BATCH)
        shown = [q for q in rows if q.is_shown]
        for question in merged:
            question.merged_into = rng.choice(shown)
        Question.objects.bulk_create(merged, batch_size=BATCH)
        Upvote.objects.bulk_create(
            (Upvote(question=q, user_id=user_id) for q in shown for user_id in voters[id(q)]),
            batch_size=BATCH,
        )
        QuestionResponse.objects.bulk_create(
            (
                QuestionResponse(
                    question=question,
                    text=rng.choice(ANSWERS),
                    responded_by=chief,
                    created_at=(when := question.created_at + rng.randint(2, 30) * DAY),
                    updated_at=when,
                )
                for question in shown
                if question.status == Question.Status.ANSWERED
            ),
            batch_size=BATCH,
        )
        return shown

    def voters(self, rng, asker_id):
        """Who upvoted a question: a few people mostly, many for the odd popular one."""
        wanted = rng.expovariate(1 / MEAN_UPVOTES_PER_SHOWN_QUESTION)
        count = min(30, len(self.reps) - 1, int(wanted))
        people = [user_id for user_id, _ in rng.sample(self.reps, count + 1)]
        return [user_id for user_id in people if user_id != asker_id][:count]

    def add_feedback(self, rng, item, version, count):
        starts = item.meeting.starts_at
        entries = Feedback.objects.bulk_create(
            (
                Feedback(
                    plan_version=version,
                    agenda_item=item,
                    author_id=user_id,
                    organisation_id=org_id,
                    what_works=f"Clear on {rng.choice(TOPICS)}.",
                    what_is_missing=f"Nothing yet on {rng.choice(TOPICS)}.",
                    created_at=(when := starts - rng.randint(8, 30) * DAY),
                    updated_at=when,
                )
                for user_id, org_id in rng.sample(self.reps, min(count, len(self.reps)))
            ),
            batch_size=BATCH,
        )
        quality = rng.randint(1, 4)  # some plans are better than others
        FeedbackRating.objects.bulk_create(
            (
                FeedbackRating(
                    feedback=entry, criterion=criterion, score=min(5, quality + rng.randint(0, 2))
                )
                for entry in entries
                for criterion in self.criteria
            ),
            batch_size=BATCH,
        )

    def add_outcome(self, rng, item, questions, recommendation_count, action_count):
        published = item.meeting.starts_at + 21 * DAY
        district = item.plan.district
        outcome = ScrutinyOutcome.objects.create(
            meeting=item.meeting,
            plan=item.plan,
            agenda_item=item,
            rating=rng.choice(["red", "amber", "amber", "green", "green"]),
            rationale="Generated: the plan was reviewed against the panel's criteria.",
            findings="Generated findings for load testing.",
            reviewed_by=self.commissioner,
            published_at=published,
            published_by=self.commissioner,
            created_at=published - 2 * DAY,
            updated_at=published,
        )
        statuses = ["done", "done", "accepted", "partly_accepted", "rejected", "open"]
        recommendations = Recommendation.objects.bulk_create(
            Recommendation(
                outcome=outcome,
                text=rng.choice(RECOMMENDATIONS),
                owner=district,
                due_on=(published + rng.randint(60, 180) * DAY).date(),
                reply_due_on=(published + 28 * DAY).date(),
                status=(status := rng.choice(statuses)),
                reply="" if status == "open" else "Agreed with partners; see the actions.",
                replied_by=None if status == "open" else self.chiefs[district.pk],
                replied_at=None if status == "open" else published + 10 * DAY,
                created_by=self.commissioner,
                created_at=published,
                updated_at=published,
            )
            for _ in range(recommendation_count)
        )
        Through = Recommendation.questions.through
        Through.objects.bulk_create(
            Through(recommendation=recommendation, question=question)
            for recommendation in recommendations
            for question in rng.sample(questions, min(len(questions), rng.randint(1, 3)))
        )
        self.add_actions(rng, item, recommendations, action_count, published)

    def add_actions(self, rng, item, recommendations, count, published):
        district, chief = item.plan.district, self.chiefs[item.plan.district_id]
        today = timezone.localdate()
        actions = []
        for number in range(count):
            # Most follow from a recommendation; the rest were agreed in the meeting.
            recommendation = (
                recommendations[number % len(recommendations)]
                if (recommendations and number % 5)
                else None
            )
            due = (published + rng.randint(30, 240) * DAY).date()
            status = rng.choices(
                ["done", "in_progress", "not_started", "not_accepted"], [60, 25, 10, 5]
            )[0]
            if status in ("in_progress", "not_started") and due < today and rng.random() < 0.5:
                status = "done"
            actions.append(
                Action(
                    district=district,
                    recommendation=recommendation,
                    agenda_item=None if recommendation else item,
                    title=f"Act on {rng.choice(TOPICS)}",
                    owner_name=f"Sergeant {rng.choice(['Barnes', 'Carter', 'Gill', 'Turner'])}",
                    due_on=due,
                    status=status,
                    completed_on=min(today, due + rng.randint(-20, 20) * DAY)
                    if status == "done"
                    else None,
                    created_by=self.commissioner,
                    created_at=published,
                    updated_at=published,
                )
            )
        actions = Action.objects.bulk_create(actions, batch_size=BATCH)
        updates = []
        for action in actions:
            steps = {"done": ["in_progress", "done"], "in_progress": ["in_progress"]}.get(
                action.status, ["not_accepted"] if action.status == "not_accepted" else []
            )
            if rng.random() < 0.3:
                steps = ["in_progress", *steps]
            for step_number, step in enumerate(steps, start=1):
                reported = min(today, (published + 20 * step_number * DAY).date())
                updates.append(
                    ProgressUpdate(
                        action=action,
                        status=step,
                        note=f"Update {step_number}: {rng.choice(ANSWERS)}",
                        reported_on=reported,
                        reported_by=chief,
                    )
                )
        ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
