"""Small functions that build valid objects with sensible defaults.

Each accepts overrides and creates the parents it needs when none are given.
"""

import itertools
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from engagement.models import (
    Action,
    AgendaItem,
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
from engagement.reference_data import add_reference_data

PASSWORD = "correct-horse-battery-staple"
_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def get_district(slug="watford"):
    # Transactional (browser) tests empty every table, the migrated starting data included.
    if not District.objects.filter(slug=slug).exists():
        add_reference_data()
    return District.objects.get(slug=slug)


def make_user(username=None, password=PASSWORD, name_display=None, **fields):
    username = username or f"person{_next()}"
    fields.setdefault("email", f"{username}@example.org")
    fields.setdefault("first_name", username.split(".")[-1].title())
    fields.setdefault("last_name", "Tester")
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    Profile.objects.create(user=user, name_display=name_display or Profile.NameDisplay.ORGANISATION)
    return user


def make_organisation(name=None, sector="faith", districts=("watford",)):
    get_district()
    name = name or f"Community Group {_next()}"
    organisation, _ = CommunityOrganisation.objects.get_or_create(
        slug=slugify(name), defaults={"name": name, "sector": Sector.objects.get(slug=sector)}
    )
    organisation.districts.add(*District.objects.filter(slug__in=districts))
    return organisation


def make_membership(user, role, **fields):
    return Membership.objects.create(user=user, role=role, **fields)


def make_chief_inspector(district=None, **user_fields):
    user = make_user(**user_fields)
    make_membership(user, Membership.Role.CHIEF_INSPECTOR, district=district or get_district())
    return user


def make_representative(organisation=None, **user_fields):
    user = make_user(**user_fields)
    make_membership(
        user, Membership.Role.REPRESENTATIVE, organisation=organisation or make_organisation()
    )
    return user


def make_secretariat(**user_fields):
    user = make_user(**user_fields)
    make_membership(user, Membership.Role.SECRETARIAT)
    return user


def make_commissioner(**user_fields):
    user = make_user(**user_fields)
    make_membership(user, Membership.Role.COMMISSIONERS_OFFICE)
    return user


def make_plan(district=None, created_by=None, status=EngagementPlan.Status.PUBLISHED, **fields):
    district = district or get_district()
    start = fields.pop("period_start", date(2026, 4, 1) + timedelta(days=_next()))
    return EngagementPlan.objects.create(
        district=district,
        title=fields.pop("title", f"{district} community engagement plan"),
        period_start=start,
        period_end=fields.pop("period_end", start + timedelta(days=365)),
        status=status,
        created_by=created_by or make_user(),
        **fields,
    )


def make_version(plan=None, number=None, status=PlanVersion.Status.SUBMITTED, sections=True, **f):
    plan = plan or make_plan()
    number = number or (plan.versions.count() + 1)
    if status != PlanVersion.Status.DRAFT:
        f.setdefault("submitted_at", timezone.now())
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        status=status,
        created_by=f.pop("created_by", plan.created_by),
        **f,
    )
    if sections:
        PlanSection.objects.bulk_create(
            PlanSection(version=version, template=template, body=f"{template.title} for v{number}.")
            for template in SectionTemplate.objects.filter(is_active=True)
        )
    return version


def make_meeting(status=PanelMeeting.Status.OPEN_FOR_QUESTIONS, days_ahead=21, **fields):
    starts_at = fields.pop("starts_at", timezone.now() + timedelta(days=days_ahead))
    meeting = PanelMeeting.objects.create(
        title=fields.pop("title", f"Community Engagement Panel {_next()}"),
        starts_at=starts_at,
        venue=fields.pop("venue", "Police Headquarters, Welwyn Garden City"),
        chair=fields.pop("chair", "Chief Constable"),
        question_deadline=fields.pop("question_deadline", starts_at - timedelta(days=7)),
        status=status,
        **fields,
    )
    meeting.criteria.set(FeedbackCriterion.objects.filter(is_active=True))
    return meeting


def make_agenda_item(meeting=None, plan=None, version=None, **fields):
    meeting = meeting or make_meeting()
    if plan is None and version is None and fields.get("kind") != AgendaItem.Kind.GENERAL:
        version = make_version()
    plan = plan or (version.plan if version else None)
    return AgendaItem.objects.create(
        meeting=meeting,
        plan=plan,
        plan_version=version,
        order=fields.pop("order", meeting.agenda_items.count() + 1),
        **fields,
    )


