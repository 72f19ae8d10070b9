"""Who may do what. Plain functions that read as sentences, and the fetch helpers views use.

The visibility rules themselves live in each model's `visible_to(user)` QuerySet method;
this module only combines them with the rules about changing things.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import (
    Action,
    AgendaItem,
    CommunityOrganisation,
    EngagementPlan,
    PanelMeeting,
    PlanVersion,
    Question,
    Recommendation,
    ScrutinyOutcome,
    roles_of,
)
from .person_cache import remembered


def is_chief_inspector(user):
    """Leads at least one district."""
    return roles_of(user).is_chief_inspector


def is_representative(user):
    """Represents at least one community organisation."""
    return roles_of(user).is_representative


def is_secretariat(user):
    """Runs the panel: the secretariat, or a site administrator."""
    return roles_of(user).sees_everything


def is_commissioners_office(user):
    """Reviews outcomes for the Police and Crime Commissioner (administrators too)."""
    roles = roles_of(user)
    return roles.is_commissioners_office or roles.is_admin


def role_required(check):
    """Refuse (403) a signed-in user for whom `check(user)` is false.

    Anonymous users never get this far: LoginRequiredMiddleware sends them to sign in.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Chief inspectors, plans and documents -----------------------------------------------------


def leads_district(user, district_id):
    """The user is a chief inspector of this district."""
    return district_id in roles_of(user).district_ids


def can_edit_plan(user, plan):
    """Only the district's own chief inspectors change its plans and versions."""
    return leads_district(user, plan.district_id)


def can_respond(user, question):
    """A chief inspector answers accepted questions on their own district's plans."""
    plan = question.agenda_item.plan
    return question.is_shown and plan is not None and leads_district(user, plan.district_id)


def can_report_progress(user, action):
    """Progress on an action is reported by the district it is assigned to."""
    return leads_district(user, action.district_id)


def kept_or_404(name, rows, pk, *, keep):
    """The row `pk` of the queryset `rows()` builds, or 404. With `keep` (a page that only
    shows it), the answer kept for this person until a record changes (person_cache):
    the visibility rules make a long query to build. A request that changes something
    always asks the database."""
    found = remembered(f"{name}:{pk}", lambda: rows().filter(pk=pk).first(), keep=keep)
    if found is None:
        raise Http404
    return found


def get_plan_for(user, pk, *, to_read=False):
    """The plan, if the user may see it (drafts only by their district and the secretariat)."""
    return kept_or_404(
        f"plan:{user.pk}",
        lambda: EngagementPlan.objects.visible_to(user).select_related("district"),
        pk,
        keep=to_read,
    )


def get_version_for(user, plan, number):
    """One version of a plan the user may already see; draft versions stay with the district."""
    return get_object_or_404(
        PlanVersion.objects.visible_to(user).select_related("plan__district"),
        plan=plan,
        number=number,
    )


def get_question_for(user, pk):
    """A question the user may see; another district's private questions are a 404."""
    return get_object_or_404(
        Question.objects.visible_to(user).select_related(
            "agenda_item__meeting", "agenda_item__plan__district", "section", "organisation"
        ),
        pk=pk,
    )


def get_action_for(user, pk):
    """An action the user may see."""
    return get_object_or_404(Action.objects.visible_to(user).select_related("district"), pk=pk)


# Community representatives, questions and moderation --------------------------------------


def organisations_represented_by(user):
    """The organisations this person may act for now (active memberships only)."""
    return CommunityOrganisation.objects.filter(pk__in=roles_of(user).organisation_ids)


def visible_agenda_items(user):
    """Agenda items on meetings the user may see, whose plan (if any) they may see."""
    return AgendaItem.objects.filter(
        meeting__in=PanelMeeting.objects.visible_to(user),
    ).filter(Q(plan__isnull=True) | Q(plan__in=EngagementPlan.objects.visible_to(user)))


def get_agenda_item_for(user, pk, *, to_read=False):
    """The agenda item, or 404 when its meeting or plan is hidden from this user (kept for
    a page that only shows it: see kept_or_404)."""
    return kept_or_404(
        f"agenda-item:{user.pk}",
        lambda: visible_agenda_items(user).select_related("meeting", "plan__district"),
        pk,
        keep=to_read,
    )


def can_ask_question(user, agenda_item):
    """Representatives ask while the meeting is open for questions (late ones are marked)."""
    return is_representative(user) and agenda_item.meeting.is_open_for_questions


def can_change_question(user, question):
    """Only the asker edits or withdraws, before the deadline and before it is taken."""
    meeting = question.agenda_item.meeting
    return (
        user.is_authenticated
        and question.asked_by_id == user.pk
        and question.status in (Question.Status.SUBMITTED, Question.Status.ACCEPTED)
        and meeting.is_open_for_questions
        and not meeting.is_past_deadline
    )


def can_upvote(user, question):
    """Representatives support other people's accepted questions until the meeting starts."""
    return (
        is_representative(user)
        and question.asked_by_id != user.pk
        and question.status == Question.Status.ACCEPTED
        and question.agenda_item.meeting.is_open_for_questions
    )


def can_give_feedback(user, agenda_item):
    """Representatives rate a submitted plan version until the question deadline."""
    meeting = agenda_item.meeting
    return (
        is_representative(user)
        and agenda_item.plan_version_id is not None
        and meeting.is_open_for_questions
        and not meeting.is_past_deadline
    )


def can_moderate(user, meeting):
    """The secretariat (and site administrators) moderate every meeting's questions."""
    return is_secretariat(user)


# Outcomes, recommendations and the accountability pages ----------------------------------


def can_reply_to_recommendation(user, recommendation):
    """Only a chief inspector of the district that owns a recommendation replies to it."""
    return leads_district(user, recommendation.owner_id)


def get_outcome_for(user, pk):
    """An outcome the user may see: unpublished ones only by the office and the district."""
    return get_object_or_404(
        ScrutinyOutcome.objects.visible_to(user).select_related(
            "plan__district", "meeting", "agenda_item"
        ),
        pk=pk,
    )


def get_recommendation_for(user, pk):
    """A recommendation the user may see: published, or owned by their district."""
    return get_object_or_404(
        Recommendation.objects.visible_to(user).select_related(
            "owner", "outcome__meeting", "outcome__plan__district"
        ),
        pk=pk,
    )


# Meetings ---------------------------------------------------------------------------------


def can_manage_meetings(user):
    """Schedules meetings, builds agendas, runs live mode and writes minutes."""
    return roles_of(user).sees_everything


def can_run_live_meeting(user, meeting):
    """Live controls: the secretariat, and only while the meeting is in session."""
    return can_manage_meetings(user) and meeting.is_in_session


def can_read_meeting_pack(user):
    """The printable pack shows questions that are not public: panel officers only."""
    roles = roles_of(user)
    return roles.sees_everything or roles.is_commissioners_office


def get_meeting_for(user, pk):
    """A meeting the user may see, or 404 (scheduled meetings are hidden from the public)."""
    return get_object_or_404(PanelMeeting.objects.visible_to(user), pk=pk)
