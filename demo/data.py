"""Demo data in the project's own words: a union of sci-tech media, its members and
chairman, a special issue of opinion pieces and member statements, and the hybrid
annual conference it reported on, with its speakers. Loading is idempotent: every row is
keyed by a natural key and written only when it differs from the demo, so a second run
writes nothing at all (not even an `updated_at`).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import models, transaction

from articles.models import Article, ArticleKind, Byline, Headline, Issue, Publication, Section
from editorial.publishing import Status
from events.models import (
    Event,
    EventKind,
    EventMode,
    EventOrganization,
    EventPerson,
    EventSeries,
    OrganizationRole,
    PersonRole,
    Venue,
)
from people.models import Membership, MembershipRole, Organization, OrganizationKind, Person, Position

SHANGHAI = ZoneInfo("Asia/Shanghai")

ORGANIZATIONS = [
    # slug, name, short name, kind, country, website
    (
        "set-daily",
        "Science and Technology Daily",
        "SET Daily",
        OrganizationKind.NEWS_MEDIA,
        "CN",
        "http://www.stdaily.com",
    ),
    ("iustc", "International Union of Sci-tech Communicators", "IUSTC", OrganizationKind.UNION, "CN", ""),
    ("sputnik", "Sputnik News Agency and Radio", "Sputnik", OrganizationKind.NEWS_AGENCY, "RU", ""),
    ("pr-newswire", "PR Newswire", "", OrganizationKind.PRESS_RELEASE_SERVICE, "US", "https://www.prnewswire.com"),
    ("jst", "Japan Science and Technology Agency", "JST", OrganizationKind.GOVERNMENT, "JP", "https://www.jst.go.jp"),
    ("clarivate", "Clarivate", "", OrganizationKind.COMPANY, "GB", "https://clarivate.com"),
    (
        "icgeb",
        "International Center for Genetic Engineering and Biotechnology",
        "ICGEB",
        OrganizationKind.RESEARCH_INSTITUTE,
        "IT",
        "https://www.icgeb.org",
    ),
    (
        "cast",
        "China Association for Science and Technology",
        "CAST",
        OrganizationKind.SOCIETY,
        "CN",
        "http://www.cast.org.cn",
    ),
    ("cas", "Chinese Academy of Sciences", "CAS", OrganizationKind.RESEARCH_INSTITUTE, "CN", ""),
    ("china-agricultural-university", "China Agricultural University", "", OrganizationKind.UNIVERSITY, "CN", ""),
    ("tsinghua-university", "Tsinghua University", "", OrganizationKind.UNIVERSITY, "CN", ""),
]

ORGANIZATION_DETAILS = {
    "iustc": {
        "founded_on": dt.date(2018, 9, 20),
        "description": "A union of media and research organizations that exchange science and technology news.",
    },
}

MEMBERSHIPS = [
    # member slug, role, joined
    ("set-daily", MembershipRole.INITIATOR, dt.date(2018, 9, 20)),
    ("sputnik", MembershipRole.FOUNDING_MEMBER, dt.date(2018, 9, 20)),
    ("clarivate", MembershipRole.FOUNDING_MEMBER, dt.date(2018, 9, 20)),
    ("pr-newswire", MembershipRole.MEMBER, dt.date(2018, 11, 1)),
    ("jst", MembershipRole.MEMBER, dt.date(2019, 3, 1)),
    ("icgeb", MembershipRole.MEMBER, dt.date(2020, 6, 1)),
]

PEOPLE = [
    # slug, name, original script, [(title, organization slug or None, free text, start, end)]
    (
        "xu-zhilong",
        "Xu Zhilong",
        "",
        [("Editor-in-chief", "set-daily", "", None, None), ("Chairman", "iustc", "", dt.date(2021, 12, 21), None)],
    ),
    (
        "zhong-ping",
        "Zhong Ping",
        "",
        [
            (
                "Director, Global (Environment) Office",
                None,
                "The Administrative Center for China-Africa Cooperation",
                None,
                None,
            )
        ],
    ),
    (
        "zhuang-guiyang",
        "Zhuang Guiyang",
        "庄贵阳",
        [("Professor and deputy director of the Research Institute for Eco-civilization", "cas", "", None, None)],
    ),
    ("zheng-dawei", "Zheng Dawei", "", [("Professor", "china-agricultural-university", "", None, None)]),
    (
        "huang-cunrui",
        "Huang Cunrui",
        "",
        [("Professor, School of Public Health", "tsinghua-university", "", None, None)],
    ),
    ("zhao-sha", "Zhao Sha", "", [("China Media Development Director", "pr-newswire", "", None, None)]),
    ("okimura-kazuki", "Okimura Kazuki", "沖村憲樹", [("Honorary President", "jst", "", None, None)]),
]

# Who spoke at the conference: person slug, role. Their position is printed as held on the day.
CONFERENCE_PEOPLE = [
    ("xu-zhilong", PersonRole.KEYNOTE),
    ("zhong-ping", PersonRole.MODERATOR),
    ("okimura-kazuki", PersonRole.SPEAKER),
    ("zhao-sha", PersonRole.SPEAKER),
    ("zhuang-guiyang", PersonRole.SPEAKER),
]

# Language of each original-script name (for the lang attribute); Han script alone cannot tell zh from ja.
NAME_LANGUAGES = {"zhuang-guiyang": "zh", "okimura-kazuki": "ja"}

SECTIONS = [
    ("letters", "Letters", 1),
    ("reports", "Reports", 2),
    ("voices", "Voices", 3),
    ("members", "Member statements", 4),
    ("union-news", "Union news", 5),
]

# (slug, order, section, kind, title, standfirst, body, byline [(person slug | None, org slug | None)])
ARTICLES = [
    (
        "letter-from-the-initiator",
        1,
        "letters",
        ArticleKind.EDITORIAL_LETTER,
        "A letter to our partners in the union",
        "The newspaper that started the union explains why it keeps telling research stories to readers abroad.",
        "Our newspaper has reported on major research for many years. In 2018 we proposed a union of "
        "media that share science news across borders, and this year we added a weekly English edition.\n\n"
        "We thank the members for their work together on the pandemic, the climate and new media "
        "technology, and invite them to keep exchanging ideas.",
        [(None, "set-daily")],
    ),
    (
        "carbon-neutrality-report",
        2,
        "reports",
        ArticleKind.REPORT,
        "What the research record says about carbon neutrality",
        "A report released at the annual conference maps two decades of climate research.",
        "Key findings:\n\n"
        "- Climate research output grows faster than research output as a whole.\n"
        "- The United States grew early; output on the Chinese mainland accelerated after 2012.\n"
        "- International co-authorship is rising quickly.\n"
        "- China and the United States are each other's closest research partners.",
        [(None, "set-daily")],
    ),
    (
        "cooperation-for-neutrality",
        3,
        "voices",
        ArticleKind.OPINION,
        "Carbon neutrality needs closer cooperation",
        "Research output is rising; turning it into action needs partners.",
        "The Glasgow conference moved climate governance from writing rules to carrying them out. "
        "Cross-border, cross-sector research is the cheapest route to a fast low-carbon transition.",
        [("zhong-ping", None)],
    ),
    (
        "technology-and-dual-carbon",
        4,
        "voices",
        ArticleKind.OPINION,
        "Technology as the engine of the dual carbon goals",
        "Climate risks are systemic; the answer is shared technology.",
        "Emission cuts in energy, industry, building and transport depend on deploying new technology at "
        "scale, and that works best inside a multilateral framework.",
        [("zhuang-guiyang", None)],
    ),
    (
        "adaptation-matters",
        5,
        "voices",
        ArticleKind.OPINION,
        "Adaptation deserves equal weight",
        "Mitigation and adaptation are two halves of one answer.",
        "Countries with the largest historical emissions should cut first; others need room to adapt. "
        "Farming and infrastructure already show what good adaptation looks like.",
        [("zheng-dawei", None)],
    ),
    (
        "climate-and-health",
        6,
        "voices",
        ArticleKind.OPINION,
        "Climate policy is health policy",
        "Health belongs in every climate decision.",
        "Air quality, lifestyles and public health are tied to climate policy; counting those links "
        "makes climate action cheaper and easier to accept.",
        [("huang-cunrui", None)],
    ),
    (
        "sputnik-statement",
        7,
        "members",
        ArticleKind.MEMBER_STATEMENT,
        "Taking part in international discussions",
        "A news agency on its science partnership.",
        "Working with a specialist science daily helps a general news agency bring research topics to "
        "an international audience.",
        [(None, "sputnik")],
    ),
    (
        "pr-newswire-statement",
        8,
        "members",
        ArticleKind.MEMBER_STATEMENT,
        "Distribution meets multimedia",
        "How news distribution changed, and what members share.",
        "Search, social media and mobile devices have changed how news travels. Since joining the union in "
        "2018 we share content with members faster and more widely.",
        [("zhao-sha", None)],
    ),
    (
        "clarivate-statement",
        9,
        "members",
        ArticleKind.MEMBER_STATEMENT,
        "Better communication of research information",
        "An analytics company on the union's aim.",
        "Our work is to improve how the world creates and advances innovation, which matches the union's "
        "aim of making research information flow more efficiently.",
        [(None, "clarivate")],
    ),
    (
        "jst-statement",
        10,
        "members",
        ArticleKind.MEMBER_STATEMENT,
        "Looking forward to mutual benefit",
        "A science agency's greeting to the conference.",
        "The annual meeting went ahead despite the pandemic. Cooperation between Japan and China will matter "
        "more, and we look forward to learning together.",
        [("okimura-kazuki", None)],
    ),
    (
        "icgeb-statement",
        11,
        "members",
        ArticleKind.MEMBER_STATEMENT,
        "Spreading research news through digital outreach",
        "A research centre on its public engagement.",
        "Our regional research centre works on vaccines, antibody drugs and diagnostics, and uses digital "
        "platforms and media relations to support international cooperation.",
        [(None, "icgeb")],
    ),
    (
        "first-annual-conference",
        12,
        "union-news",
        ArticleKind.NEWS,
        "Union holds its first annual conference",
        "Members met in Beijing and online, and the union named a new chairman.",
        "The union's first annual conference took place in Beijing, in person and online. Members reviewed "
        "three years of work and the union named Xu Zhilong, editor-in-chief of Science and Technology Daily, "
        "as its chairman.",
        [(None, "set-daily")],
    ),
]

HEADLINES = [
    ("Union holds its first annual conference", "first-annual-conference"),
    ("Report maps two decades of climate research", "carbon-neutrality-report"),
    ("Four scholars on the road to carbon neutrality", "cooperation-for-neutrality"),
    ("Members look back on three years of cooperation", "sputnik-statement"),
]


def _differs(obj: models.Model, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    # Compared as stored, so "CN" equals the Country object and a Shanghai time equals the same instant in UTC.
    return field.get_prep_value(getattr(obj, field.attname)) != field.get_prep_value(value)


def _upsert(model: type[models.Model], lookup: dict, defaults: dict | None = None) -> models.Model:
    """The row matching `lookup`, created with `defaults` or saved only if one of them differs, so that
    loading the demo again writes nothing (update_or_create saves every time and moves updated_at)."""
    defaults = defaults or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **defaults)
    changed = [name for name, value in defaults.items() if _differs(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.save()
    return obj


@transaction.atomic
def load_demo() -> dict[str, int]:
    orgs = {}
    for slug, name, short, kind, country, website in ORGANIZATIONS:
        orgs[slug] = _upsert(
            Organization,
            {"slug": slug},
            {"name": name, "short_name": short, "kind": kind, "country": country, "website": website}
            | ORGANIZATION_DETAILS.get(slug, {}),
        )
    iustc = orgs["iustc"]
    for slug, role, joined in MEMBERSHIPS:
        _upsert(Membership, {"union": iustc, "member": orgs[slug], "joined_on": joined}, {"role": role})

    people = {}
    for slug, name, original, positions in PEOPLE:
        people[slug] = _upsert(
            Person,
            {"slug": slug},
            {
                "name": name,
                "sort_name": name,
                "name_original": original,
                "name_original_language": NAME_LANGUAGES.get(slug, ""),
            },
        )
        for order, (title, org_slug, org_text, start, end) in enumerate(positions):
            _upsert(
                Position,
                {
                    "person": people[slug],
                    "title": title,
                    "organization": orgs.get(org_slug),
                    "organization_text": org_text,
                },
                {"start_date": start, "end_date": end, "order": order},
            )

    publication = _upsert(
        Publication,
        {"slug": "set-daily-weekly"},
        {
            "name": "Science and Technology Daily Weekly",
            "language": "en",
            "publisher": orgs["set-daily"],
            "description": "The English weekly edition of Science and Technology Daily.",
            "default_colophon": "Published by Science and Technology Daily, Beijing.",
        },
    )
    sections = {}
    for slug, title, order in SECTIONS:
        sections[slug] = _upsert(Section, {"publication": publication, "slug": slug}, {"title": title, "order": order})

    published_at = dt.datetime(2021, 12, 27, 9, 0, tzinfo=SHANGHAI)
    issue = _upsert(
        Issue,
        {"publication": publication, "number": "2021-52"},
        {
            "slug": "2021-52",
            "date": dt.date(2021, 12, 27),
            "title": "Communication, Cooperation and Co-prosperity",
            "colophon": publication.default_colophon,
            "status": Status.PUBLISHED,
            "publish_at": published_at,
        },
    )

    series = _upsert(
        EventSeries, {"slug": "iustc-annual-conference"}, {"name": "IUSTC Annual Conference", "frequency": "annual"}
    )
    beijing = _upsert(Venue, {"name": "", "city": "Beijing", "country": "CN"})
    conference = _upsert(
        Event,
        {"slug": "iustc-annual-conference-2021"},
        {
            "title": "IUSTC Annual Conference 2021",
            "kind": EventKind.CONFERENCE,
            "series": series,
            "edition": 1,
            "start": dt.datetime(2021, 12, 21, 9, 30, tzinfo=SHANGHAI),
            "end": dt.datetime(2021, 12, 21, 12, 0, tzinfo=SHANGHAI),
            "time_zone": "Asia/Shanghai",
            "mode": EventMode.HYBRID,
            "summary": "The union's first annual conference, held in Beijing and by video link.",
            "status": Status.PUBLISHED,
            "publish_at": dt.datetime(2021, 12, 1, 9, 0, tzinfo=SHANGHAI),
        },
    )
    conference.venues.set([beijing])  # set() only writes the difference
    roles = [("set-daily", OrganizationRole.HOST)] + [
        (slug, OrganizationRole.CO_ORGANIZER) for slug in ("sputnik", "pr-newswire", "clarivate")
    ]
    for order, (slug, role) in enumerate(roles):
        _upsert(EventOrganization, {"event": conference, "organization": orgs[slug], "role": role}, {"order": order})
    conference_day = dt.date(2021, 12, 21)
    for order, (slug, role) in enumerate(CONFERENCE_PEOPLE):
        position = people[slug].position_at(conference_day)
        _upsert(
            EventPerson,
            {"event": conference, "person": people[slug], "role": role},
            {"order": order, "position_as_printed": position.as_printed() if position else ""},
        )

    articles = {}
    for slug, order, section, kind, title, standfirst, body, bylines in ARTICLES:
        articles[slug] = _upsert(
            Article,
            {"issue": issue, "slug": slug},
            {
                "order": order,
                "section": sections[section],
                "kind": kind,
                "title": title,
                "standfirst": standfirst,
                "body": body,
                "dateline_place": "Beijing",
                "dateline_date": issue.date,
                "status": Status.PUBLISHED,
                "publish_at": published_at,
            },
        )
        for byline_order, (person_slug, org_slug) in enumerate(bylines):
            person = people.get(person_slug)
            position = person.position_at(issue.date) if person else None
            _upsert(
                Byline,
                {"article": articles[slug], "order": byline_order},
                {
                    "person": person,
                    "organization": orgs.get(org_slug),
                    "position_as_printed": position.as_printed() if position else "",
                },
            )
    articles["first-annual-conference"].about_events.set([conference])
    articles["first-annual-conference"].about_organizations.set([iustc])
    articles["first-annual-conference"].about_people.set([people["xu-zhilong"]])
    articles["carbon-neutrality-report"].about_organizations.set([orgs["clarivate"]])
    for order, (text, article_slug) in enumerate(HEADLINES, start=1):
        _upsert(Headline, {"issue": issue, "order": order}, {"text": text, "article": articles[article_slug]})
    return {
        "organizations": len(orgs),
        "people": len(people),
        "articles": len(articles),
        "headlines": len(HEADLINES),
        "events": 1,
        "event roles": len(roles) + len(CONFERENCE_PEOPLE),
    }
