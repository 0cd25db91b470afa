"""Background work of the exchange (Django's tasks framework, whatever backend settings.TASKS names)."""

from django.tasks import task


@task()
def read_uploaded_pdf(source_id: int) -> str:
    """Read an uploaded PDF newsletter (pdfimport.read_stored); returns the state it ended in."""
    from articles.exchange.pdfimport import read_stored

    return read_stored(source_id=source_id).state
