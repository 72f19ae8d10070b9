"""Community representatives: their home, agenda items, questions, feedback and votes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from .. import services
from ..forms import FeedbackForm, MembershipRequestForm, ProfileForm, QuestionForm
from ..models import (
    CommunityOrganisation,
    Feedback,
    Membership,
    PanelMeeting,
    PlanSection,
    PlanVersion,
    Profile,
    Question,
    SectionTemplate,
    Upvote,
)
from ..page_cache import fragment_keys
from ..permissions import (
    can_ask_question,
    can_change_question,
    can_give_feedback,
    can_upvote,
    get_agenda_item_for,
    get_question_for,
    is_representative,
    organisations_represented_by,
    role_required,
    visible_agenda_items,
)
from ..person_cache import remembered

PER_PAGE = 25
# Short pages keep an agenda item with hundreds of questions as quick as one with a few.
QUESTIONS_PER_PAGE = 10
# The primary key last, so that rows tied on votes or time keep their place across pages.
SORTS = {"votes": ("-vote_count", "created_at", "pk"), "time": ("created_at", "pk")}
# The agenda item page lists this many of a person's own questions, then links to them all.
MY_QUESTIONS_SHOWN = 10
STALE_MESSAGE = (
    "Someone else changed this since you opened it. Their saved version is shown next to "
    "what you typed: copy what you need, then save again."
)


def visible_version(user, item, *, with_sections=False):
    """The item's plan version, if this user may read it (with its sections if asked)."""
    if item.plan_version_id is None:
        return None
    # By primary key: the default order would join the plan and district for nothing.
    versions = PlanVersion.objects.visible_to(user).filter(pk=item.plan_version_id).order_by("pk")
    if with_sections:
        sections = PlanSection.objects.select_related("template")
        versions = versions.prefetch_related(Prefetch("sections", queryset=sections))
    return versions.first()


def section_choices(version):
    if version is None:
        return SectionTemplate.objects.none()
    return SectionTemplate.objects.filter(plan_sections__version=version)


def section_choices_for(user, item):
    """The sections a question on `item` may be about, in one query: those of its plan
    version, if this user may read it."""
    if item.plan_version_id is None:
        return SectionTemplate.objects.none()
    visible = PlanVersion.objects.visible_to(user).filter(pk=item.plan_version_id)
    return SectionTemplate.objects.filter(plan_sections__version__in=visible.values("pk"))


def question_form_keys(user, item):
    """The new question form's fields depend on the person (their organisations) and the
    item (its plan's sections, its meeting's rules): the same on the item page and its own."""
    return fragment_keys("question", form=(user.pk, item.pk))


def document_url(version):
    """The permission-checked download link, once the plan pages provide one."""
    if version is None or not version.document:
        return None
    try:
        return reverse("engagement:plan_document", args=[version.plan_id, version.number])
    except NoReverseMatch:
        return None


@role_required(is_representative)
def representative_home(request):
    user = request.user
    items = visible_agenda_items(user).select_related("plan__district")
    meetings = (
        PanelMeeting.objects.visible_to(user)
        .upcoming()
        .filter(status=PanelMeeting.Status.OPEN_FOR_QUESTIONS)
        .prefetch_related(Prefetch("agenda_items", queryset=items))
    )
    recent_questions = (
        Question.objects.filter(asked_by=user)
        .select_related("agenda_item__plan__district", "organisation")
        .order_by("-created_at")[:5]
    )
    context = {
        "organisations": organisations_represented_by(user).select_related("sector"),
        "meetings": meetings,
        "recent_questions": recent_questions,
        "pending_requests": Membership.objects.pending()
        .filter(user=user)
        .select_related("organisation"),
    }
    return render(request, "engagement/representative_home.html", context)


