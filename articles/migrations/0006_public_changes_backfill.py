from django.db import migrations
from django.db.models import Q
from django.utils import timezone

LIVE_STATES = ("scheduled", "published")


def backfill(apps, schema_editor):
    """Articles members could already see get a "published" change at the time they went live, so
    the change feed starts complete. (Like articles.services.record_unannounced, on historical models.)"""
    Article = apps.get_model("articles", "Article")
    PublicChange = apps.get_model("articles", "PublicChange")
    now = timezone.now()
    live = Article.objects.filter(
        Q(status__in=LIVE_STATES, publish_at__lte=now, issue__status__in=LIVE_STATES, issue__publish_at__lte=now)
    ).values_list("pk", "publish_at", "issue__publish_at")
    PublicChange.objects.bulk_create(
        [
            PublicChange(article_id=pk, kind="published", effective_at=max(article_time, issue_time), created_at=now)
            for pk, article_time, issue_time in live.iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_embargo_usage_terms_public_changes")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
