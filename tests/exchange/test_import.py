"""Importing issue files: the seed newsletter, bylines, headline linking, and all-or-nothing errors."""

import datetime as dt
import re

import pytest

from articles.exchange.importer import FUZZY_THRESHOLD, import_issue
from articles.exchange.issuefile import IssueFileError, ends_sentence, parse, parse_bytes
from articles.models import Article, Byline, Headline, Issue, Publication, Section
from editorial.publishing import Status
from people.models import Organization, Person
from tests.factories import IssueFactory, OrganizationFactory, PersonFactory, PublicationFactory

from .conftest import SEED_OPTIONS

pytestmark = pytest.mark.django_db

LOCAL = "Local associations for science and technology"
NEWS = "S&T News"


def _rows():
    models = (Publication, Section, Issue, Article, Byline, Headline, Person, Organization)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def seed_issue(import_seed):
    summary = import_seed()
    return Issue.objects.get(pk=summary.issue_pk), summary


def test_seed_imports_sixteen_articles_as_drafts(seed_issue):
    issue, summary = seed_issue
    assert summary.articles == issue.articles.count() == 16
    assert issue.title == "Newsletter"
    assert (issue.publication.name, issue.number, issue.date) == ("CAST Newsletter", "2022-01", dt.date(2022, 2, 1))
    assert issue.status == Status.DRAFT
    assert set(issue.articles.values_list("status", flat=True)) == {Status.DRAFT}
    assert list(issue.articles.values_list("order", flat=True)) == list(range(1, 17))


def test_seed_headlines_are_all_linked(seed_issue):
    issue, summary = seed_issue
    headlines = list(issue.headlines.select_related("article").order_by("order"))
    assert len(headlines) == 7
    assert all(headline.article for headline in headlines)
    measurement = headlines[5]
    assert measurement.text == "State Council: A national modern measurement system to be built by 2025"
    assert measurement.article.title == "State Council: A national modern measurement system is to be built by 2025"
    assert (summary.headlines_linked, summary.headlines_unlinked) == (7, 0)
    assert [link.how for link in summary.headlines].count("fuzzy") == 1


def test_seed_sections_hold_the_right_articles_in_order(seed_issue):
    issue, summary = seed_issue
    by_section = {}
    for article in issue.articles.select_related("section").order_by("order"):
        by_section.setdefault(article.section.title if article.section else None, []).append(article.title)
    assert list(by_section) == [None, LOCAL, NEWS]
    assert len(by_section[None]) == 6
    assert by_section[LOCAL] == [
        "Science and Technology Forum held in Xiamen, Fujian Province",
        "2021 International Conference for Seed Industry Scientists held in Sanya, Hainan Province",
        "Online seminar held in Guangdong Province to celebrate the Spring Festival",
        "Overview of Chinese Scientists' Participation in International Organizations",
        "Chinese Physical Society joins roundtable conference of senior leaders of international physical "
        "science societies",
        "Chinese Society for Electrical Engineering holds US-China Green Energy Forum",
        "The Association for Chinese Japanese and Chinese doctors in Japan holds its 2021 annual conference",
    ]
    assert by_section[NEWS] == [
        "State Council: A national modern measurement system is to be built by 2025",
        "China unveils a five-year plan for future space exploration",
        "China's FAST telescope scores several major achievements",
    ]
    sections = list(Section.objects.filter(publication=issue.publication).order_by("order"))
    assert [section.title for section in sections] == [LOCAL, NEWS]
    assert summary.sections == [(LOCAL, 7, True), (NEWS, 3, True)]


def test_seed_colophon_is_kept_with_its_link(seed_issue):
    issue, _ = seed_issue
    assert issue.colophon.startswith("CAST is the largest non-governmental organization")
    assert "CAST maintains close ties with millions of Chinese scientists" in issue.colophon
    assert issue.colophon.endswith("[www.cast.org.cn](http://www.cast.org.cn)")


