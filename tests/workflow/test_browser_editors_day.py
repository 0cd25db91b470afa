"""An editor's day in the admin, end to end in Chromium (issue #19): import an issue, review it, approve the
whole issue, preflight, publish, correct an article, restore a revision, at 1280 and 1440 px.

On every admin page: no horizontal scrollbar, no two visible elements overlapping (bounding boxes), and no
console error, uncaught script error or Content-Security-Policy violation. Screenshots go to
test-artifacts/editors-day-<width>-<step>.png.
"""

from pathlib import Path

import pytest
from django.test import Client

from articles.models import Article, Issue
from editorial.publishing import Status
from editorial.roles import CHIEF_EDITOR
from tests.factories import PublicationFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# A fictional issue; its publication already has two sections this issue does not use.
ISSUE_FILE = """---
publication: Lantern Quarterly (fictional)
number: 2031-02
date: 2031-04-01
---

# Light for long evenings

## Headlines

- ◆Fictional lamp makers agree on a wick standard
- ◆A fictional museum opens a hall of lanterns

### News

## Fictional lamp makers agree on a wick standard
*By Ada Fictional, Editor; Ben Imaginary, Reporter*

The fictional Guild of Lamp Makers agreed on one wick width for all members.

## A fictional museum opens a hall of lanterns
*By Cleo Madeup, Reporter*

Two hundred lanterns from the fictional collection are on show from today.

### Opinion

## Why wicks should stay wide
*By Dan Pretend, Columnist*

Wide wicks burn brighter, says our fictional columnist, and they are easier to trim.

## Lanterns and the night sky
*By Eve Notreal, Astronomer*

Too many lanterns hide the stars; a fictional astronomer asks for shades.
"""

# Elements whose boxes must not cross one another unless one contains the other.
OVERLAP_CHECK = """() => {
  const selector = ["#content h1", "#content h2", "#content h3", "#content label", "#content p",
    "#content input:not([type=hidden])", "#content select", "#content textarea", "#content button",
    "#content a.button", "#content table", "#content .submit-row", "#content .module", ".messagelist li"].join(",");
  const visible = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none" && box.width > 2 && box.height > 2;
  };
  const items = Array.from(document.querySelectorAll(selector)).filter(visible)
    .map((el) => ({ el, box: el.getBoundingClientRect() }));
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
    " “" + (el.innerText || el.value || "").trim().slice(0, 40) + "”";
  const found = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i], b = items[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (x > 1 && y > 1) found.push(name(a.el) + " × " + name(b.el));
    }
  }
  return found.slice(0, 10);
}"""

# Content-Security-Policy violations, kept by the page itself (Chromium also logs them to the console).
RECORD_VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});"""


class Desk:
    """A chief editor's browser at one width, checking every page it opens (see module docstring)."""

    def __init__(self, browser, live_server, user, width: int, tmp_path: Path):
        client = Client()
        client.force_login(user)
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))
        self.base, self.width, self.tmp_path, self.shots = live_server.url, width, tmp_path, []

    def goto(self, path: str):
        self.page.goto(self.base + path)

    def submit(self, selector: str):
        with self.page.expect_navigation():
            self.page.click(selector)

    def check(self, step: str) -> None:
        page = self.page
        page.wait_for_load_state("networkidle")
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{step}: the page scrolls sideways ({widths[0]} px content in {widths[1]} px)"
        assert page.evaluate(OVERLAP_CHECK) == [], f"{step}: overlapping elements"
        assert page.evaluate("window.__violations") == [], f"{step}: Content-Security-Policy violations"
        assert self.errors == [], f"{step}: console errors"
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"editors-day-{self.width}-{len(self.shots) + 1:02d}-{step}.png"
        page.screenshot(path=path, full_page=True)
        self.shots.append(path)


