from django.db import migrations
from django.utils import timezone

LIVE_STATES = ("scheduled", "published")


def backfill(apps, schema_editor):
    """Public events get a "published" change at the time they went live, so the change feed starts
    complete. (Like events.services.record_unannounced, on historical models.)"""
    Event = apps.get_model("events", "Event")
    ContentType = apps.get_model("contenttypes", "ContentType")
    PublicChange = apps.get_model("newsroom", "PublicChange")
    now = timezone.now()
    event_type, _ = ContentType.objects.get_or_create(app_label="events", model="event")
    public = Event.objects.filter(status__in=LIVE_STATES, publish_at__lte=now).values_list("pk", "publish_at")
    PublicChange.objects.bulk_create(
        [
            PublicChange(content_type=event_type, object_id=pk, kind="published", effective_at=when, created_at=now)
            for pk, when in public.iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_single_line_titles_and_names"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("newsroom", "0003_public_changes"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