def test_seed_has_no_body_paragraph_ending_mid_sentence(seed_issue):
    issue, summary = seed_issue
    for article in issue.articles.all():
        for paragraph in article.body.split("\n\n"):
            assert ends_sentence(paragraph), f"{article.title!r}: paragraph ends mid-sentence: …{paragraph[-60:]!r}"
    assert summary.healed == 20
    fast = issue.articles.get(title__startswith="China unveils")
    assert "on January 28, 2022. According to the document" in fast.body
    assert "over the next five years." in fast.body


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_sentence_of_the_seed_is_in_the_issue(seed_issue, seed_bytes):
    issue, _ = seed_issue
    parts = [issue.title, *issue.headlines.values_list("text", flat=True)]
    for article in issue.articles.select_related("section").order_by("order"):
        parts += [article.section.title if article.section else "", article.title, article.body]
    parts.append(issue.colophon)
    stored = _flat(" ".join(parts))
    checked = 0
    for line in seed_bytes.decode().splitlines():
        if line.strip() == "---":
            continue
        text = re.sub(r"^(#+|-)\s*", "", line.strip()).removeprefix("◆").strip("* ")
        if not text or text == "Headlines":
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            assert _flat(sentence) in stored, f"missing from the issue: {sentence!r}"
            checked += 1
    assert checked > 100


def test_dry_run_reports_everything_and_writes_nothing(import_seed):
    before = _rows()
    summary = import_seed(dry_run=True)
    assert _rows() == before
    assert summary.dry_run and summary.articles == 16 and summary.headlines_linked == 7
    assert summary.publication_created
    assert summary.lines()[0] == "Would import: CAST Newsletter No. 2022-01"


def test_reimport_is_refused_without_replace_and_writes_nothing(import_seed):
    import_seed()
    before = _rows()
    with pytest.raises(IssueFileError, match=r"already has issue No\. 2022-01; use --replace"):
        import_seed()
    assert _rows() == before


def test_replace_rebuilds_the_issue_in_place(import_seed):
    first = import_seed()
    Article.objects.filter(issue_id=first.issue_pk).update(title="Edited")
    second = import_seed(replace=True)
    assert second.issue_pk == first.issue_pk and second.replaced
    assert Article.objects.filter(issue_id=first.issue_pk).count() == 16
    assert not Article.objects.filter(title="Edited").exists()
    assert Section.objects.count() == 2


def test_if_missing_skips_an_existing_issue(import_seed):
    import_seed()
    before = _rows()
    summary = import_seed(if_missing=True)
    assert summary.skipped and _rows() == before


def test_publish_makes_issue_and_articles_public(import_seed):
    summary = import_seed(publish=True)
    issue = Issue.objects.get(pk=summary.issue_pk)
    assert issue.is_public()
    assert Article.objects.published().filter(issue=issue).count() == 16


def test_the_import_records_the_first_revisions_and_the_log_by_the_importing_user(import_seed, django_user_model):
    from django.contrib.contenttypes.models import ContentType

    from editorial.models import Revision, TransitionLog

    importer = django_user_model.objects.create_user("importer", is_staff=True)
    summary = import_seed(publish=True, user=importer)
    issue = Issue.objects.get(pk=summary.issue_pk)
    article = issue.articles.order_by("order").first()
    assert (issue.created_by, article.created_by) == (importer, importer)
    for obj in (issue, article):
        revision = Revision.objects.get(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        assert (revision.version, revision.created_by, revision.summary) == (
            1, importer, "Imported from an issue file by importer",
        )  # fmt: skip
    entry = TransitionLog.objects.get(content_type=ContentType.objects.get_for_model(issue), object_id=issue.pk)
    assert (entry.transition, entry.from_status, entry.to_status, entry.user) == (
        "import",
        "draft",
        "published",
        importer,
    )
    assert entry.comment == "Imported from an issue file with 16 articles, published at once."
    assert (
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(article), transition="import", to_status="published"
        ).count()
        == 16
    )


def test_a_draft_import_is_logged_too_and_the_change_form_adds_no_snapshot(import_seed, admin_client):
    from django.urls import reverse

    summary = import_seed()
    issue = Issue.objects.get(pk=summary.issue_pk)
    html = admin_client.get(reverse("admin:articles_issue_change", args=[issue.pk])).content.decode()
    assert "Imported from an issue file with 16 articles." in html
    assert "No transitions or comments yet" not in html
    assert "Snapshot of the existing version" not in html
    assert issue.revisions.count() == 1


def test_missing_options_are_named_and_nothing_is_written(seed_bytes):
    before = _rows()
    with pytest.raises(IssueFileError) as info:
        import_issue(document=parse_bytes(seed_bytes), publication="CAST Newsletter")
    assert str(info.value) == ("missing number, date: the file has no front matter for them; give --number, --date")
    assert _rows() == before


