"""What the demo says: fictional Hertfordshire people, teams, organisations and plan text.

Only the four organisations named in the press release are real; every person is invented.
`seed_demo` turns this into rows.
"""

PASSWORD = "demo-password-2026"
CHAIR = "Chief Constable Graham Waverley (fictional), chair"
HQ = "Police Headquarters, Welwyn Garden City"
PAST_TITLE = "Community Engagement Panel: first meeting"
NEXT_TITLE = "Community Engagement Panel: second meeting"

# username, first name, last name, job title, how the name is shown, memberships
# (role, district or organisation slug). "admin" is the site's superuser.
USERS = [
    ("admin", "Site", "Administrator", "Site administrator", "hidden", []),
    ("secretariat", "Rachel", "Finch", "Panel secretary", "full_name", [("secretariat", None)]),
    ("commissioner", "Martin", "Cole", "Head of Scrutiny, Office of the PCC", "full_name",
     [("commissioners_office", None)]),
    ("chief.watford", "Helen", "Marsh", "Chief Inspector, Watford", "full_name",
     [("chief_inspector", "watford")]),
    ("chief.stevenage", "Daniel", "Osei", "Chief Inspector, Stevenage", "full_name",
     [("chief_inspector", "stevenage")]),
    ("chief.stalbans", "Priya", "Raman", "Chief Inspector, St Albans", "full_name",
     [("chief_inspector", "st-albans")]),
    ("chief.dacorum", "Tom", "Whitfield", "Chief Inspector, Dacorum", "full_name",
     [("chief_inspector", "dacorum")]),
    ("rep.onevision", "Amara", "Mensah", "Trustee", "full_name",
     [("representative", "one-vision"), ("representative", "herts-pride")]),
    ("rep.womenscentre", "Joanne", "Price", "Outreach coordinator", "organisation",
     [("representative", "watford-womens-centre")]),
    ("rep.islamiccentre", "Yusuf", "Haddad", "Community liaison", "organisation",
     [("representative", "st-albans-islamic-centre")]),
    ("rep.youthforum", "Kieran", "Doyle", "Youth worker", "hidden",
     [("representative", "hemel-hempstead-youth-forum")]),
    ("rep.olderpeople", "Margaret", "Ellis", "Chair", "full_name",
     [("representative", "stevenage-older-peoples-forum")]),
]

# name, slug, sector slug, districts served, description
ORGANISATIONS = [
    ("One Vision", "one-vision", "ethnic-minority", ["watford", "three-rivers", "st-albans"],
     "Community organisation that took part in the first panel."),
    ("Herts Pride", "herts-pride", "lgbtq", [],
     "LGBTQ+ community organisation working across Hertfordshire."),
    ("St Albans Islamic Centre", "st-albans-islamic-centre", "faith", ["st-albans"],
     "Mosque and community centre serving Muslim families in St Albans."),
    ("Watford Women's Centre", "watford-womens-centre", "women", ["watford", "three-rivers"],
     "Support, advice and a safe space for women in and around Watford."),
    ("Hemel Hempstead Youth Forum", "hemel-hempstead-youth-forum", "youth", ["dacorum"],
     "Young people aged 13 to 24 who speak up on local services (fictional)."),
    ("Stevenage Older People's Forum", "stevenage-older-peoples-forum", "older-people",
     ["stevenage", "north-hertfordshire"], "Residents over 60 and their carers (fictional)."),
    ("Dacorum Disability Action", "dacorum-disability-action", "disability", ["dacorum"],
     "Disabled people's organisation run by its members (fictional)."),
    ("Welwyn Hatfield Residents' Network", "welwyn-hatfield-residents-network", "residents",
     ["welwyn-hatfield"], "Residents' and tenants' associations working together (fictional)."),
    ("Herts Small Traders Network", "herts-small-traders-network", "business",
     ["watford", "stevenage", "st-albans", "east-hertfordshire"],
     "Independent shops and market traders (fictional)."),
    ("Safe Haven Stevenage", "safe-haven-stevenage", "victims-and-survivors", ["stevenage"],
     "Peer support for survivors of domestic abuse and stalking (fictional)."),
    ("Broxbourne Faith Forum", "broxbourne-faith-forum", "faith", ["broxbourne"],
     "Churches, gurdwara and mosque in Broxbourne meeting together (fictional)."),
]

