"""Issue #13 item 5: readable, distinct slugs in any script, and replace matches articles whatever the script."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.exchange.importer import import_issue
from articles.exchange.issuefile import parse_bytes
from articles.models import Article
from core.slugs import slugify_text, unique_slug, validate_slug
from events.services import unique_event_slug
from people.models import Person
from tests.events.test_admin import form_data
from tests.factories import ArticleFactory, EventFactory, IssueFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("预算谈判恢复", "预算谈判恢复"),
        ("预算谈判恢复！", "预算谈判恢复"),
        ("Привет, мир", "привет-мир"),
        ("हिन्दी समाचार", "हिन्दी-समाचार"),  # vowel signs and virama kept (Django's slugify drops them)
        ("مرحبا بالعالم", "مرحبا-بالعالم"),
        ("한국어 뉴스", "한국어-뉴스"),
        ("航天特刊 🚀", "航天特刊"),
        ("inter\u00adnational cyber\u200bsecurity", "international-cybersecurity"),
        ("Ｆｕｌｌ\u00a0width", "full-width"),
        ("U.S. plans: a “new” start", "us-plans-a-new-start"),
        ("🚀✅", ""),
    ],
)
def test_slugs_keep_the_script_of_the_title(text, slug):
    assert slugify_text(text) == slug


def test_slugs_are_distinct_and_never_cut_a_letter_from_its_marks():
    taken = {"预算谈判恢复"}
    assert unique_slug("预算谈判恢复", taken=taken.__contains__, max_length=200, fallback="article") == "预算谈判恢复-2"
    assert unique_slug("🚀", taken=taken.__contains__, max_length=200, fallback="article") == "article"
    assert unique_slug("कि" * 10, taken={"कि" * 2}.__contains__, max_length=5, fallback="article") == "कि-2"
    assert slugify_text("कि" * 10, max_length=5) == "कि" * 2


def test_slug_validation_accepts_any_script_and_refuses_punctuation():
    validate_slug("हिन्दी-समाचार")
    with pytest.raises(ValidationError, match="letters \\(any script\\)"):
        validate_slug("no/slash")
    Person(name="हिन्दी समाचार", slug="हिन्दी-समाचार").full_clean()  # the model field agrees


def test_import_gives_chinese_articles_and_people_their_own_readable_slugs():
    source = (
        "---\npublication: 科技周刊\nnumber: 1\ndate: 2022-02-01\n---\n"
        "## 预算谈判恢复\n*By 张玉卓*\n\nText.\n\n## 预算谈判结束\n\nText.\n"
    )
    import_issue(document=parse_bytes(source.encode()))
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["预算谈判恢复", "预算谈判结束"]
    assert Person.objects.get().slug == "张玉卓"
    article = Article.objects.get(slug="预算谈判恢复")
    assert article.issue.publication.slug == "科技周刊"


def test_pages_answer_at_addresses_in_any_script(client):
    article = ArticleFactory(title="预算谈判恢复", slug="预算谈判恢复")
    person = PersonFactory(name="张玉卓", slug="张玉卓", listed=True)
    event = EventFactory(title="हिन्दी समाचार", slug="हिन्दी-समाचार")
    for obj in (article, person, event):
        url = obj.get_absolute_url()
        assert "%E" in url  # percent-encoded on the wire
        assert client.get(url).status_code == 200
    assert client.get(reverse("events:event_ics", kwargs={"slug": event.slug}))["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E0%A4%B9%E0%A4%BF%E0%A4%A8%E0%A5%8D%E0%A4%A6%E0%A5%80-"
        "%E0%A4%B8%E0%A4%AE%E0%A4%BE%E0%A4%9A%E0%A4%BE%E0%A4%B0.ics"
    )


def test_event_duplicates_get_readable_distinct_slugs():
    EventFactory(slug="论坛")
    assert unique_event_slug("论坛") == "论坛-2"


def test_admin_accepts_a_chinese_slug_and_offers_unicode_prepopulation(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", password="pw-123456789"))
    url = reverse("admin:people_person_add")
    page = client.get(url)
    assert "&quot;allowUnicode&quot;: true" in page.content.decode()  # the admin's prepopulate keeps any script
    response = client.post(url, form_data(page, name="张玉卓", slug="张玉卓", **{"positions-TOTAL_FORMS": "0"}))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Person.objects.get().slug == "张玉卓"


ISSUE = """---
publication: Weekly
number: 1
date: 2022-02-01
---
## {chinese}
*By 李明*

中文正文。

## {english}
*By Li Ming*

English body.
"""


@pytest.mark.parametrize("changed", ["预算谈判恢复！", "预算谈判恢复 "])
def test_replace_updates_a_chinese_article_in_place_like_an_english_one(changed):
    first = ISSUE.format(chinese="预算谈判恢复", english="Budget talks resume")
    import_issue(document=parse_bytes(first.encode()))
    chinese, english = Article.objects.get(slug="预算谈判恢复"), Article.objects.get(slug="budget-talks-resume")
    for article in (chinese, english):
        Article.objects.filter(pk=article.pk).update(
            standfirst="Kept.", dateline_place="北京", dateline_date=dt.date(2022, 1, 28)
        )
    second = ISSUE.format(chinese=changed, english="Budget talks resume!")
    summary = import_issue(document=parse_bytes(second.encode()), replace=True)
    assert summary.deleted == [] and summary.created == []
    for article in (chinese, english):
        article.refresh_from_db()
        assert (article.standfirst, article.dateline_place) == ("Kept.", "北京")
    assert (chinese.title, english.title) == (changed.strip(), "Budget talks resume!")


def test_a_changed_title_in_any_script_matches_nothing_only_when_its_slug_changes_too():
    import_issue(document=parse_bytes(ISSUE.format(chinese="预算谈判恢复", english="Budget talks").encode()))
    second = ISSUE.format(chinese="预算谈判结束", english="Budget talks")
    summary = import_issue(document=parse_bytes(second.encode()), replace=True)
    assert (summary.created, summary.deleted) == (["预算谈判结束"], ["预算谈判恢复"])
    assert IssueFactory._meta.model.objects.count() == 1
