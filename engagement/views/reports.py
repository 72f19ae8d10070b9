"""The dashboards, the coverage view, CSV exports and the printable report."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..charts import Series, bar_chart, rag_chart
from ..coverage import build_coverage, gap_sentence
from ..exports import EXPORTS, csv_response
from ..forms import DashboardFilterForm, FilterOffer, ReportFilterForm
from ..models import (
    Action,
    District,
    FeedbackRating,
    PanelMeeting,
    Question,
    ScrutinyOutcome,
)
from ..page_cache import cached_figures, fragment_keys, public_page
from ..permissions import is_commissioners_office, role_required
from ..reporting import build_dashboard
from ..review import recommendations_with_links

PUBLIC = None  # roles_of(None) is the anonymous reader: "published only"


def filter_form(request, meetings, name):
    """The period, district and meeting filter. Every meeting ever held is offered, so what
    it offers is worked out once per revision and day, not on every visit: `name` says
    which meetings these are, for views that offer the same ones to share it."""
    today = timezone.localdate()
    offer = cached_figures(
        f"{name}-filter",
        [today],
        lambda: FilterOffer.of(
            list(meetings.only("pk", "title", "starts_at")),
            list(District.objects.order_by("name")),
            today,
        ),
    )
    return DashboardFilterForm(request.GET, offer=offer)


def scope_key(scope):
    """What figures over `scope` depend on besides the records: its meetings, its district,
    and the day (what is overdue)."""
    district = scope.district.pk if scope.district else ""
    return (",".join(map(str, scope.meeting_ids)), district, timezone.localdate())


def dashboard_figures(name, scope, **querysets):
    """The dashboard's figures over `scope` from these querysets, once per revision."""
    if not scope:
        return None
    return cached_figures(name, scope_key(scope), lambda: build_dashboard(scope=scope, **querysets))


@role_required(is_commissioners_office)
def dashboard(request):
    """Closing the loop over a period, by district and by meeting."""
    form = filter_form(request, PanelMeeting.objects.all(), "every-meeting")
    figures = dashboard_figures(
        "office-dashboard",
        form.scope,
        questions=Question.objects.all(),
        ratings=FeedbackRating.objects.all(),
        outcomes=ScrutinyOutcome.objects.all(),
        actions=Action.objects.all(),
    )
    return render_dashboard(request, form, figures, public=False, name="office-dashboard")


@login_not_required
@public_page
def public_dashboard(request):
    """The closing-the-loop figures over a period, from published material only."""
    published = Q(status=PanelMeeting.Status.MINUTES_PUBLISHED) | Q(
        outcomes__published_at__isnull=False
    )
    # Every published figure comes from one of these meetings, so they bound the work too.
    form = filter_form(
        request, PanelMeeting.objects.filter(published).distinct(), "published-meetings"
    )
    figures = dashboard_figures(
        "public-dashboard",
        form.scope,
        questions=Question.objects.published(),
        ratings=FeedbackRating.objects.none(),
        outcomes=ScrutinyOutcome.objects.published(),
        actions=Action.objects.visible_to(PUBLIC),
    )
    return render_dashboard(request, form, figures, public=True, name="public-dashboard")


def render_dashboard(request, form, figures, *, public, name):
    return render(
        request,
        "engagement/dashboard.html",
        {
            "form": form,
            "scope": form.scope,
            "figures": figures,
            # Called by the template only when the figures' markup is not in the cache.
            "charts": lambda: dashboard_charts(figures, public=public) if figures else [],
            "is_public": public,
            **figure_fragments(request, name, form.scope),
        },
    )


def figure_fragments(request, name, scope):
    """Keys for the cached markup of `name`'s filter, as asked for, and of its figures."""
    return fragment_keys(
        name,
        filter=(request.GET.urlencode(), timezone.localdate()),
        figures=scope_key(scope) if scope else ("no figures",),
    )


def meeting_label(row):
    """Short column and row labels for meetings: their date, which orders them in time."""
    moment = row.get("starts_at") or row.get("meeting__starts_at")
    return timezone.localtime(moment).strftime("%-d %b %Y") if moment else row["title"]


