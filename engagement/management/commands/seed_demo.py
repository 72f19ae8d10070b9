"""Create or refresh the Hertfordshire demo: `python manage.py seed_demo`.

Safe to run again: every row is found by a natural key and only saved when something
changed, so a second run on the same day writes nothing (not even history rows). On a later
day the meetings, plans and deadlines move with the calendar, so there is always a past
meeting with published outcomes and an upcoming one open for questions.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from engagement.management import demo_data as data
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
    LocalPriority,
    Membership,
    NeighbourhoodTeam,
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

DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)
PLAN_DISTRICTS = ["watford", "stevenage", "st-albans", "dacorum", "welwyn-hatfield"]


def upsert(model, lookup, **values):
    """The row matching `lookup`, created or brought up to date; saved only if it changed."""
    row, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [name for name, value in values.items() if _differs(row, name, value)]
        for name in changed:
            setattr(row, name, values[name])
        if changed:
            row.save()
    return row


def _differs(row, name, value):
    field = row._meta.get_field(name)
    if field.is_relation:
        return getattr(row, field.attname) != (value.pk if value is not None else None)
    return getattr(row, name) != value


def backdate(row, when):
    """Give a row a realistic creation time; auto_now_add would say "today"."""
    if row.created_at != when:
        fields = {"created_at": when}
        if hasattr(row, "updated_at"):
            fields["updated_at"] = when
        type(row).objects.filter(pk=row.pk).update(**fields)
        row.created_at = when


def month_start(day, months=0):
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class Command(BaseCommand):
    help = "Create or refresh fictional Hertfordshire demo data, with one login per role."

    def handle(self, *args, **options):
        demo = Demo(timezone.localdate())
        with transaction.atomic():
            demo.build()
        self.stdout.write(demo.summary())


class Demo:
    def __init__(self, today):
        self.today = today
        # Panels meet on Mondays at 6pm; snapping to a Monday keeps dates steady within a week.
        past_day = today - 60 * DAY
        past_day -= past_day.weekday() * DAY
        next_day = today + 21 * DAY
        next_day += (-next_day.weekday() % 7) * DAY
        self.past_at = self.at(past_day, 18)
        self.next_at = self.at(next_day, 18)
        self.period = (month_start(past_day, -1), month_start(past_day, 5) - DAY)
        self.next_period = (month_start(past_day, 5), month_start(past_day, 11) - DAY)

    @staticmethod
    def at(day, hour, minute=0):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def days(self, offset, hour=10):
        """A moment `offset` days from today (negative for the past)."""
        return self.at(self.today + offset * DAY, hour)

    def build(self):
        self.districts = {d.slug: d for d in District.objects.all()}
        self.templates = list(SectionTemplate.objects.filter(is_active=True))
        self.add_organisations()
        self.add_people()
        self.add_teams()
        self.add_meetings()
        self.add_plans()
        self.fill_past_meeting()
        self.fill_next_meeting()

    def add_organisations(self):
        sectors = {s.slug: s for s in Sector.objects.all()}
        self.orgs = {}
        for name, slug, sector, served, description in data.ORGANISATIONS:
            org = upsert(
                CommunityOrganisation,
                {"slug": slug},
                name=name,
                sector=sectors[sector],
                description=description,
                is_active=True,
            )
            org.districts.set([self.districts[d] for d in served])
            self.orgs[slug] = org

    def add_people(self):
        self.users, self.logins = {}, []
        for username, first, last, job, shown, memberships in data.USERS:
            is_admin = username == "admin"
            user = upsert(
                get_user_model(),
                {"username": username},
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                is_active=True,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
            if not user.password:  # only new users: a changed demo password is left alone
                user.set_password(data.PASSWORD)
                user.save(update_fields=["password"])
            upsert(Profile, {"user": user}, name_display=shown, job_title=job)
            places = []
            for role, slug in memberships:
                district = self.districts.get(slug) if role == "chief_inspector" else None
                org = self.orgs.get(slug) if role == "representative" else None
                lookup = {"user": user, "role": role, "district": district, "organisation": org}
                upsert(Membership, lookup, status=Membership.Status.ACTIVE)
                places.append(district or org)
            label = (
                Membership.Role(memberships[0][0]).label if memberships else "Site administrator"
            )
            names = " and ".join(str(place) for place in places if place)
            self.logins.append((username, f"{label}, {names}" if names else label))
            self.users[username] = user

    def add_teams(self):
        for index, (slug, name, area, priorities) in enumerate(data.TEAMS):
            team = upsert(NeighbourhoodTeam, {"district": self.districts[slug], "name": name})
            if team.area != area:
                team.area = area
                team.save()
            for offset, title in enumerate(priorities):
                # Set some weeks ago, within the last two months; reviewed four months later.
                set_on = self.today - (6 + 17 * ((index + offset) % 3)) * DAY
                upsert(
                    LocalPriority,
                    {"team": team, "title": title},
                    detail=f"Raised at {name} surgeries and in the cycle survey.",
                    set_on=set_on,
                    review_by=set_on + 120 * DAY,
                )

    def add_meetings(self):
        secretary = self.users["secretariat"]
        self.past = upsert(
            PanelMeeting,
            {"title": data.PAST_TITLE},
            starts_at=self.past_at,
            ends_at=self.past_at + dt.timedelta(hours=2, minutes=30),
            venue=data.HQ,
            chair=data.CHAIR,
            question_deadline=self.past_at - 7 * DAY,
            status=PanelMeeting.Status.MINUTES_PUBLISHED,
            minutes=data.PAST_MINUTES,
            minutes_approved_at=self.past_at + 14 * DAY,
            minutes_approved_by=secretary,
            minutes_published_at=self.past_at + 15 * DAY,
        )
        self.next = upsert(
            PanelMeeting,
            {"title": data.NEXT_TITLE},
            starts_at=self.next_at,
            ends_at=self.next_at + dt.timedelta(hours=2),
            venue=data.HQ,
            chair=data.CHAIR,
            question_deadline=self.next_at - 7 * DAY,
            max_questions_per_person=3,
            status=PanelMeeting.Status.OPEN_FOR_QUESTIONS,
        )
        criteria = FeedbackCriterion.objects.filter(is_active=True)
        for meeting in (self.past, self.next):
            meeting.criteria.set(criteria)
            meeting.invited_organisations.set(self.orgs.values())

    def add_plans(self):
        """Plans for the next period first, so moving dates forward never collides."""
        watford, stevenage = self.districts["watford"], self.districts["stevenage"]
        self.next_plan = self.plan(watford, self.next, self.next_period, "published")
        self.draft_plan = self.plan(stevenage, None, self.next_period, "draft")
        self.plans = {
            slug: self.plan(self.districts[slug], self.past, self.period, self.past_status(slug))
            for slug in PLAN_DISTRICTS
        }
        first_submitted = self.past_at - 28 * DAY
        self.versions = {}
        for slug, plan in self.plans.items():
            status = "superseded" if slug == "watford" else "submitted"  # Watford has a v2
            self.versions[slug] = self.version(plan, 1, status, first_submitted, "First version.")
        self.watford_v2 = self.version(
            self.plans["watford"],
            2,
            "submitted",
            self.past_at - 14 * DAY,
            "Adds the drop-in at Watford Women's Centre, monthly ward 'you said, we did' "
            "posts and targets, after questions from community representatives.",
            additions=data.WATFORD_V2_ADDITIONS,
        )
        self.attach_document(self.watford_v2)
        self.next_version = self.version(
            self.next_plan,
            1,
            "submitted",
            self.days(-5),
            "Plan for the next period.",
            additions=data.WATFORD_V2_ADDITIONS,
        )
        self.draft_version = self.version(self.draft_plan, 1, "draft", None, "", filled=5)

    def past_status(self, slug):
        """Scrutinised once its outcome is out; the demo's own outcomes always are."""
        published = ScrutinyOutcome.objects.filter(
            meeting=self.past, plan__district=self.districts[slug], published_at__isnull=False
        )
        return "scrutinised" if slug in data.OUTCOMES or published.exists() else "published"

    def plan(self, district, meeting, period, status):
        """The demo plan on `meeting`'s agenda (or the district's draft), at this run's dates."""
        plans = district.plans.all()
        if meeting:
            existing = plans.filter(agenda_items__meeting=meeting).first()
        else:
            existing = plans.filter(status=EngagementPlan.Status.DRAFT).first()
        lookup = {"pk": existing.pk} if existing else {"period_start": period[0]}
        start, end = period
        return upsert(
            EngagementPlan,
            {"district": district, **lookup},
            title=f"{district} community engagement plan, {start:%B %Y} to {end:%B %Y}",
            period_start=start,
            period_end=end,
            status=status,
            created_by=self.chief(district),
        )

    def version(self, plan, number, status, submitted_at, summary, additions=None, filled=None):
        chief = self.chief(plan.district)
        version = upsert(
            PlanVersion,
            {"plan": plan, "number": number},
            status=status,
            change_summary=summary,
            submitted_at=submitted_at,
            submitted_by=chief if submitted_at else None,
            created_by=chief,
        )
        backdate(version, (submitted_at or self.days(-2)) - 2 * DAY)
        for index, template in enumerate(self.templates):
            extra = (additions or {}).get(template.slug, "")
            body = data.section_text(template.slug, plan.district, extra)
            if filled is not None and index >= filled:
                body = ""  # a draft still being written
            upsert(PlanSection, {"version": version, "template": template}, body=body)
        return version

    def attach_document(self, version):
        if version.document:
            return
        pdf = data.tiny_pdf("Watford Community Engagement Plan, version 2 (demo)")
        version.document.save("watford-engagement-plan-v2.pdf", ContentFile(pdf), save=False)
        version.document_name = "watford-engagement-plan-v2.pdf"
        version.document_type = "pdf"
        version.document_size = len(pdf)
        version.save()

    def fill_past_meeting(self):
        meeting = self.past
        self.general_item(meeting, 1, "Welcome and the purpose of the panel")
        items = {}
        for order, slug in enumerate(PLAN_DISTRICTS, start=2):
            version = self.watford_v2 if slug == "watford" else self.versions[slug]
            items[slug] = self.plan_item(meeting, order, version, data.ITEM_MINUTES[slug])
        self.general_item(meeting, len(items) + 2, "Next steps and date of the next panel")
        self.attend(meeting, present=True)
        questions = {}
        for number, spec in enumerate(data.PAST_QUESTIONS):
            item, version = items[spec["district"]], self.versions[spec["district"]]
            # Taken in the meeting in agenda order; floor questions were asked there and then.
            taken = self.past_at + (20 + 8 * number) * MINUTE
            asked = taken if spec["by"] is None else self.past_at - (24 - number) * DAY
            target = questions.get(spec.get("merged_into"))
            question = self.question(spec, item, version, asked, target, taken_at=taken)
            if question.status == Question.Status.ANSWERED:
                self.respond(question, spec["answer"], self.past_at - (3 - number % 3) * DAY)
            questions[spec["key"]] = question
        self.watford_v2.addresses_questions.set([questions["wat-women"], questions["wat-feedback"]])
        self.add_feedback(items)
        self.add_outcomes(items, questions)

    def fill_next_meeting(self):
        meeting = self.next
        welcome = "Welcome and actions from the last panel"
        items = {"general": self.general_item(meeting, 1, welcome)}
        items["watford"] = self.plan_item(meeting, 2, self.next_version)
        items["stevenage"] = self.plan_item(
            meeting, 3, self.versions["stevenage"], title="Stevenage: progress since the last panel"
        )
        self.general_item(meeting, 4, "Herts Connected and community messaging")
        self.attend(meeting, present=False)
        versions = {"watford": self.next_version, "stevenage": self.versions["stevenage"]}
        for number, spec in enumerate(data.NEXT_QUESTIONS):
            asked = self.days(-(len(data.NEXT_QUESTIONS) - number))
            self.question(spec, items[spec["item"]], versions.get(spec["item"]), asked)

    def general_item(self, meeting, order, title):
        return upsert(AgendaItem, {"meeting": meeting, "title": title}, kind="general", order=order)

    def plan_item(self, meeting, order, version, minutes_text="", title=""):
        chief = self.chief(version.plan.district)
        return upsert(
            AgendaItem,
            {"meeting": meeting, "plan": version.plan},
            kind="plan",
            order=order,
            title=title,
            plan_version=version,
            presenter=f"Chief Inspector {chief.get_full_name()}",
            minutes_allowed=25,
            minutes_text=minutes_text,
        )

    def attend(self, meeting, present):
        """Everyone with a demo login except the administrator, plus the chair."""
        status = "present" if present else "invited"
        upsert(
            Attendance,
            {"meeting": meeting, "name": data.CHAIR.split(" (")[0]},
            capacity="Chair",
            status=status,
        )
        for username, user in self.users.items():
            membership = user.memberships.first()
            if membership is None:
                continue
            away = present and username == "rep.youthforum"
            upsert(
                Attendance,
                {"meeting": meeting, "user": user},
                name=user.get_full_name(),
                organisation=membership.organisation,
                capacity=membership.get_role_display(),
                status="apologies" if away else status,
            )

    def question(self, spec, item, version, asked, merged_into=None, taken_at=None):
        status = spec.get("status", "answered" if "answer" in spec else "submitted")
        moderated = status != "submitted"
        from_floor = spec["by"] is None
        taken_at = taken_at if status in Question.SHOWN_STATUSES else None
        # At a past meeting, an accepted question without an answer waits for a written one.
        live_state = {"answered": "answered", "accepted": "deferred"}.get(status, "waiting")
        question = upsert(
            Question,
            {"agenda_item": item, "text": spec["text"]},
            plan_version=version,
            section=self.section(spec.get("section")),
            asked_by=self.users.get(spec["by"]),
            organisation=self.orgs[spec["org"]],
            is_public=spec.get("public", True),
            source="floor" if from_floor else "web",
            status=status,
            decline_reason=spec.get("reason", ""),
            merged_into=merged_into,
            moderated_by=self.users["secretariat"] if moderated else None,
            moderated_at=min(asked + DAY, self.days(-1)) if moderated else None,
            live_state=live_state if taken_at else "waiting",
            spoken_answer=spec.get("spoken", ""),
            taken_at=taken_at,
        )
        backdate(question, asked)
        for username in spec.get("votes", []):
            upsert(Upvote, {"question": question, "user": self.users[username]})
        votes = question.upvotes.count()
        if question.vote_count != votes:
            question.vote_count = votes
            question.save(update_fields=["vote_count"])
        return question

    def section(self, slug):
        return next((t for t in self.templates if t.slug == slug), None) if slug else None

    def respond(self, question, text, when):
        district = question.agenda_item.plan.district
        response = upsert(
            QuestionResponse, {"question": question}, text=text, responded_by=self.chief(district)
        )
        backdate(response, max(when, question.created_at + DAY))

    def add_feedback(self, items):
        criteria = list(FeedbackCriterion.objects.filter(is_active=True))
        for slug, author, org, scores, works, missing in data.FEEDBACK:
            item = items[slug]
            feedback = upsert(
                Feedback,
                {
                    "plan_version": item.plan_version,
                    "author": self.users[author],
                    "organisation": self.orgs[org],
                },
                agenda_item=item,
                what_works=works,
                what_is_missing=missing,
            )
            backdate(feedback, self.past_at - 9 * DAY)
            for criterion, score in zip(criteria, scores, strict=False):
                upsert(FeedbackRating, {"feedback": feedback, "criterion": criterion}, score=score)

    def add_outcomes(self, items, questions):
        commissioner = self.users["commissioner"]
        published_at = self.past_at + 21 * DAY
        outcomes = {}
        for slug, (rating, rationale, findings) in data.OUTCOMES.items():
            outcome = upsert(
                ScrutinyOutcome,
                {"meeting": self.past, "plan": self.plans[slug]},
                agenda_item=items[slug],
                rating=rating,
                rationale=rationale,
                findings=findings,
                reviewed_by=commissioner,
                published_at=published_at,
                published_by=commissioner,
            )
            backdate(outcome, published_at - 2 * DAY)
            outcomes[slug] = outcome
        recommendations = []
        for slug, text, status, reply, keys, due in data.RECOMMENDATIONS:
            outcome, chief = outcomes[slug], self.chief(self.districts[slug])
            replied = status != "open"
            recommendation = upsert(
                Recommendation,
                {"outcome": outcome, "text": text},
                owner=self.districts[slug],
                due_on=self.today + due * DAY,
                reply_due_on=(published_at + 14 * DAY).date() if replied else self.today + 7 * DAY,
                status=status,
                reply=reply,
                replied_by=chief if replied else None,
                replied_at=published_at + 7 * DAY if replied else None,
                created_by=commissioner,
            )
            backdate(recommendation, published_at)
            recommendation.questions.set([questions[key] for key in keys])
            recommendation.feedback.set(
                Feedback.objects.filter(agenda_item=items[slug]).order_by("pk")[:1]
                if replied
                else []
            )
            recommendations.append(recommendation)
        for slug, title, owner, status, due, done, rec, updates in data.ACTIONS:
            action = upsert(
                Action,
                {"district": self.districts[slug], "title": title},
                recommendation=recommendations[rec] if rec is not None else None,
                agenda_item=items[slug] if rec is None else None,
                owner_name=owner,
                due_on=self.today + due * DAY,
                status=status,
                completed_on=self.today + done * DAY if done is not None else None,
                created_by=commissioner if rec is not None else self.users["secretariat"],
            )
            for days_ago, update_status, note in updates:
                upsert(
                    ProgressUpdate,
                    {"action": action, "note": note},
                    status=update_status,
                    reported_on=self.today - days_ago * DAY,
                    reported_by=self.chief(self.districts[slug]),
                )

    def chief(self, district):
        return self.users[data.CHIEFS[district.slug]]

    def summary(self):
        deadline = timezone.localtime(self.next.question_deadline)
        lines = [
            "Demo data ready.",
            f"  Past meeting:     {self.past}, minutes and "
            f"{self.past.outcomes.filter(published_at__isnull=False).count()} outcomes published",
            f"  Upcoming meeting: {self.next}, open for questions until "
            f"{deadline:%-d %B %Y, %H:%M}",
            f"  {len(self.orgs)} organisations, {NeighbourhoodTeam.objects.count()} "
            f"neighbourhood teams, {Question.objects.count()} questions, "
            f"{Action.objects.count()} actions",
            "",
        ]
        width = max(len(role) for _, role in self.logins) + 2
        rows = [("username", "role", "password"), *((u, r, data.PASSWORD) for u, r in self.logins)]
        lines += [f"  {name:<20}{role:<{width}}{password}" for name, role, password in rows]
        return "\n".join(lines)