# Public: visitors who are not signed in see what the visible_to rules allow them (a
# published plan, and public questions once the meeting's record is out).
@login_not_required
def agenda_item_detail(request, pk):
    user = request.user
    item = get_agenda_item_for(user, pk, to_read=request.method == "GET")
    version = visible_version(user, item, with_sections=True)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "votes"
    questions = (
        Question.objects.visible_to(user)
        .accepted()
        .filter(agenda_item=item)
        .select_related("asked_by__profile", "organisation", "section", "response")
        .order_by(*SORTS[sort])
    )
    my_questions = []
    if user.is_authenticated:
        mine = Upvote.objects.filter(question=OuterRef("pk"), user=user)
        questions = questions.annotate(has_my_vote=Exists(mine))
        # One more than is shown, to know whether to point to the full list.
        my_questions = list(
            Question.objects.filter(agenda_item=item, asked_by=user)
            .select_related("organisation", "section")
            .order_by("created_at", "pk")[: MY_QUESTIONS_SHOWN + 1]
        )
    page = Paginator(questions, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    # Every row is on this item: share the item and meeting already fetched.
    for question in page:
        question.agenda_item = item
        question.can_upvote = can_upvote(user, question)
    for question in my_questions:
        question.agenda_item = item
        question.can_change = can_change_question(user, question)
    organisations = organisations_represented_by(user)
    form = None
    if can_ask_question(user, item):
        form = QuestionForm(
            agenda_item=item, organisations=organisations, sections=section_choices(version)
        )
    feedback_links = []
    if version is not None and can_give_feedback(user, item):
        given = Feedback.objects.filter(
            plan_version=version, author=user, organisation=OuterRef("pk")
        )
        feedback_links = list(organisations.annotate(has_given_feedback=Exists(given)))
    context = {
        "item": item,
        "meeting": item.meeting,
        "version": version,
        "document_url": document_url(version),
        "page": page,
        "sort": sort,
        "my_questions": my_questions[:MY_QUESTIONS_SHOWN],
        "more_of_my_questions": len(my_questions) > MY_QUESTIONS_SHOWN,
        "form": form,
        "feedback_links": feedback_links,
        **question_form_keys(user, item),
    }
    return render(request, "engagement/agenda_item_detail.html", context)


@role_required(is_representative)
def question_create(request, pk):
    item = get_agenda_item_for(request.user, pk, to_read=request.method == "GET")
    if not can_ask_question(request.user, item):
        raise PermissionDenied
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        agenda_item=item,
        organisations=organisations_represented_by(request.user),
        sections=lambda: section_choices_for(request.user, item),
    )
    if request.method == "POST" and form.is_valid():
        try:
            question = services.ask_question(
                agenda_item=item,
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                section=form.cleaned_data.get("section"),
                text=form.cleaned_data["text"],
                is_public=form.cleaned_data["is_public"],
                submission_key=form.cleaned_data["submission_key"],
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            sent = "Your question has been sent to the panel secretariat."
            if question.is_late:
                sent += " It arrived after the deadline, so it is marked late."
            messages.success(request, sent)
            return redirect(f"{item.get_absolute_url()}#your-questions")
    context = {"item": item, "form": form, **question_form_keys(request.user, item)}
    return render(request, "engagement/question_form.html", context)


@role_required(is_representative)
def question_edit(request, pk):
    question = get_question_for(request.user, pk)
    if not can_change_question(request.user, question):
        raise PermissionDenied
    item = question.agenda_item
    form_kwargs = {
        "agenda_item": item,
        "organisations": None,
        "sections": lambda: section_choices_for(request.user, item),
        "editing": True,
    }
    initial = {
        "text": question.text,
        "section": question.section_id,
        "is_public": question.is_public,
        "revision": question.revision,
    }
    form = QuestionForm(
        request.POST if request.method == "POST" else None, initial=initial, **form_kwargs
    )
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_question(
                question=question,
                by=request.user,
                text=form.cleaned_data["text"],
                section=form.cleaned_data.get("section"),
                is_public=form.cleaned_data["is_public"],
                expected_revision=form.cleaned_data["revision"],
            )
        except services.StaleEdit as stale:
            saved = stale.current
            form = QuestionForm(
                {**request.POST.dict(), "revision": saved.revision}, initial=initial, **form_kwargs
            )
            form.is_valid()
            form.add_error(None, STALE_MESSAGE)
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Your question has been changed.")
            return redirect("engagement:my_questions")
    context = {
        "item": item,
        "form": form,
        "question": question,
        "saved": saved,
        **fragment_keys("question-edit", form=(request.user.pk, question.pk)),
    }
    return render(request, "engagement/question_form.html", context)


@role_required(is_representative)
def question_withdraw(request, pk):
    question = get_question_for(request.user, pk)
    if not can_change_question(request.user, question):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.withdraw_question(question=question, by=request.user)
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Your question has been withdrawn.")
        return redirect("engagement:my_questions")
    return render(request, "engagement/question_confirm_withdraw.html", {"question": question})


@require_POST
@role_required(is_representative)
def question_upvote(request, pk):
    question = get_question_for(request.user, pk)
    if not can_upvote(request.user, question):
        raise PermissionDenied
    support = request.POST.get("support") == "yes"
    services.toggle_upvote(question=question, by=request.user, support=support)
    messages.success(
        request,
        "You support this question." if support else "You no longer support this question.",
    )
    sort = request.POST.get("sort") if request.POST.get("sort") in SORTS else "votes"
    # Back to the page of questions the person was reading (the page checks the number).
    page = request.POST.get("page", "")
    on_page = (
        f"&page={page}"
        if page.isascii() and page.isdigit() and len(page) < 9 and page != "1"
        else ""
    )
    return redirect(f"{question.agenda_item.get_absolute_url()}?sort={sort}{on_page}#question-{pk}")


def feedback_subjects(user, item, organisation_pk):
    """The organisation (None if this person does not act for it), the plan version (None
    if they may not read it), the feedback they have given so far, and the criteria."""
    organisation = organisations_represented_by(user).filter(pk=organisation_pk).first()
    version = visible_version(user, item)
    if organisation is None or version is None:
        return organisation, version, None, []
    feedback = (
        Feedback.objects.filter(plan_version=version, author=user, organisation=organisation)
        .prefetch_related("ratings")
        .first()
    )
    return organisation, version, feedback, list(item.meeting.criteria.filter(is_active=True))


@role_required(is_representative)
def feedback_edit(request, pk, organisation_pk):
    to_read = request.method == "GET"
    item = get_agenda_item_for(request.user, pk, to_read=to_read)
    organisation, version, feedback, criteria = remembered(
        f"feedback:{request.user.pk}:{item.pk}:{organisation_pk}",
        lambda: feedback_subjects(request.user, item, organisation_pk),
        keep=to_read,
    )
    if organisation is None:
        raise Http404("No organisation matches the given query.")
    if version is None:
        raise PermissionDenied
    if not can_give_feedback(request.user, item):
        raise PermissionDenied
    initial = {}
    if feedback is not None:
        initial = {
            "what_works": feedback.what_works,
            "what_is_missing": feedback.what_is_missing,
            "revision": feedback.revision,
        }
        initial.update({f"criterion_{r.criterion_id}": r.score for r in feedback.ratings.all()})
    form = FeedbackForm(
        request.POST if request.method == "POST" else None, initial=initial, criteria=criteria
    )
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_feedback(
                agenda_item=item,
                organisation=organisation,
                by=request.user,
                ratings=form.ratings,
                what_works=form.cleaned_data["what_works"],
                what_is_missing=form.cleaned_data["what_is_missing"],
                expected_revision=form.cleaned_data["revision"],
            )
        except services.StaleEdit as stale:
            saved = stale.current
            data = {**request.POST.dict(), "revision": saved.revision}
            form = FeedbackForm(data, initial=initial, criteria=criteria)
            form.is_valid()
            form.add_error(None, STALE_MESSAGE)
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Your feedback for {organisation} has been saved.")
            return redirect(item)
    context = {
        "item": item,
        "version": version,
        "organisation": organisation,
        "form": form,
        "feedback": feedback,
        "saved": saved,
        **fragment_keys("feedback", form=(request.user.pk, item.pk, organisation.pk)),
    }
    return render(request, "engagement/feedback_form.html", context)


@role_required(is_representative)
def my_questions(request):
    questions = (
        Question.objects.filter(asked_by=request.user)
        .select_related(
            "agenda_item__meeting",
            "agenda_item__plan__district",
            "organisation",
            "section",
            "response",
            "merged_into__response",
        )
        .order_by("-created_at")
    )
    page = Paginator(questions, PER_PAGE).get_page(request.GET.get("page"))
    for question in page:
        question.can_change = can_change_question(request.user, question)
    return render(request, "engagement/question_list.html", {"page": page})


def profile_edit(request):
    profile = Profile.objects.filter(user=request.user).first() or Profile(user=request.user)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile has been saved.")
        return redirect("engagement:profile_edit")
    return render(request, "engagement/profile_form.html", {"form": form})


@role_required(is_representative)
def membership_request_create(request):
    taken = Membership.objects.representatives().filter(
        user=request.user, status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]
    )
    organisations = CommunityOrganisation.objects.active().exclude(
        pk__in=taken.values("organisation")
    )
    form = MembershipRequestForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.request_membership(
                organisation=form.cleaned_data["organisation"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, "Your request has been sent. The panel secretariat will reply by email."
            )
            return redirect("engagement:representative_home")
    pending = taken.filter(status=Membership.Status.PENDING).select_related("organisation")
    return render(
        request, "engagement/membership_request_form.html", {"form": form, "pending": pending}
    )
