"""Manuscripts in: a member sends a story; editors accept it into an issue or decline it with a comment."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from api import services
from api.models import Manuscript, ManuscriptStatus
from editorial.publishing import Status
from tests.api.conftest import client_for, error_of
from tests.factories import MembershipFactory, OrganizationFactory

MARKDOWN = """## Fictional reef robots count fish

*By Ana Fictional, Marine Reporter; Fictional Daily Planet*

Robots counted 10,000 fish on a fictional reef.

They will dive again in spring.
"""

NINJS = {
    "uri": "urn:daily-planet:story:1",
    "headlines": [{"role": "main", "value": "Fictional glacier sensors go live"}],
    "descriptions": [{"role": "summary", "value": "Forty sensors now report every hour."}],
    "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>The <strong>sensors</strong> report.</p>"}],
    "by": "By Ben Fictional, Science Desk",
    "language": "en",
}


def png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_a_markdown_manuscript_becomes_a_submitted_manuscript(api, member):
    response = api.generic("POST", "/api/manuscripts/", MARKDOWN.encode(), content_type="text/markdown")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "submitted" and data["title"] == "Fictional reef robots count fish"
    assert response["Location"] == data["url"]
    assert data["byline"] == [
        {"name": "Ana Fictional", "position": "Marine Reporter"},
        {"name": "Fictional Daily Planet", "position": ""},
    ]
    manuscript = Manuscript.objects.get()
    assert manuscript.organization == member and manuscript.source == MARKDOWN
    assert api.get(data["url"]).json()["status"] == "submitted"


def test_a_ninjs_manuscript_is_validated_and_its_html_becomes_markdown(api):
    response = api.post("/api/manuscripts/", NINJS, format="json")
    assert response.status_code == 201, response.content
    manuscript = Manuscript.objects.get()
    assert manuscript.body == "The **sensors** report."
    assert manuscript.standfirst == "Forty sensors now report every hour."
    assert manuscript.byline == [{"name": "Ben Fictional", "position": "Science Desk"}]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"headlines": [{"value": "No uri"}]}, "ninjs"),
        ({"uri": "urn:x", "pubstatus": "maybe"}, "ninjs"),
        ({"uri": "urn:x", "bodies": [{"value": "text"}]}, "headlines"),
        ({"uri": "urn:x", "headlines": [{"value": "T"}]}, "bodies"),
        ([1, 2], "ninjs"),
    ],
)
def test_a_bad_ninjs_manuscript_is_a_400_naming_the_field(api, payload, field):
    error = error_of(api.post("/api/manuscripts/", payload, format="json"))
    assert error["status"] == 400 and list(error["fields"]) == [field]
    assert not Manuscript.objects.exists()


@pytest.mark.parametrize(
    "text, message", [("", "empty"), ("Just text", "outside any article"), ("## A\n\nx\n\n## B\n\ny", "exactly one")]
)
def test_bad_markdown_is_a_400_naming_the_field(api, text, message):
    error = error_of(api.generic("POST", "/api/manuscripts/", text.encode(), content_type="text/markdown"))
    assert error["status"] == 400 and message in error["fields"]["markdown"][0]


def test_malformed_json_is_a_400(api):
    error = error_of(api.generic("POST", "/api/manuscripts/", b"{oops", content_type="application/json"))
    assert error["status"] == 400


def test_an_unsupported_content_type_is_a_415(api):
    assert error_of(api.generic("POST", "/api/manuscripts/", b"x", content_type="application/pdf"))["status"] == 415


def test_images_come_with_alt_text(api):
    response = api.post(
        "/api/manuscripts/", {"markdown": MARKDOWN, "images": [png()], "image_alt": ["Robot at the reef"]}
    )
    assert response.status_code == 201, response.content
    assert Manuscript.objects.get().images.get().alt == "Robot at the reef"
    error = error_of(api.post("/api/manuscripts/", {"markdown": MARKDOWN, "images": [png()]}))
    assert error["status"] == 400 and "image_alt" in error["fields"]
    not_an_image = SimpleUploadedFile("x.png", b"no")
    error = error_of(
        api.post("/api/manuscripts/", {"markdown": MARKDOWN, "images": [not_an_image], "image_alt": ["x"]})
    )
    assert error["status"] == 400 and "images" in error["fields"]


def test_a_manuscript_file_upload_is_read_by_its_extension(api):
    upload = SimpleUploadedFile("story.json", json.dumps(NINJS).encode(), content_type="application/json")
    assert api.post("/api/manuscripts/", {"manuscript": upload}).status_code == 201


def test_accepting_makes_a_draft_article_contributed_by_the_member(api, staff, member, issue):
    api.post("/api/manuscripts/", {"markdown": MARKDOWN, "images": [png()], "image_alt": ["Robot at the reef"]})
    manuscript = Manuscript.objects.get()
    article = services.accept_manuscript(manuscript=manuscript, issue=issue, user=staff, comment="Thanks!")
    assert article.status == Status.DRAFT and article.contributed_by == member
    assert [str(b) for b in article.bylines.all()] == ["Ana Fictional, Marine Reporter", "Fictional Daily Planet"]
    assert article.lead_image_alt == "Robot at the reef"
    data = api.get(f"/api/manuscripts/{manuscript.pk}/").json()
    assert data["status"] == "accepted" and data["comment"] == "Thanks!"
    assert data["article"] == {"status": "draft", "url": None}  # not public yet: no address
    assert article.title not in api.get("/api/articles/").content.decode()


def test_declining_needs_a_comment_the_member_reads(api, staff):
    api.post("/api/manuscripts/", NINJS, format="json")
    manuscript = Manuscript.objects.get()
    with pytest.raises(Exception, match="Say why"):
        services.decline_manuscript(manuscript=manuscript, user=staff, comment=" ")
    services.decline_manuscript(manuscript=manuscript, user=staff, comment="Out of our scope.")
    data = api.get("/api/manuscripts/").json()[0]
    assert (data["status"], data["comment"]) == (ManuscriptStatus.DECLINED, "Out of our scope.")
    with pytest.raises(services.ExchangeError, match="already declined"):
        services.decline_manuscript(manuscript=manuscript, user=staff, comment="Again")


def test_a_member_never_sees_another_members_manuscripts(api, staff, union):
    api.post("/api/manuscripts/", NINJS, format="json")
    other = OrganizationFactory()
    MembershipFactory(union=union, member=other)
    _, full = services.issue_key(name="Other", user=staff, organization=other, union=union)
    client = client_for(full)
    assert client.get("/api/manuscripts/").json() == []
    assert error_of(client.get(f"/api/manuscripts/{Manuscript.objects.get().pk}/"))["status"] == 404


def test_accept_and_decline_pages_in_the_admin(api, staff, issue, client):
    api.post("/api/manuscripts/", NINJS, format="json")
    manuscript = Manuscript.objects.get()
    client.force_login(staff)
    page = client.get(f"/admin/api/manuscript/{manuscript.pk}/change/").content.decode()
    assert "Accept into an issue" in page and "&lt;strong&gt;sensors" in page  # the source, shown as sent
    for step, button in (("accept", 'value="Accept"'), ("decline", 'value="Decline"')):
        form_page = client.get(f"/admin/api/manuscript/{manuscript.pk}/{step}/")  # what the editor opens first
        assert form_page.status_code == 200 and button in form_page.content.decode()
    response = client.post(f"/admin/api/manuscript/{manuscript.pk}/accept/", {"issue": issue.pk, "comment": "Yes"})
    assert response.status_code == 302
    manuscript.refresh_from_db()
    assert manuscript.status == "accepted" and manuscript.article.issue == issue
    assert "Accept into an issue" not in client.get(f"/admin/api/manuscript/{manuscript.pk}/change/").content.decode()