# district slug, team, area, current priorities
TEAMS = [
    ("broxbourne", "Cheshunt and Waltham Cross NPT", "Cheshunt, Waltham Cross, Goffs Oak",
     ["Anti-social behaviour at Waltham Cross bus station", "Vehicle crime in Cheshunt"]),
    ("broxbourne", "Hoddesdon and Broxbourne NPT", "Hoddesdon, Broxbourne, Wormley",
     ["Fly-tipping on rural lanes", "Shoplifting in Hoddesdon town centre"]),
    ("dacorum", "Hemel Hempstead NPT", "Hemel Hempstead town and villages",
     ["Drug dealing in Hemel Hempstead town centre", "Speeding on the A4146",
      "Anti-social behaviour at the Water Gardens"]),
    ("dacorum", "Berkhamsted and Tring Neighbourhood Team", "Berkhamsted, Tring, Northchurch",
     ["Rural crime around Tring", "Burglary in Berkhamsted"]),
    ("dacorum", "Kings Langley and Bovingdon Team", "Kings Langley, Bovingdon, Markyate",
     ["Theft of farm machinery", "Speeding through Bovingdon"]),
    ("east-hertfordshire", "Hertford and Ware Neighbourhood Team", "Hertford, Ware, Sawbridgeworth",
     ["Speeding on the A414", "Anti-social behaviour at Castle Gardens"]),
    ("east-hertfordshire", "Bishop's Stortford NPT", "Bishop's Stortford and villages",
     ["Shoplifting in the town centre", "Drug dealing near the railway station"]),
    ("hertsmere", "Borehamwood NPT", "Borehamwood, Elstree",
     ["Moped-enabled crime in Borehamwood", "Anti-social behaviour in Shenley Road"]),
    ("hertsmere", "Potters Bar and Bushey Team", "Potters Bar, Bushey, Radlett",
     ["Burglary in Bushey", "Car key burglary in Radlett"]),
    ("north-hertfordshire", "Hitchin NPT", "Hitchin and villages",
     ["Anti-social behaviour in Hitchin town centre", "Cycle theft at Hitchin station"]),
    ("north-hertfordshire", "Letchworth and Baldock Team", "Letchworth Garden City, Baldock",
     ["Theft from vans in Letchworth", "Drug dealing in Baldock"]),
    ("north-hertfordshire", "Royston Neighbourhood Team", "Royston and rural north",
     ["Hare coursing near Royston", "Speeding on the A505"]),
    ("st-albans", "St Albans City NPT", "St Albans city centre and wards",
     ["Night-time disorder on St Peter's Street", "Cycle theft at St Albans City station",
      "Shoplifting in the town centre"]),
    ("st-albans", "Harpenden Neighbourhood Team", "Harpenden, Wheathampstead",
     ["Catalytic converter theft in Harpenden", "Speeding on the B653"]),
    ("st-albans", "London Colney and Colney Heath Team", "London Colney, Colney Heath, Park Street",
     ["Anti-social behaviour at Broad Colney Lakes", "Fly-tipping on farmland"]),
    ("stevenage", "Stevenage Town Centre NPT", "Town centre, Bedwell",
     ["Knife crime concerns in the town centre", "E-scooter nuisance in Bedwell"]),
    ("stevenage", "Stevenage North Team", "Old Town, Symonds Green, Pin Green",
     ["Anti-social behaviour in the Old Town", "Burglary in Pin Green"]),
    ("stevenage", "Stevenage South Team", "Shephall, Bandley Hill, Chells",
     ["Burglary in Shephall", "Drug dealing around the Hyde shops"]),
    ("three-rivers", "Rickmansworth NPT", "Rickmansworth, Chorleywood, Croxley Green",
     ["Burglary in Chorleywood", "Speeding on the A404"]),
    ("three-rivers", "South Oxhey and Carpenders Park Team", "South Oxhey, Carpenders Park",
     ["Anti-social behaviour in South Oxhey", "Drug dealing near the Oxhey Drive shops"]),
    ("watford", "Watford Central Neighbourhood Team", "Town centre, Central, Nascot",
     ["Drug dealing around the High Street", "Shoplifting in the town centre",
      "Anti-social behaviour at Cassiobury Park"]),
    ("watford", "Watford North NPT", "Callowland, Garston, Stanborough",
     ["Speeding on St Albans Road", "Vehicle crime in Garston"]),
    ("watford", "Watford West NPT", "Holywell, Meriden, Oxhey, Woodside",
     ["Youth anti-social behaviour in Holywell", "Drug dealing in Meriden"]),
    ("welwyn-hatfield", "Hatfield NPT", "Hatfield, the university area",
     ["Burglary of student houses in Hatfield", "Speeding on the A414"]),
    ("welwyn-hatfield", "Welwyn Garden City Neighbourhood Team", "Welwyn Garden City, Welwyn",
     ["Shoplifting in the town centre", "Anti-social behaviour at Stanborough Lakes"]),
]