def dashboard_charts(figures, *, public):
    """The charts of a dashboard, each built from the same figures as its table."""
    districts = [row["key"] for row in figures.by_district]
    meetings = [meeting_label(row) for row in figures.by_meeting]
    asked = "Public questions" if public else "Questions received"
    charts = [
        bar_chart(
            chart_id="chart-answered-by-district",
            title="Share of accepted questions answered, by district",
            description="One bar per district: the percentage of questions the panel "
            "accepted that have an answer. The table after the chart has the same figures.",
            labels=districts,
            label_heading="District",
            series=[
                Series("Answered", [row["share_answered"] for row in figures.by_district], "%")
            ],
            maximum=100,
        ),
        bar_chart(
            chart_id="chart-days-by-district",
            title="Median days to answer, by district",
            description="One bar per district: the median number of days from a question "
            "being asked to its written answer.",
            labels=districts,
            label_heading="District",
            series=[
                Series(
                    "Median days",
                    [row["median_days"] for row in figures.by_district],
                    " days",
                    places=1,
                )
            ],
        ),
        bar_chart(
            chart_id="chart-questions-over-time",
            title=f"{asked} and answered, meeting by meeting",
            description="Two bars per meeting, oldest first: questions received and "
            "questions answered.",
            labels=meetings,
            label_heading="Meeting",
            series=[
                Series(asked, [row["received"] for row in figures.by_meeting]),
                Series("Answered", [row["answered"] for row in figures.by_meeting]),
            ],
        ),
        bar_chart(
            chart_id="chart-actions-by-district",
            title="Actions done on time and overdue, by district",
            description="Two bars per district: actions completed by their due date, and "
            "open actions past their due date.",
            labels=districts,
            label_heading="District",
            series=[
                Series("Done on time", [row["done_on_time"] for row in figures.by_district]),
                Series("Overdue", [row["overdue"] for row in figures.by_district]),
            ],
        ),
        rag_chart(
            chart_id="chart-rag-history",
            title="RAG ratings over time",
            description="One row per district and one column per meeting, oldest first: "
            "R is red, A amber, G green, and a dash means no rating.",
            columns=[meeting_label(row) for row in figures.rag_meetings],
            rows=[
                (row["district"], [cell["rating"] if cell else None for cell in row["cells"]])
                for row in figures.rag_rows
            ],
        ),
    ]
    if not public:
        charts.insert(
            3,
            bar_chart(
                chart_id="chart-feedback-scores",
                title="Average feedback score per criterion",
                description="One bar per criterion: the average rating out of 5 that "
                "representatives gave the plans.",
                labels=[row["criterion__title"] for row in figures.criteria],
                label_heading="Criterion",
                series=[
                    Series(
                        "Average out of 5",
                        [row["average"] for row in figures.criteria],
                        places=1,
                    )
                ],
                maximum=5,
            ),
        )
    return charts


@role_required(is_commissioners_office)
def coverage(request):
    """Which communities engaged with which district's plan over a period, and who is missing."""
    form = filter_form(request, PanelMeeting.objects.all(), "every-meeting")
    scope = form.scope
    sectors, rows = (
        cached_figures("coverage", scope_key(scope), lambda: build_coverage(scope))
        if scope
        else ([], [])
    )
    for row in rows:
        row.sentence = gap_sentence(row)
    return render(
        request,
        "engagement/coverage.html",
        {
            "form": form,
            "scope": scope,
            "sectors": sectors,
            "rows": rows,
            **figure_fragments(request, "coverage", scope),
        },
    )


@role_required(is_commissioners_office)
def export_list(request):
    """Choose filters, then download any of the four CSV files with them applied."""
    form = ReportFilterForm(request.GET or None)
    return render(
        request,
        "engagement/export_list.html",
        {"form": form, "kinds": list(EXPORTS), "query": request.GET.urlencode()},
    )


@role_required(is_commissioners_office)
def export_csv(request, kind):
    """One CSV file with the chosen filters applied."""
    if kind not in EXPORTS:
        raise Http404("No such export.")
    form = ReportFilterForm(request.GET or None)
    district, meeting = form.filters
    header, rows = EXPORTS[kind](district=district, meeting=meeting)
    return csv_response(kind, header, rows)


@role_required(is_commissioners_office)
def meeting_outcome_report(request, pk):
    """Every outcome of one meeting, laid out to print (one plan per page)."""
    meeting = get_object_or_404(PanelMeeting, pk=pk)
    outcomes = (
        ScrutinyOutcome.objects.filter(meeting=meeting)
        .select_related("plan__district", "reviewed_by", "agenda_item")
        .prefetch_related(
            "corrections", Prefetch("recommendations", queryset=recommendations_with_links())
        )
        .order_by("agenda_item__order", "plan__district__name")
    )
    return render(
        request,
        "engagement/meeting_outcome_report.html",
        {"meeting": meeting, "outcomes": outcomes, "printed_on": timezone.localdate()},
    )
