"""What the demo says: fictional Hertfordshire people, teams, organisations and plan text.

Only the four organisations named in the press release are real; every person is invented.
`seed_demo` turns this into rows.
"""

PASSWORD = "demo-password-2026"
CHAIR = "Chief Constable Graham Waverley (fictional), chair"
HQ = "Police Headquarters, Welwyn Garden City"
PAST_TITLE = "Community Engagement Panel: first meeting"
NEXT_TITLE = "Community Engagement Panel: second meeting"

# The tables below are laid out by hand, one entry per block, to stay readable.
# fmt: off

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
    ("chief.welwynhatfield", "Grace", "Adeyemi", "Chief Inspector, Welwyn Hatfield", "full_name",
     [("chief_inspector", "welwyn-hatfield")]),
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
    "watford": {
        "population": "about 103,000 people",
        "places": "the town centre, Callowland, Holywell, Meriden, Oxhey, Nascot and Woodside",
        "picture": "shoplifting and drug dealing in the town centre, anti-social behaviour at "
        "Cassiobury Park and a busy night-time economy",
        "teams": "three neighbourhood teams",
        "partners": "Watford Borough Council's community safety team, Watford Women's Centre, "
        "One Vision and the town's faith groups",
        "seldom_heard": "young men in Holywell and Meriden, Eastern European night-shift "
        "workers, and women who use the town centre at night",
        "groups": "64",
        "venue": "Watford Central Library",
        "forum": "the Watford Community Safety Partnership and the Faith Leaders' Forum",
        "priority": "drug dealing around the High Street",
        "watch": "41 Neighbourhood Watch schemes",
        "specials": "18",
        "languages": "Urdu, Polish, Tamil and Romanian",
        "risk": "Abstractions to the town centre on match days and at weekends can cancel "
        "surgeries.",
    },
    "stevenage": {
        "population": "about 90,000 people",
        "places": "the town centre, the Old Town, Bedwell, Shephall, Pin Green and Chells",
        "picture": "knife crime concerns in the town centre, e-scooter nuisance and burglary in "
        "the neighbourhoods built around shopping parades",
        "teams": "three neighbourhood teams",
        "partners": "Stevenage Borough Council, Stevenage Older People's Forum and Safe Haven "
        "Stevenage",
        "seldom_heard": "older residents who do not use social media, young people in Bedwell "
        "and survivors of domestic abuse",
        "groups": "47",
        "venue": "the Stevenage Central Library",
        "forum": "the Safer Stevenage Partnership",
        "priority": "knife crime concerns in the town centre",
        "watch": "28 Neighbourhood Watch schemes",
        "specials": "12",
        "languages": "Polish, Bengali and Turkish",
        "risk": "Two of the three sergeant posts were filled only this spring, so relationships "
        "with some groups are new.",
    },
    "st-albans": {
        "population": "about 150,000 people",
        "places": "the city, Harpenden, London Colney, Wheathampstead and Park Street",
        "picture": "night-time disorder on St Peter's Street, catalytic converter theft in "
        "Harpenden and under-reported hate crime",
        "teams": "three neighbourhood teams",
        "partners": "St Albans City and District Council, St Albans Islamic Centre, the "
        "university's students' union and the city's churches",
        "seldom_heard": "Muslim women, students living in shared houses and traveller "
        "families near Colney Heath",
        "groups": "73",
        "venue": "the St Albans Museum and Gallery",
        "forum": "the St Albans Community Safety Partnership and the Interfaith Forum",
        "priority": "night-time disorder on St Peter's Street",
        "watch": "52 Neighbourhood Watch schemes",
        "specials": "21",
        "languages": "Urdu, Bengali, Arabic and Italian",
        "risk": "People who have had a poor experience reporting hate crime may not come to "
        "police-led meetings at all.",
    },
    "dacorum": {
        "population": "about 155,000 people",
        "places": "Hemel Hempstead, Berkhamsted, Tring, Kings Langley and the rural villages",
        "picture": "drug dealing in Hemel Hempstead town centre, speeding on rural roads and "
        "theft of farm machinery",
        "teams": "three neighbourhood teams",
        "partners": "Dacorum Borough Council, Hemel Hempstead Youth Forum, Dacorum Disability "
        "Action and the National Farmers' Union",
        "seldom_heard": "young people in Hemel Hempstead, disabled residents and farm workers",
        "groups": "58",
        "venue": "the Hemel Hempstead Forum",
        "forum": "the Dacorum Community Safety Partnership and the rural crime forum",
        "priority": "drug dealing in Hemel Hempstead town centre",
        "watch": "35 Neighbourhood Watch schemes and 6 Farm Watch groups",
        "specials": "15",
        "languages": "Polish, Portuguese and Urdu",
        "risk": "Rural villages are far apart, and one vacant PCSO post leaves the north of the "
        "district thinly covered.",
    },
    "welwyn-hatfield": {
        "population": "about 123,000 people",
        "places": "Welwyn Garden City, Hatfield, Welwyn, Brookmans Park and the university area",
        "picture": "burglary of student houses in Hatfield, shoplifting in the town centres and "
        "anti-social behaviour at Stanborough Lakes in the summer",
        "teams": "two neighbourhood teams",
        "partners": "Welwyn Hatfield Borough Council, the University of Hertfordshire students' "
        "union and One Vision",
        "seldom_heard": "students who live off campus, night-shift workers at the distribution "
        "parks and young people in Hatfield",
        "groups": "39",
        "venue": "the Hatfield Hub",
        "forum": "the Welwyn Hatfield Community Safety Partnership",
        "priority": "burglary of student houses in Hatfield",
        "watch": "24 Neighbourhood Watch schemes",
        "specials": "9",
        "languages": "Polish, Romanian and Mandarin",
        "risk": "Students change every year, so contacts made in one term are lost by the next.",
    },
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
    "community-map": "Outreach workers from Watford Women's Centre now join a fortnightly "
    "police drop-in at the centre, so women can raise concerns away from a police station.",
    "feedback-and-accountability": "Each ward also gets a monthly 'you said, we did' post "
    "naming the officer responsible for each priority.",
    "measures": "Targets for this period: 600 survey responses, at least 15% of them from "
    "Holywell and Meriden, and every priority updated publicly within 14 days of review.",
}


