"""The coverage view's figures: which organisation sectors asked about or gave feedback on
which district's plan at the meetings of a scope (see reporting.Scope), and who is missing."""

from dataclasses import dataclass

from django.db.models import Count

from .models import CommunityOrganisation, District, Feedback, Question, Sector
from .reporting import grouped_feedback


@dataclass
class CoverageRow:
    district: District
    cells: list
    gaps: list
    could_ask: list


def build_coverage(scope):
    """One row per district whose published plan was on the agenda, a cell per sector."""
    ids = scope.meeting_ids
    questions = Question.objects.exclude(status=Question.Status.WITHDRAWN).filter(
        organisation__isnull=False, agenda_item__plan__isnull=False, agenda_item__meeting__in=ids
    )
    districts = District.objects.filter(
        plans__status__in=["published", "scrutinised"], plans__agenda_items__meeting__in=ids
    )
    if scope.district is not None:
        districts = districts.filter(pk=scope.district.pk)
    asked = {
        (row["agenda_item__plan__district"], row["organisation__sector"]): row["n"]
        for row in questions.values("agenda_item__plan__district", "organisation__sector")
        .annotate(n=Count("pk"))
        .order_by()
    }
    gave = {}
    fields = ("organisation__sector", "agenda_item", "plan_version")
    for row in grouped_feedback(Feedback.objects.all(), scope, fields, {"n": Count("pk")}):
        meeting, district = scope.place_of_feedback(row["agenda_item"], row["plan_version"])
        # A version presented at two meetings can bring in entries that belong to the other.
        if meeting in ids:
            key = (district, row["organisation__sector"])
            gave[key] = gave.get(key, 0) + row["n"]
    sectors = list(Sector.objects.all())
    serving = {}
    for row in CommunityOrganisation.objects.active().values("districts", "sector", "name"):
        serving.setdefault((row["districts"], row["sector"]), []).append(row["name"])
    rows = []
    for place in districts.distinct().order_by("name"):
        cells = [
            {
                "sector": sector,
                "questions": asked.get((place.pk, sector.pk), 0),
                "feedback": gave.get((place.pk, sector.pk), 0),
            }
            for sector in sectors
        ]
        gaps = [cell["sector"] for cell in cells if not cell["questions"] and not cell["feedback"]]
        could_ask = [
            name for sector in gaps for name in sorted(serving.get((place.pk, sector.pk), []))
        ]
        rows.append(CoverageRow(district=place, cells=cells, gaps=gaps, could_ask=could_ask))
    return sectors, rows


def sector_phrase(sector):
    """'Faith' -> 'faith'; names like 'LGBTQ+' keep their capitals."""
    name = sector.name
    return name if name[:2].isupper() else name[0].lower() + name[1:]


def gap_sentence(row):
    """'No faith or LGBTQ+ organisation has asked about or commented on the Stevenage plan.'"""
    if not row.gaps:
        return ""
    names = [sector_phrase(sector) for sector in row.gaps]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"No {listed} organisation has asked about or commented on the {row.district} plan."