def make_question(agenda_item=None, asked_by=None, organisation=None, **fields):
    agenda_item = agenda_item or make_agenda_item()
    if asked_by is None:
        organisation = organisation or make_organisation()
        asked_by = make_representative(organisation)
    if organisation is None:
        membership = asked_by.memberships.filter(organisation__isnull=False).first()
        organisation = membership.organisation if membership else None
    return Question.objects.create(
        agenda_item=agenda_item,
        plan_version=fields.pop("plan_version", agenda_item.plan_version),
        asked_by=asked_by,
        organisation=organisation,
        text=fields.pop("text", f"How will you reach young people in the town centre? ({_next()})"),
        **fields,
    )


def make_response(question=None, responded_by=None, **fields):
    question = question or make_question(status=Question.Status.ACCEPTED)
    return QuestionResponse.objects.create(
        question=question,
        text=fields.pop("text", "We will hold monthly street surgeries from June."),
        responded_by=responded_by or make_chief_inspector(question.agenda_item.plan.district),
        **fields,
    )


def make_upvote(question, user=None):
    upvote = Upvote.objects.create(question=question, user=user or make_user())
    Question.objects.filter(pk=question.pk).update(vote_count=question.upvotes.count())
    return upvote


def make_feedback(version=None, author=None, organisation=None, score=3, **fields):
    version = version or make_version()
    organisation = organisation or make_organisation()
    author = author or make_representative(organisation)
    feedback = Feedback.objects.create(
        plan_version=version,
        author=author,
        organisation=organisation,
        what_works=fields.pop("what_works", "Clear priorities."),
        what_is_missing=fields.pop("what_is_missing", "Nothing for older residents."),
        **fields,
    )
    FeedbackRating.objects.bulk_create(
        FeedbackRating(feedback=feedback, criterion=criterion, score=score)
        for criterion in FeedbackCriterion.objects.filter(is_active=True)
    )
    return feedback


def make_outcome(agenda_item=None, reviewed_by=None, published=False, **fields):
    agenda_item = agenda_item or make_agenda_item()
    if published:
        fields.setdefault("published_at", timezone.now())
        fields.setdefault("rating", ScrutinyOutcome.Rating.AMBER)
        fields.setdefault("rationale", "Good intentions, few measures.")
    return ScrutinyOutcome.objects.create(
        meeting=agenda_item.meeting,
        plan=agenda_item.plan,
        agenda_item=agenda_item,
        reviewed_by=reviewed_by or make_commissioner(),
        **fields,
    )


def make_recommendation(outcome=None, **fields):
    outcome = outcome or make_outcome()
    return Recommendation.objects.create(
        outcome=outcome,
        text=fields.pop("text", "Publish a quarterly 'you said, we did' summary."),
        owner=fields.pop("owner", outcome.plan.district),
        due_on=fields.pop("due_on", timezone.localdate() + timedelta(days=90)),
        reply_due_on=fields.pop("reply_due_on", timezone.localdate() + timedelta(days=28)),
        created_by=fields.pop("created_by", outcome.reviewed_by),
        **fields,
    )


def make_action(district=None, **fields):
    return Action.objects.create(
        district=district or get_district(),
        title=fields.pop("title", "Hold a street surgery in every ward"),
        due_on=fields.pop("due_on", timezone.localdate() + timedelta(days=30)),
        created_by=fields.pop("created_by", None) or make_user(),
        **fields,
    )


def make_progress_update(action=None, reported_by=None, **fields):
    action = action or make_action()
    return ProgressUpdate.objects.create(
        action=action,
        status=fields.pop("status", Action.Status.IN_PROGRESS),
        note=fields.pop("note", "Four of nine wards done."),
        reported_by=reported_by or make_user(),
        **fields,
    )