CHIEFS = {
    "watford": "chief.watford",
    "stevenage": "chief.stevenage",
    "st-albans": "chief.stalbans",
    "dacorum": "chief.dacorum",
    "welwyn-hatfield": "chief.welwynhatfield",
}

PAST_MINUTES = """\
1. Welcome. The chair welcomed community representatives, the chief inspectors and the \
Commissioner's office to the first Community Engagement Panel, held during Neighbourhood \
Policing Week. The panel's purpose is to test whether each district's engagement plan reaches \
the people it should, and whether people hear what was done with what they said.

2. District plans. The chief inspectors for Watford, Stevenage, St Albans, Dacorum and Welwyn \
Hatfield presented \
their plans and took questions submitted in advance and from the floor. Questions about \
individual crimes were declined and the askers pointed to 101 and online reporting.

3. Themes. Representatives asked for more face-to-face contact away from police buildings, for \
'you said, we did' updates that reach people who are not online, and for better reach into \
young people, older residents, LGBTQ+ people, women and faith communities.

4. Next steps. The Commissioner's office will publish an outcome for each plan with \
recommendations and due dates. Progress will be reported at the next panel."""

ITEM_MINUTES = {
    "watford": "Chief Inspector Marsh presented version 2, which already answered two questions "
    "submitted in advance. The panel welcomed the drop-in at Watford Women's Centre.",
    "stevenage": "Chief Inspector Osei presented the plan. Representatives asked for daytime "
    "surgeries for older residents and a safe way to hear from survivors of domestic abuse.",
    "st-albans": "Chief Inspector Raman presented the plan. Discussion centred on rebuilding "
    "trust in reporting hate crime.",
    "dacorum": "Chief Inspector Whitfield presented the plan. The panel found little in it for "
    "young people or disabled residents and asked for it to come back.",
    "welwyn-hatfield": "Chief Inspector Adeyemi presented the plan. Representatives asked how "
    "students who live off campus and night-shift workers will be heard.",
}