# What makes each plan district-specific; the section text below is filled from these.
FACTS = {
    "watford": dict(
        population="about 103,000 people",
        places="the town centre, Callowland, Holywell, Meriden, Oxhey, Nascot and Woodside",
        picture="shoplifting and drug dealing in the town centre, anti-social behaviour at "
        "Cassiobury Park and a busy night-time economy",
        teams="three neighbourhood teams",
        partners="Watford Borough Council's community safety team, Watford Women's Centre, "
        "One Vision and the town's faith groups",
        seldom_heard="young men in Holywell and Meriden, Eastern European night-shift "
        "workers, and women who use the town centre at night",
        groups="64",
        venue="Watford Central Library",
        forum="the Watford Community Safety Partnership and the Faith Leaders' Forum",
        priority="drug dealing around the High Street",
        watch="41 Neighbourhood Watch schemes",
        specials="18",
        languages="Urdu, Polish, Tamil and Romanian",
        risk="Abstractions to the town centre on match days and at weekends can cancel surgeries.",
    ),
    "stevenage": dict(
        population="about 90,000 people",
        places="the town centre, the Old Town, Bedwell, Shephall, Pin Green and Chells",
        picture="knife crime concerns in the town centre, e-scooter nuisance and burglary in "
        "the neighbourhoods built around shopping parades",
        teams="three neighbourhood teams",
        partners="Stevenage Borough Council, Stevenage Older People's Forum and Safe Haven "
        "Stevenage",
        seldom_heard="older residents who do not use social media, young people in Bedwell "
        "and survivors of domestic abuse",
        groups="47",
        venue="the Stevenage Central Library",
        forum="the Safer Stevenage Partnership",
        priority="knife crime concerns in the town centre",
        watch="28 Neighbourhood Watch schemes",
        specials="12",
        languages="Polish, Bengali and Turkish",
        risk="Two of the three sergeant posts were filled only this spring, so relationships "
        "with some groups are new.",
    ),
    "st-albans": dict(
        population="about 150,000 people",
        places="the city, Harpenden, London Colney, Wheathampstead and Park Street",
        picture="night-time disorder on St Peter's Street, catalytic converter theft in "
        "Harpenden and under-reported hate crime",
        teams="three neighbourhood teams",
        partners="St Albans City and District Council, St Albans Islamic Centre, the "
        "university's students' union and the city's churches",
        seldom_heard="Muslim women, students living in shared houses and traveller "
        "families near Colney Heath",
        groups="73",
        venue="the St Albans Museum and Gallery",
        forum="the St Albans Community Safety Partnership and the Interfaith Forum",
        priority="night-time disorder on St Peter's Street",
        watch="52 Neighbourhood Watch schemes",
        specials="21",
        languages="Urdu, Bengali, Arabic and Italian",
        risk="People who have had a poor experience reporting hate crime may not come to "
        "police-led meetings at all.",
    ),
    "dacorum": dict(
        population="about 155,000 people",
        places="Hemel Hempstead, Berkhamsted, Tring, Kings Langley and the rural villages",
        picture="drug dealing in Hemel Hempstead town centre, speeding on rural roads and "
        "theft of farm machinery",
        teams="three neighbourhood teams",
        partners="Dacorum Borough Council, Hemel Hempstead Youth Forum, Dacorum Disability "
        "Action and the National Farmers' Union",
        seldom_heard="young people in Hemel Hempstead, disabled residents and farm workers",
        groups="58",
        venue="the Hemel Hempstead Forum",
        forum="the Dacorum Community Safety Partnership and the rural crime forum",
        priority="drug dealing in Hemel Hempstead town centre",
        watch="35 Neighbourhood Watch schemes and 6 Farm Watch groups",
        specials="15",
        languages="Polish, Portuguese and Urdu",
        risk="Rural villages are far apart, and one vacant PCSO post leaves the north of the "
        "district thinly covered.",
    ),
}