# Chief inspectors, plans and documents ------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_upload(name="plan.pdf", content=PDF_BYTES, document_type="pdf"):
    """An upload as forms.DocumentField hands it to a service, its type already checked."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    upload.document_type = document_type
    return upload


def section_data(body="{title}: our plan.", templates=None):
    """Form data filling every active section, as the version form names its fields."""
    templates = templates or SectionTemplate.objects.filter(is_active=True)
    return {f"section_{t.slug}": body.format(title=t.title) for t in templates}


# Community representatives, invitations and moderation ------------------------------------


def make_invitation(organisation=None, invited_by=None, **fields):
    from engagement.models import Invitation

    return Invitation.objects.create(
        email=fields.pop("email", f"invitee{_next()}@example.org"),
        full_name=fields.pop("full_name", "Sam Invitee"),
        organisation=organisation or make_organisation(),
        invited_by=invited_by or make_secretariat(),
        expires_at=fields.pop("expires_at", timezone.now() + timedelta(days=14)),
        **fields,
    )


# Outcomes, recommendations, actions and publication --------------------------------------


def make_past_meeting(days_ago=14, **fields):
    """A meeting that has happened and whose minutes are out, so public questions show."""
    now = timezone.now()
    fields.setdefault("status", PanelMeeting.Status.MINUTES_PUBLISHED)
    if fields["status"] == PanelMeeting.Status.MINUTES_PUBLISHED:
        fields.setdefault("minutes_approved_at", now)
        fields.setdefault("minutes_published_at", now)
    return make_meeting(days_ahead=-days_ago, **fields)


def make_plan_item(meeting=None, district=None, **fields):
    """A plan on a meeting's agenda, with a submitted version."""
    version = make_version(make_plan(district or get_district()))
    return make_agenda_item(meeting or make_past_meeting(), version=version, **fields)


def make_answered_question(agenda_item=None, **fields):
    """An accepted, public question with the district's written response."""
    fields.setdefault("status", Question.Status.ANSWERED)
    fields.setdefault("moderated_at", timezone.now())
    question = make_question(agenda_item or make_plan_item(), **fields)
    make_response(question)
    return question


def make_scrutinised_item(meeting=None, district=None, published=True, questions=1, people=None):
    """A plan item with answered questions, feedback, an outcome, a recommendation from the
    questions, and an accepted action with one progress update: the whole chain.

    `people` (from make_outcome_people) lets many items share the same few users.
    """
    people = people or make_outcome_people(district)
    version = make_version(make_plan(district or get_district(), created_by=people["chief"]))
    item = make_agenda_item(meeting or make_past_meeting(), version=version)
    asked = []
    for _ in range(questions):
        question = make_question(
            item,
            asked_by=people["representative"],
            status=Question.Status.ANSWERED,
            moderated_at=timezone.now(),
        )
        make_response(question, responded_by=people["chief"])
        asked.append(question)
    make_feedback(
        version,
        author=people["representative"],
        organisation=people["organisation"],
        agenda_item=item,
        score=4,
    )
    outcome = make_outcome(item, reviewed_by=people["commissioner"], published=published)
    recommendation = make_recommendation(
        outcome, status=Recommendation.Status.ACCEPTED, reply="Agreed."
    )
    recommendation.questions.set(asked)
    action = make_action(
        item.plan.district, recommendation=recommendation, created_by=people["chief"]
    )
    make_progress_update(action, reported_by=people["chief"])
    return item


def make_outcome_people(district=None):
    """A chief inspector, a representative with their organisation, and the office."""
    organisation = make_organisation()
    return {
        "chief": make_chief_inspector(district or get_district()),
        "organisation": organisation,
        "representative": make_representative(organisation),
        "commissioner": make_commissioner(),
    }


# Meetings ---------------------------------------------------------------------------------


def make_attendee(meeting=None, **fields):
    from engagement.models import Attendance

    return Attendance.objects.create(
        meeting=meeting or make_meeting(),
        name=fields.pop("name", f"Person {_next()}"),
        **fields,
    )


def make_live_meeting(questions=2, **fields):
    """A meeting in session with one plan item holding `questions` accepted questions."""
    meeting = make_meeting(status=PanelMeeting.Status.IN_SESSION, days_ahead=0, **fields)
    item = make_agenda_item(meeting)
    organisation = make_organisation()
    asker = make_representative(organisation)
    for number in range(questions):
        make_question(
            item,
            asked_by=asker,
            status=Question.Status.ACCEPTED,
            vote_count=number,
            text=f"Live question {number + 1}",
        )
    PanelMeeting.objects.filter(pk=meeting.pk).update(current_item=item)
    meeting.refresh_from_db()
    return meeting