# Questions for the first meeting. by=None means asked from the floor.
PAST_QUESTIONS = [
    {"key": "wh-students", "district": "welwyn-hatfield", "by": "rep.onevision",
     "org": "one-vision", "section": "community-map", "votes": ["rep.youthforum"],
     "text": "Most burglary victims in Hatfield are students in shared houses. How will the "
     "team hear from students who live off campus, and tell them what was done?",
     "answer": "We will hold a surgery at the students' union each term and post the results "
     "of every priority review on the union's channels within a week."},
    {"key": "wh-nights", "district": "welwyn-hatfield", "by": "rep.womenscentre",
     "org": "watford-womens-centre", "section": "methods-and-calendar",
     "votes": ["rep.onevision", "rep.olderpeople"],
     "text": "Women working night shifts at the distribution parks cannot come to evening "
     "meetings. What will the plan offer them?",
     "answer": "We will run two early-morning drop-ins a month at the parks' main gates and an "
     "online survey open around the clock."},
    {"key": "wat-women", "district": "watford", "by": "rep.womenscentre",
     "org": "watford-womens-centre", "section": "community-map",
     "votes": ["rep.onevision", "rep.islamiccentre", "rep.olderpeople"],
     "text": "Women tell us they will not go into a police station to report harassment in "
     "the town centre at night. How will the plan reach them somewhere they already feel "
     "safe?",
     "answer": "We have agreed with Watford Women's Centre to hold a fortnightly drop-in at "
     "the centre, staffed by a PCSO and a sergeant. Version 2 of the plan adds it to the "
     "community map and the calendar."},
    {"key": "wat-feedback", "district": "watford", "by": "rep.onevision", "org": "one-vision",
     "section": "feedback-and-accountability", "votes": ["rep.womenscentre", "rep.youthforum"],
     "text": "The plan says results are published on Herts Connected, but many of our members "
     "are not on it. How else will people hear what changed after they raised something?",
     "answer": "Each ward now gets a monthly 'you said, we did' post, and we send it to "
     "community organisations to share in their own newsletters and WhatsApp groups."},
    {"key": "wat-lgbt", "district": "watford", "by": "rep.onevision", "org": "herts-pride",
     "section": "equality-accessibility-and-translation", "public": False, "votes": [],
     "text": "LGBTQ+ people in Watford tell us about abuse in the night-time economy that they "
     "did not report. Will the plan name the LGBTQ+ liaison officers so people know who "
     "to approach?",
     "answer": "Yes. The two LGBTQ+ liaison officers for Watford will be named in the plan "
     "and on the team pages, with a direct email address."},
    {"key": "wat-car", "district": "watford", "by": "rep.womenscentre",
     "org": "watford-womens-centre", "status": "declined",
     "text": "A member's car was broken into on Whippendell Road last week and nobody has "
     "called her back. Can the chief inspector chase her case?",
     "reason": "This is about an individual crime, which the panel cannot discuss. Please "
     "call 101 or report online, quoting the crime reference. In an emergency call 999."},
    {"key": "ste-older", "district": "stevenage", "by": "rep.olderpeople",
     "org": "stevenage-older-peoples-forum", "section": "methods-and-calendar",
     "votes": ["rep.womenscentre", "rep.onevision"],
     "text": "Most of our members do not use Facebook or Herts Connected. Will there be "
     "daytime surgeries where older people already go, such as the Old Town library or "
     "sheltered housing schemes?",
     "answer": "Yes. From next month the North team will hold a monthly daytime surgery at "
     "the Old Town library, and we are agreeing dates with two sheltered housing schemes."},
    {"key": "ste-survivors", "district": "stevenage", "by": None, "org": "safe-haven-stevenage",
     "section": "community-map", "votes": [],
     "text": "How will survivors of domestic abuse be consulted on local priorities without "
     "putting them at risk?",
     "spoken": "The chief inspector agreed to work with Safe Haven on a confidential survey.",
     "answer": "We will design a confidential survey with Safe Haven Stevenage, run through "
     "their own workers, and report the results to the panel without identifying anyone."},
    {"key": "ste-knife", "district": "stevenage", "by": "rep.onevision", "org": "one-vision",
     "section": "setting-local-priorities", "status": "accepted", "votes": ["rep.youthforum"],
     "text": "Knife crime is the town centre priority. How were young people asked about it "
     "before the priority was set, and what did they say?"},
    {"key": "sta-hate", "district": "st-albans", "by": "rep.islamiccentre",
     "org": "st-albans-islamic-centre", "section": "community-map",
     "votes": ["rep.onevision", "rep.womenscentre", "rep.olderpeople", "rep.youthforum"],
     "text": "After incidents near the centre last year, many members say reporting hate "
     "crime was not worth it. What will the plan do to rebuild trust, and how will we "
     "know it has worked?",
     "answer": "A named inspector will hold a monthly surgery at the centre after Friday "
     "prayers, and we will agree a confidence measure with you and report it each panel."},
    {"key": "sta-hate-again", "district": "st-albans", "by": "rep.onevision", "org": "one-vision",
     "status": "merged", "merged_into": "sta-hate",
     "text": "What is being done to encourage people to report hate crime in St Albans?"},
    {"key": "sta-students", "district": "st-albans", "by": "rep.onevision", "org": "herts-pride",
     "section": "equality-accessibility-and-translation", "public": False,
     "votes": ["rep.islamiccentre"],
     "text": "How will the plan reach LGBTQ+ students in shared houses, who may not be out to "
     "their housemates?",
     "answer": "We will offer online and third-party reporting through the students' union "
     "and Herts Pride, and publicise it during welcome week."},
    {"key": "dac-youth", "district": "dacorum", "by": "rep.youthforum",
     "org": "hemel-hempstead-youth-forum", "section": "methods-and-calendar",
     "votes": ["rep.onevision", "rep.womenscentre", "rep.islamiccentre"],
     "text": "Young people in Hemel Hempstead use Instagram and Snapchat, not Facebook. Will "
     "the teams use the platforms young people use, and let them help write the posts?",
     "answer": "Yes. We will rewrite the methods section with the Youth Forum and open an "
     "Instagram account run with two youth forum members."},
    {"key": "dac-access", "district": "dacorum", "by": None, "org": "dacorum-disability-action",
     "section": "equality-accessibility-and-translation", "votes": [],
     "text": "Are the surgery venues accessible, and can people book a British Sign Language "
     "interpreter?",
     "spoken": "Not all venues have been checked; the chief inspector will report back.",
     "answer": "Four of eleven venues have been checked so far. BSL interpreters can be booked "
     "with a week's notice through the force's equality team."},
]