@pytest.mark.parametrize("width", [1280, 1440])
def test_an_editors_day_from_import_to_restored_revision(browser, live_server, make_user, tmp_path, width):
    publication = PublicationFactory(name="Lantern Quarterly (fictional)", slug="lantern-quarterly")
    SectionFactory(publication=publication, title="Letters", order=5)
    SectionFactory(publication=publication, title="Reports", order=6)
    chief = make_user(CHIEF_EDITOR, "chief")
    desk = Desk(browser, live_server, chief, width, tmp_path)
    page = desk.page
    try:
        # The desk: one click to the import.
        desk.goto("/admin/")
        desk.check("desk")
        desk.submit("a.button:has-text('Import issue file')")
        desk.check("import-form")
        issue_file = tmp_path / "lantern-2031-02.md"
        issue_file.write_text(ISSUE_FILE, encoding="utf-8")
        page.set_input_files("#id_file", str(issue_file))
        desk.submit("input[value='Preview import']")
        desk.check("import-preview")
        desk.submit("input[value='Confirm import']")

        # Review: the issue's articles fit the page, each links to its article, and they reorder with ↓.
        issue = Issue.objects.get(number="2031-02")
        assert page.url.endswith(f"/admin/articles/issue/{issue.pk}/change/")
        desk.check("issue-imported")
        assert "Imported from an issue file with 4 articles." in page.locator("#workflow-log").inner_text()
        rows = page.locator("#articles-group tr.has_original")
        assert rows.count() == 4
        assert (
            rows.first.locator("a.issue-article-link").inner_text() == "Fictional lamp makers agree on a wick standard"
        )
        for column in ("td.field-section", "td.field-status", "td.delete"):
            box = rows.first.locator(column).bounding_box()
            assert box["x"] + box["width"] <= width, column  # on screen, not behind a sideways scroll
        rows.first.locator("button.reorder-down").click()
        assert page.locator("#articles-group tr.has_original").nth(1).locator("a.issue-article-link").inner_text() == (
            "Fictional lamp makers agree on a wick standard"
        )
        desk.submit("input[name=_continue]")
        desk.check("issue-reordered")
        assert list(issue.articles.order_by("order").values_list("title", flat=True)[:2]) == [
            "A fictional museum opens a hall of lanterns",
            "Fictional lamp makers agree on a wick standard",
        ]
        # The comment box sits above "Recent revisions", not over it.
        comment, revisions = (
            page.locator("#log-comment").bounding_box(),
            page.locator("#workflow-revisions-title").bounding_box(),
        )
        assert comment["y"] + comment["height"] <= revisions["y"]

        # Approve the whole issue in one confirmed step.
        desk.submit("a.workflow-whole-approve")
        desk.check("approve-whole-issue")
        desk.submit("button.workflow-whole-approve")
        assert "4 articles moved, each step logged; the issue is approved." in page.locator(".messagelist").inner_text()
        desk.check("issue-approved")
        assert set(issue.articles.values_list("status", flat=True)) == {Status.APPROVED}

        # Preflight: the unused sections are one note; publish.
        desk.submit("a.workflow-preflight")
        desk.check("preflight")
        warnings = page.locator(".preflight-warnings li").all_inner_texts()
        assert "2 sections have no articles in this issue: “Letters”, “Reports”." in warnings
        desk.submit("button:has-text('Publish issue and its articles now')")
        desk.check("issue-published")
        issue.refresh_from_db()
        assert issue.status == Status.PUBLISHED and Article.objects.published().filter(issue=issue).count() == 4

        # Correct a published article: a corrected sentence and a correction note for readers.
        article = issue.articles.get(title="Why wicks should stay wide")
        desk.goto(f"/admin/articles/article/{article.pk}/change/")
        desk.check("article-published")
        page.fill("#id_body", article.body + "\n\nThe guild's wick width is 12 mm, not 21 mm.")
        page.click("#corrections-group .add-row a")
        page.fill("#id_corrections-0-text", "An earlier version gave the wick width as 21 mm.")
        desk.submit("input[name=_continue]")
        desk.check("article-corrected")
        assert article.corrections.count() == 1
        article.refresh_from_db()
        assert "12 mm" in article.body

        # Restore the version before the correction.
        desk.submit("#content a:has-text('Revisions')")
        desk.check("revisions")
        before = article.revisions.exclude(version=article.version).order_by("-version").first()
        desk.submit(f"a.button:has-text('Restore version {before.version}…')")
        desk.check("restore-confirm")
        desk.submit(f"button:has-text('Restore version {before.version}')")
        assert f"Version {before.version} was restored" in page.locator(".messagelist").inner_text()
        desk.check("restored")
        article.refresh_from_db()
        assert "12 mm" not in article.body
    finally:
        desk.context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_unions_people_filters_issue_heading_and_event_time_zone_in_chromium(
    browser, live_server, make_user, tmp_path, width
):
    from tests.factories import (
        ArticleFactory,
        BylineFactory,
        IssueFactory,
        MembershipFactory,
        OrganizationFactory,
        PositionFactory,
        UnionFactory,
    )

    union = UnionFactory(name="Fictional Union of Lantern Makers", slug="lanterns")
    guild = OrganizationFactory(name="Fictional Wick Guild", country="IT")
    MembershipFactory(union=union, member=guild)
    PositionFactory(organization=guild, title="Chair")
    issue = IssueFactory(
        publication=PublicationFactory(name="Lantern Newsletter (fictional)", slug="lantern-newsletter"),
        number="2031-03", title="Newsletter", status=Status.PUBLISHED,
    )  # fmt: skip
    BylineFactory(article=ArticleFactory(issue=issue, order=1, status=Status.PUBLISHED, publish_at=issue.publish_at))
    desk = Desk(browser, live_server, make_user(CHIEF_EDITOR, "chief"), width, tmp_path)
    page = desk.page
    try:
        desk.goto("/")
        assert "No. 2031-03" in page.locator("#latest-issue").inner_text()
        page.click("nav.site-nav a:has-text('Unions')")
        assert page.url.endswith("/unions/")
        desk.check("unions")
        assert "1 current member organization" in page.locator(".directory-list").inner_text()
        desk.goto("/people/")
        page.select_option("#id_country", "IT")
        desk.submit(".directory-filters button[type=submit]")
        desk.check("people-in-italy")
        assert page.locator(".result-count").inner_text().startswith("1 matching")
        desk.goto(issue.get_absolute_url())
        desk.check("issue-heading")
        assert "Newsletter" not in page.locator("h1.issue-masthead__title").inner_text()
        if width >= 1280:  # the admin's forms are for desktops
            desk.goto("/admin/events/event/add/")
            desk.check("event-form")
            assert page.locator("#id_time_zone").input_value() == "UTC"
    finally:
        desk.context.close()