def test_front_matter_supplies_options_and_command_options_override_it():
    text = "---\npublication: Weekly\nnumber: 7\ndate: 2023-05-01\n---\n\n## Story\n\nText.\n"
    summary = import_issue(document=parse(text), number="8")
    issue = Issue.objects.get(pk=summary.issue_pk)
    assert (issue.publication.name, issue.number, issue.date) == ("Weekly", "8", dt.date(2023, 5, 1))


def test_byline_entries_become_organization_or_person_bylines():
    OrganizationFactory(name="China Association for Science and Technology", short_name="CAST")
    existing = PersonFactory(name="Wan Gang", slug="wan-gang")
    PersonFactory(name="Someone", slug="li-si")  # slug taken: the new Li Si gets another
    text = (
        "## Story\n*By Wan Gang, President; Li Si, Professor, School of Public Health; cast; "
        "China Association for Science and Technology, Secretariat*\n\nText.\n"
    )
    summary = import_issue(document=parse(text), publication="P", number="1", date=dt.date(2022, 1, 1))
    bylines = list(Byline.objects.select_related("person", "organization").order_by("order"))
    assert [(b.author.name, b.position_as_printed) for b in bylines] == [
        ("Wan Gang", "President"),
        ("Li Si", "Professor, School of Public Health"),
        ("China Association for Science and Technology", ""),
        ("China Association for Science and Technology", "Secretariat"),
    ]
    assert bylines[0].person == existing
    assert bylines[1].person.slug == "li-si-2"
    assert bylines[2].organization_id and bylines[3].organization_id
    assert summary.people_created == ["Li Si"]
    assert summary.organizations_linked == ["China Association for Science and Technology"]
    assert summary.bylines == 4
    assert "People created: 1 (Li Si)" in summary.lines()


def test_unmatched_headline_is_kept_unlinked_with_a_warning():
    text = "## Headlines\n\n- ◆Something else entirely\n- ◆A story\n\n## A Story\n\nText.\n"
    summary = import_issue(document=parse(text), publication="P", number="1", date=dt.date(2022, 1, 1))
    headlines = list(Headline.objects.order_by("order"))
    assert headlines[0].article is None and headlines[1].article.title == "A Story"
    assert summary.headlines_unlinked == 1
    assert "matches no article" in summary.warnings[0]
    assert f"< {FUZZY_THRESHOLD:.0f}" in summary.warnings[0]


def test_existing_section_is_reused_by_title():
    publication = PublicationFactory(name="CAST Newsletter")
    section = publication.sections.create(title="S&T news", slug="st-news", order=3)
    summary = import_issue(
        document=parse("### *S&T News*\n\n## Story\n\nText.\n"),
        publication="CAST Newsletter",
        number="9",
        date=dt.date(2022, 1, 1),
    )
    assert Article.objects.get().section == section
    assert summary.sections == [("S&T news", 1, False)]


def test_failure_midway_rolls_everything_back(monkeypatch):
    from articles.exchange import importer

    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_link_headlines", flaky)
    before = _rows()
    with pytest.raises(RuntimeError):
        import_issue(
            document=parse("## Headlines\n\n- A\n\n## A\n*By New Person*\n\nText.\n"),
            publication="New publication",
            number="1",
            date=dt.date(2022, 1, 1),
        )
    assert calls and _rows() == before


def test_existing_issue_number_elsewhere_does_not_clash():
    IssueFactory(number="2022-01")
    summary = import_issue(document=parse("## Story\n\nText.\n"), **SEED_OPTIONS)
    assert Issue.objects.get(pk=summary.issue_pk).slug == "2022-01"


def test_published_import_is_visible_on_the_public_issue_page(import_seed, client):
    issue = Issue.objects.get(pk=import_seed(publish=True).issue_pk)
    html = client.get(issue.get_absolute_url()).content.decode()
    assert "China&#x27;s FAST telescope scores several major achievements" in html or (
        "China's FAST telescope scores several major achievements" in html
    )


def test_each_unmatched_headline_is_reported_on_its_own_line():
    text = (
        "## Headlines\n\n"  # line 1
        "- ◆Alpha story\n"  # line 3
        "- ◆Nothing like it\n"  # line 4
        "- ◆Also unrelated to anything\n\n"  # line 5
        "## Alpha story\n\nText.\n"
    )
    summary = import_issue(document=parse(text), **SEED_OPTIONS)
    assert [warning.split(":")[0] for warning in summary.warnings[:2]] == ["line 4", "line 5"]
