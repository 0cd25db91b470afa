"""PDF newsletters through the admin and the command: upload, background reading, review with page
images, a draft issue that keeps its PDF; bad files refused with a clear message and no rows."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from articles.exchange.admin import REVIEW_KEY
from articles.exchange.pdfsamples.content import fictional
from articles.exchange.pdfsamples.layouts import render
from articles.models import Article, ImportSource, ImportSourceState, Issue

pytestmark = pytest.mark.django_db

FIELDS = {"publication": "Lantern Valley Science Bulletin (fictional sample)", "number": "7", "date": "2031-04-15"}


@pytest.fixture(scope="module")
def bulletin_pdf(tmp_path_factory) -> bytes:
    return render(fictional(), "two-column", workdir=tmp_path_factory.mktemp("bulletin"))


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", password="pw-123456789")
    client.force_login(user)
    return client


def _upload(client, data: bytes, name="bulletin.pdf", **fields):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(reverse("admin:articles_issue_import"), {"file": upload, **FIELDS, **fields})


def _review(client, django_capture_on_commit_callbacks, data):
    """Upload, let the reading task run, follow the status page to the review; the review page."""
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    status = client.get(response["Location"])
    assert status.status_code == 302, status.content.decode()[:3000]  # read: on to the review
    review = client.get(status["Location"])
    assert review.status_code == 200
    return review


def test_an_uploaded_pdf_is_read_in_the_background_and_reviewed_with_its_pages(
    staff_client, django_capture_on_commit_callbacks, bulletin_pdf
):
    review = _review(staff_client, django_capture_on_commit_callbacks, bulletin_pdf)
    html = review.content.decode()
    source = ImportSource.objects.get()
    assert source.state == ImportSourceState.READY and source.pages == 3
    for page in (1, 2, 3):
        assert reverse("admin:articles_issue_import_pdf_page", args=[source.pk, page]) in html
    # Every block is outlined on its page, labelled by its role, and tied to its row in the list.
    boxes = re.findall(r'class="pdf-box" data-block="(\d+)"[^>]*aria-label="([^,"]+), block at line', html)
    assert {"Issue title", "Article title", "Byline", "Body", "List", "Caption"} <= {label for _, label in boxes}
    rows = set(re.findall(r'id="block-(\d+)"', html))
    assert {number for number, _ in boxes} == rows  # every block of the list is outlined on its page
    assert "Alt text for the picture on page 1" in html
    assert Issue.objects.count() == 0  # nothing written before the import


def test_cancelling_the_review_deletes_the_upload(staff_client, django_capture_on_commit_callbacks, bulletin_pdf):
    _review(staff_client, django_capture_on_commit_callbacks, bulletin_pdf)
    path = ImportSource.objects.get().file.path
    token = staff_client.session[REVIEW_KEY]["token"]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:articles_issue_import_review"), {"token": token, "action": "cancel"}
        )
    assert response.status_code == 302
    assert ImportSource.objects.count() == 0 and Issue.objects.count() == 0
    assert not Path(path).exists()


def test_a_page_image_is_rendered_from_the_pdf(staff_client, django_capture_on_commit_callbacks, bulletin_pdf):
    _review(staff_client, django_capture_on_commit_callbacks, bulletin_pdf)
    source = ImportSource.objects.get()
    response = staff_client.get(reverse("admin:articles_issue_import_pdf_page", args=[source.pk, 1]))
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (893, 1263)  # A4 at 1.5 x 72 dpi
    missing = staff_client.get(reverse("admin:articles_issue_import_pdf_page", args=[source.pk, 4]))
    assert missing.status_code == 404


def test_confirming_the_review_imports_a_draft_that_keeps_its_pdf_and_pictures(
    staff_client, django_capture_on_commit_callbacks, bulletin_pdf
):
    _review(staff_client, django_capture_on_commit_callbacks, bulletin_pdf)
    token = staff_client.session[REVIEW_KEY]["token"]
    response = staff_client.post(
        reverse("admin:articles_issue_import_review"),
        {"token": token, **FIELDS, "action": "confirm", "alt-1-0": "A queue of visitors outside a white dome at dusk"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = Issue.objects.get()
    assert issue.status == "draft"
    assert issue.articles.count() == 7
    pictured = Article.objects.get(title="Valley Observatory Opens Its Doors to Night Walkers")
    assert pictured.lead_image and pictured.lead_image_alt == "A queue of visitors outside a white dome at dusk"
    assert pictured.lead_image_caption.startswith("Visitors queue at the dome")
    assert pictured.lead_image_credit == "Photo: Nadia Orrin (fictional)"
    assert "Visitors queue" not in pictured.body  # the caption went with the picture
    rover = Article.objects.get(title="Robotics Club Builds a Hedge-Trimming Rover")
    assert not rover.lead_image  # no alt text given: not imported
    source = ImportSource.objects.get()
    assert source.state == ImportSourceState.IMPORTED and source.issue == issue
    download = staff_client.get(source.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == bulletin_pdf
    change = staff_client.get(reverse("admin:articles_issue_change", args=[issue.pk]))
    assert source.get_absolute_url() in change.content.decode()


def test_the_original_pdf_is_not_served_from_media(staff_client, django_capture_on_commit_callbacks, bulletin_pdf):
    from django.conf import settings

    _review(staff_client, django_capture_on_commit_callbacks, bulletin_pdf)
    path = ImportSource.objects.get().file.path
    assert not path.startswith(str(settings.MEDIA_ROOT))


def test_only_staff_download_the_pdf(client, staff_client, django_capture_on_commit_callbacks, bulletin_pdf):
    _review(staff_client, django_capture_on_commit_callbacks, bulletin_pdf)
    url = ImportSource.objects.get().get_absolute_url()
    client.logout()
    assert client.get(url).status_code == 302  # to the admin login


def test_a_scanned_pdf_ends_with_a_clear_message_and_no_issue(staff_client, django_capture_on_commit_callbacks):
    out = io.BytesIO()
    Image.new("RGB", (1240, 1754), (250, 250, 245)).save(out, format="PDF", resolution=150)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(staff_client, out.getvalue(), name="scan.pdf")
    status = staff_client.get(response["Location"])
    assert status.status_code == 200
    assert "no text layer: its pages are scanned pictures" in status.content.decode()
    assert ImportSource.objects.get().state == ImportSourceState.FAILED
    assert Issue.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.pdf", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "picture.pdf", "this is not a PDF file but a PNG image"),
        (b"%PDF-1.7\n1 0 obj\n<<>>\n", "cut.pdf", "the PDF is truncated"),
    ],
)
def test_bad_uploads_are_refused_on_the_form(staff_client, data, name, message):
    response = _upload(staff_client, data, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ImportSource.objects.count() == 0 and Issue.objects.count() == 0


def test_an_upload_over_the_limit_is_refused_while_it_streams_in(staff_client, settings):
    settings.NEWSROOM_MAX_PDF_BYTES = 1024 * 1024
    response = _upload(staff_client, b"%PDF-1.7\n" + b"\0" * (3 * 1024 * 1024))
    assert response.status_code == 413
    assert "The upload is 3,1" in response.content.decode()
    assert "the limit for a PDF is 1,048,576 bytes" in response.content.decode()
    assert ImportSource.objects.count() == 0


# ---------------------------------------------------------------- the command


def test_the_command_prints_the_proposal_of_a_pdf(tmp_path, bulletin_pdf, capsys):
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(bulletin_pdf)
    options = ["--publication", FIELDS["publication"], "--number", "7", "--date", FIELDS["date"]]
    call_command("import_issue", str(path), "--dry-run", *options)
    out = capsys.readouterr().out
    assert "title" in out and "River Sensors Show Cleaner Water After Two Dry Summers" in out
    assert "Would import" in out
    assert Issue.objects.count() == 0 and ImportSource.objects.count() == 0


def test_the_command_imports_a_pdf_with_decisions_and_keeps_it(tmp_path, bulletin_pdf):
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(bulletin_pdf)
    decisions = tmp_path / "bulletin.decisions"
    options = ["--publication", FIELDS["publication"], "--number", "7", "--date", FIELDS["date"]]
    call_command("import_issue", str(path), "--save-decisions", str(decisions), *options, verbosity=0)
    call_command("import_issue", str(path), "--decisions", str(decisions), verbosity=0)
    issue = Issue.objects.get()
    assert issue.articles.count() == 7
    source = ImportSource.objects.get()
    assert source.issue == issue and source.filename == "bulletin.pdf"
    with source.file.open("rb") as handle:
        assert handle.read() == bulletin_pdf


def test_the_command_refuses_a_200_mb_file_without_reading_it(tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(200 * 1024 * 1024)  # sparse: no 200 MB written
    with pytest.raises(CommandError, match="the file is 209,715,200 bytes; the limit for a PDF is 52,428,800 bytes"):
        call_command(
            "import_issue", str(path), "--dry-run", "--publication", "P", "--number", "1", "--date", "2031-01-01"
        )
    assert ImportSource.objects.count() == 0