# district, author, organisation, scores in criterion order, what works, what is missing
FEEDBACK = [
    ("watford", "rep.womenscentre", "watford-womens-centre", [4, 3, 4, 3],
     "The drop-in at the Women's Centre and the named officers.",
     "Nothing yet for women who work night shifts."),
    ("watford", "rep.onevision", "one-vision", [4, 3, 3, 4],
     "Clear priorities and targets in version 2.",
     "Translation of the 'you said, we did' posts."),
    ("stevenage", "rep.olderpeople", "stevenage-older-peoples-forum", [3, 2, 3, 2],
     "Honest about the new sergeants and the gaps.",
     "Daytime, offline ways to take part; measures with numbers."),
    ("st-albans", "rep.islamiccentre", "st-albans-islamic-centre", [4, 3, 3, 3],
     "Willingness to come to the centre.", "A way to show hate crime reporting is improving."),
    ("st-albans", "rep.onevision", "herts-pride", [4, 4, 3, 3],
     "Third-party reporting through the students' union.", "Named LGBTQ+ liaison officers."),
    ("dacorum", "rep.youthforum", "hemel-hempstead-youth-forum", [2, 2, 3, 2],
     "The rural crime work is clear.", "Almost nothing for young people in Hemel Hempstead."),
]

# district: rating, rationale, findings
OUTCOMES = {
    "watford": ("green", "A clear plan that changed in response to the panel before the meeting.",
                "Version 2 answered questions from Watford Women's Centre and One Vision. "
                "Targets for seldom-heard wards are specific and can be checked."),
    "stevenage": ("amber", "Sound methods, but older and offline residents are not yet reached.",
                  "The plan relies on social media and Herts Connected. Survivors of domestic "
                  "abuse have no safe route to shape priorities. Measures lack numbers."),
    "st-albans": ("green", "Good partnership with faith groups and a realistic plan on trust.",
                  "The plan should set a measure for confidence in reporting hate crime."),
    "dacorum": ("red", "The plan does not show how young or disabled people will be heard.",
                "Methods rely on Facebook and evening meetings. Venue accessibility has not "
                "been checked. The plan should return to the next panel."),
}

# Welwyn Hatfield has no outcome yet: the demo leaves the office one plan to review,
# record and publish.

# district, recommendation, status, reply, question keys, due in days from today
RECOMMENDATIONS = [
    ("watford", "Publish a monthly 'you said, we did' post for every ward and share it through "
     "community organisations, not only Herts Connected.", "done",
     "Accepted and done: monthly ward posts started in all 12 wards.", ["wat-feedback"], -10),
    ("stevenage", "Hold at least one daytime surgery a month where older people already go, and "
     "list the dates in the plan.", "accepted",
     "Accepted. Library surgeries have started; sheltered housing dates are being agreed.",
     ["ste-older"], 30),
    ("stevenage", "Agree with Safe Haven Stevenage a confidential way for survivors of domestic "
     "abuse to shape local priorities.", "open", "", ["ste-survivors"], 75),
    ("st-albans", "Set a measure of confidence in reporting hate crime, agreed with St Albans "
     "Islamic Centre, and report it at every panel.", "accepted",
     "Accepted. Workshops with the centre are under way.", ["sta-hate"], 40),
    ("dacorum", "Rewrite the methods section with Hemel Hempstead Youth Forum and bring the plan "
     "back to the next panel.", "accepted", "Accepted; the Youth Forum has agreed to help.",
     ["dac-youth"], 20),
    ("dacorum", "Check every surgery venue for access and offer BSL and easy-read at every public "
     "meeting.", "open", "", ["dac-access"], 60),
]