SECTION_TEXT = {
    "district-profile": "{name} is home to {population}, covering {places}. The crime and "
    "anti-social behaviour picture is dominated by {picture}. Local policing is delivered by "
    "{teams}, each led by a named sergeant.",
    "purpose-and-objectives": "This plan sets out how {name}'s neighbourhood teams will hear "
    "from residents and businesses, act on what they say and tell them what was done. By the "
    "end of the period we want to hear from groups we rarely hear from now, especially "
    "{seldom_heard}.",
    "community-map": "We work alongside {partners}. We have mapped {groups} community groups "
    "across the district. Groups we do not yet hear from enough are {seldom_heard}.",
    "methods-and-calendar": "Each team holds a monthly street surgery and a quarterly public "
    "meeting at {venue}. An online survey opens at the start of every four-month cycle, teams "
    "post weekly on their Facebook pages and send alerts through Herts Connected. Officers "
    "also attend {forum}.",
    "information-given-to-the-public": "Ward-level crime figures and the current priorities "
    "are published on the force website and Herts Connected each month. Teams post a short "
    "update after every operation, and each public meeting opens with a summary of crime and "
    "anti-social behaviour in {name}.",
    "setting-local-priorities": "Priorities are reset every four months. We combine the survey "
    "results, what we hear at surgeries and the crime data, then agree up to three priorities "
    "per team with partners. The current priority for the town centre is {priority}, with a "
    "problem-solving plan owned by a named sergeant.",
    "feedback-and-accountability": "At the end of each cycle we publish a 'you said, we did' "
    "summary for every team on Herts Connected. Each ward's named sergeant and PCSOs are "
    "listed online, and anyone can raise a concern at a surgery or by email.",
    "supporting-active-communities": "We support {watch}, {specials} special constables and "
    "a volunteer police cadet unit. Community Speedwatch groups are trained and equipped by "
    "the teams.",
    "measures": "We will count contacts at surgeries and meetings, survey responses by ward "
    "and by community, and the share of priorities with a published update within two weeks "
    "of review.",
    "equality-accessibility-and-translation": "Key messages are translated into {languages}. "
    "Meetings are held in step-free venues with a hearing loop, and every public meeting can "
    "also be joined online.",
    "risks": "{risk} We will review the plan with partners at the mid-point of the period and "
    "report any change to the panel.",
}
GENERIC_SECTION = "{name}'s teams will set out their approach to this section in the next version."

# Sentences added in Watford's second version, so the diff shows what the panel changed.
WATFORD_V2_ADDITIONS = {
    "community-map": "Since version 1, outreach workers from Watford Women's Centre have "
    "joined our fortnightly drop-in at the centre, so women can raise concerns away from a "
    "police station.",
    "feedback-and-accountability": "From this period, each ward also gets a monthly 'you said, "
    "we did' post naming the officer responsible for each priority.",
    "measures": "Targets for this period: 600 survey responses, at least 15% of them from "
    "Holywell and Meriden, and every priority updated publicly within 14 days of review.",
}


def section_text(slug, district, extra=""):
    facts = {"name": district.name, **FACTS.get(district.slug, FACTS["watford"])}
    body = SECTION_TEXT.get(slug, GENERIC_SECTION).format(**facts)
    return f"{body} {extra}".strip()


def tiny_pdf(text):
    """A valid one-page PDF, so the demo has a document to download."""
    stream = f"BT /F1 16 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return bytes(pdf)
