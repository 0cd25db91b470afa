import datetime as dt
import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = Path(os.environ.get("NEWSROOM_SEEDS_DIR", REPO_ROOT.parent / "shared" / "seeds"))
SEED_000 = "000_d03c12bca8f44f57.txt"
SEED_OPTIONS = {"publication": "CAST Newsletter", "number": "2022-01", "date": dt.date(2022, 2, 1)}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """The PDF reading task runs as soon as its upload commits, as the worker would pick it up: the site runs
    tasks on the django-tasks-db backend with `manage.py db_worker` (tests/api drive that worker directly);
    here Django's immediate backend stands in for it."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session")
def seed_path() -> Path:
    path = SEEDS_DIR / SEED_000
    if not path.is_file():
        pytest.fail(
            f"Seed file {path} is missing: the tests need ../shared/seeds beside the repository "
            "(or set NEWSROOM_SEEDS_DIR)."
        )
    return path


@pytest.fixture(scope="session")
def seed_bytes(seed_path) -> bytes:
    return seed_path.read_bytes()


@pytest.fixture
def cast_newsletter(db):
    """The CAST Newsletter as the demo configures it: published by CAST, whose news it prints unsigned."""
    from tests.factories import OrganizationFactory, PublicationFactory

    cast = OrganizationFactory(name="China Association for Science and Technology", short_name="CAST")
    return PublicationFactory(name="CAST Newsletter", slug="cast-newsletter", publisher=cast, unsigned_kinds=["news"])


@pytest.fixture
def import_seed(db, seed_bytes):
    """Import seed 000 (as draft, or published with publish=True) and return the summary."""
    from articles.exchange.importer import import_issue
    from articles.exchange.issuefile import parse_bytes

    def run(**options):
        return import_issue(document=parse_bytes(seed_bytes), **{**SEED_OPTIONS, **options})

    return run


XSS_BODY = (
    "Safe start.\n\n<script>alert('xss')</script>\n\n"
    '<img src="x" onerror="alert(1)"> and <a href="javascript:alert(2)">raw link</a>\n\n'
    "[markdown link](javascript:alert(3)) and [ok](https://example.org).\n"
)


@pytest.fixture
def png_file():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    def make(name="lead.png", color=(200, 30, 30)):
        buffer = io.BytesIO()
        Image.new("RGB", (40, 30), color).save(buffer, format="PNG")
        return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")

    return make


@pytest.fixture
def rich_issue(db, png_file):
    """A published issue with sections, person and organization bylines, headlines, a lead image,
    a draft article, an unsigned news article with an XSS body and a colophon in Chinese."""
    from editorial.publishing import Status
    from tests.factories import (
        ArticleFactory,
        BylineFactory,
        HeadlineFactory,
        IssueFactory,
        OrganizationFactory,
        PersonFactory,
        PublicationFactory,
        SectionFactory,
    )

    cast = OrganizationFactory(name="China Association for Science and Technology", short_name="CAST")
    # The newsletter prints its news unsigned (seed 000): such pieces are credited to CAST.
    publication = PublicationFactory(
        name="CAST Newsletter", slug="cast-newsletter", publisher=cast, unsigned_kinds=["news"]
    )
    issue = IssueFactory(
        publication=publication,
        number="2022-01",
        slug="2022-01",
        title="Newsletter",
        colophon="CAST is 中国科学技术协会. See [www.cast.org.cn](http://www.cast.org.cn).",
    )
    news = SectionFactory(publication=publication, title="S&T News", slug="st-news")
    wan = PersonFactory(name="Wan Gang", slug="wan-gang")
    first = ArticleFactory(issue=issue, order=1, title="Wan Gang gives a speech", slug="speech", body="He spoke.")
    first.lead_image = png_file()
    first.lead_image_alt = "Wan Gang at the lectern"
    first.save()
    BylineFactory(article=first, order=0, person=wan, position_as_printed="President, CAST")
    BylineFactory(article=first, order=1, person=None, organization=cast, position_as_printed="")
    xss = ArticleFactory(issue=issue, order=2, title="A hostile body", slug="hostile", body=XSS_BODY, section=news)
    ArticleFactory(
        issue=issue, order=3, title="Unfinished draft story", slug="draft", status=Status.DRAFT, publish_at=None
    )
    HeadlineFactory(issue=issue, order=1, text="Wan Gang gives a speech", article=first)
    HeadlineFactory(issue=issue, order=2, text="A hostile body", article=xss)
    return issue