# district, title, named owner, status, due (days from today), done (days from today),
# recommendation index or None (agreed at the meeting), progress updates (days ago, status, note)
ACTIONS = [
    ("watford", "Start monthly 'you said, we did' posts for every ward", "Sergeant Leah Barnes",
     "done", -10, -18, 0,
     [(40, "in_progress", "Post template agreed with the council; Central and Holywell drafted."),
      (18, "done", "Posts published for all 12 wards and shared through partner mailing lists.")]),
    ("watford", "Fortnightly police drop-in at Watford Women's Centre", "PCSO Amy Carter",
     "in_progress", 30, None, None,
     [(30, "in_progress", "First four drop-ins held: 23 women attended and 5 reports taken.")]),
    ("stevenage", "Daytime surgeries at the Old Town library and sheltered housing schemes",
     "Sergeant Paul Mitchell", "in_progress", -10, None, 1,
     [(25, "in_progress", "Library surgeries monthly since last month; sheltered housing dates "
       "still to be agreed with the scheme managers.")]),
    ("stevenage", "Report on how young people were asked about the knife crime priority",
     "Chief Inspector Daniel Osei", "not_started", 20, None, None, []),
    ("st-albans", "Agree a hate crime confidence measure with St Albans Islamic Centre",
     "Inspector Sanjay Gill", "in_progress", 25, None, 3,
     [(20, "in_progress", "Two workshops held at the centre; draft survey questions agreed.")]),
    ("dacorum", "Co-write the methods section with Hemel Hempstead Youth Forum",
     "Sergeant Chloe Turner", "done", -3, -12, 4,
     [(35, "in_progress", "Three sessions with the Youth Forum; draft section written."),
      (12, "done", "Section agreed with nine young people; team Instagram account launched.")]),
    ("dacorum", "Check the accessibility of every surgery venue", "PCSO Mark Fielding",
     "not_started", 45, None, 5, []),
]

# Questions for the upcoming meeting; item is a district slug or "general".
NEXT_QUESTIONS = [
    {"key": "n-wat-night", "item": "watford", "by": "rep.womenscentre",
     "org": "watford-womens-centre", "status": "accepted", "section": "setting-local-priorities",
     "votes": ["rep.onevision", "rep.islamiccentre", "rep.olderpeople"],
     "text": "The new plan keeps drug dealing around the High Street as a priority. What has "
     "changed for women walking through the town centre at night since the last panel?"},
    {"key": "n-wat-targets", "item": "watford", "by": "rep.onevision", "org": "one-vision",
     "status": "accepted", "section": "measures", "votes": ["rep.womenscentre"],
     "text": "The last plan set targets for survey responses from Holywell and Meriden. Were "
     "they met, and what will you do differently if not?"},
    {"key": "n-wat-prayers", "item": "watford", "by": "rep.islamiccentre",
     "org": "st-albans-islamic-centre", "section": "methods-and-calendar",
     "text": "Could surgeries be held after Friday prayers at mosques in Watford, as has "
     "started in St Albans?"},
    {"key": "n-wat-data", "item": "watford", "by": "rep.womenscentre",
     "org": "watford-womens-centre", "public": False,
     "text": "Some women we support fear that reporting a crime will lead to immigration "
     "checks. Can the plan say clearly how victims' details are shared?"},
    {"key": "n-ste-surgeries", "item": "stevenage", "by": "rep.olderpeople",
     "org": "stevenage-older-peoples-forum", "status": "accepted",
     "votes": ["rep.onevision", "rep.womenscentre"],
     "text": "The daytime surgeries in sheltered housing were due by now. When will they "
     "start, and which schemes?"},
    {"key": "n-ste-young", "item": "stevenage", "by": "rep.onevision", "org": "herts-pride",
     "text": "Has the knife crime priority been discussed with LGBTQ+ young people, who are "
     "often targeted in the town centre?"},
    {"key": "n-texts", "item": "general", "by": "rep.youthforum",
     "org": "hemel-hempstead-youth-forum", "status": "accepted", "votes": ["rep.olderpeople"],
     "text": "Will Herts Connected messages be available by text message for people "
     "without smartphones?"},
]
# fmt: on


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
