"""Starting data a new panel needs: districts, sectors, plan sections, feedback criteria.

Used by the data migration, the demo seed and the test factories (a transactional test
empties the tables, so the factories put this back). All of it is editable in the admin.
"""

from django.utils.text import slugify

DISTRICTS = [
    "Broxbourne",
    "Dacorum",
    "East Hertfordshire",
    "Hertsmere",
    "North Hertfordshire",
    "St Albans",
    "Stevenage",
    "Three Rivers",
    "Watford",
    "Welwyn Hatfield",
]

SECTORS = [
    "Business",
    "Disability",
    "Ethnic minority",
    "Faith",
    "LGBTQ+",
    "Older people",
    "Residents",
    "Victims and survivors",
    "Women",
    "Youth",
]

# Drawn from the College of Policing guideline on engaging communities and s.34 of the
# Police Reform and Social Responsibility Act 2011.
SECTIONS = [
    ("District profile", "Who lives and works here; the crime and anti-social behaviour picture."),
    ("Purpose and objectives", "What this plan sets out to achieve in the period."),
    ("Community map", "Organisations, networks and seldom-heard groups in the district."),
    (
        "Methods and calendar",
        "Surgeries, street meetings, online surveys, messaging, social "
        "media and partner forums, with dates.",
    ),
    (
        "Information given to the public",
        "What local crime information is published, where and how often.",
    ),
    (
        "Setting local priorities",
        "How priorities are set each four-month cycle and linked to problem solving.",
    ),
    (
        "Feedback and accountability",
        "How people hear back (\u201cyou said, we did\u201d), the "
        "channels used and the named officers.",
    ),
    (
        "Supporting active communities",
        "Neighbourhood Watch, volunteers, special constables and community groups.",
    ),
    ("Measures", "How the district will know the plan is working."),
    (
        "Equality, accessibility and translation",
        "Reaching people with different needs and languages.",
    ),
    ("Risks", "What could stop the plan working, and what will be done about it."),
]

CRITERIA = [
    ("Clarity", "Is the plan clear and easy to follow?"),
    ("Reach into under-represented communities", "Does it reach the people least heard?"),
    ("Feedback to the public", "Does it say how people will hear what was done?"),
    ("Measurable commitments", "Can progress be checked against it?"),
]


def add_reference_data(apps=None):
    """Create whatever of the starting data is missing; safe to run again."""
    get_model = apps.get_model if apps else _current_model
    District = get_model("engagement", "District")
    Sector = get_model("engagement", "Sector")
    SectionTemplate = get_model("engagement", "SectionTemplate")
    FeedbackCriterion = get_model("engagement", "FeedbackCriterion")
    for name in DISTRICTS:
        District.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    for name in SECTORS:
        Sector.objects.get_or_create(slug=slugify(name) or "lgbtq", defaults={"name": name})
    for order, (title, guidance) in enumerate(SECTIONS, start=1):
        SectionTemplate.objects.get_or_create(
            slug=slugify(title), defaults={"title": title, "guidance": guidance, "order": order}
        )
    for order, (title, description) in enumerate(CRITERIA, start=1):
        FeedbackCriterion.objects.get_or_create(
            slug=slugify(title),
            defaults={"title": title, "description": description, "order": order},
        )


def _current_model(app_label, model_name):
    from django.apps import apps

    return apps.get_model(app_label, model_name)
