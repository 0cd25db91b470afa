from django.db import migrations
from django.db.models import Q
from django.utils import timezone

LIVE_STATES = ("scheduled", "published")


def backfill(apps, schema_editor):
    """Articles members could already see and public issues get a "published" change at the time they
    went live, so the change feed starts complete. (Like articles.services.record_unannounced, on
    historical models.)"""
    Article = apps.get_model("articles", "Article")
    Issue = apps.get_model("articles", "Issue")
    ContentType = apps.get_model("contenttypes", "ContentType")
    PublicChange = apps.get_model("newsroom", "PublicChange")
    now = timezone.now()
    article_type, _ = ContentType.objects.get_or_create(app_label="articles", model="article")
    issue_type, _ = ContentType.objects.get_or_create(app_label="articles", model="issue")
    public_issues = Q(status__in=LIVE_STATES, publish_at__lte=now)
    live_articles = Article.objects.filter(
        status__in=LIVE_STATES, publish_at__lte=now, issue__status__in=LIVE_STATES, issue__publish_at__lte=now
    ).values_list("pk", "publish_at", "issue__publish_at")
    changes = [
        PublicChange(content_type=issue_type, object_id=pk, kind="published", effective_at=when, created_at=now)
        for pk, when in Issue.objects.filter(public_issues).values_list("pk", "publish_at").iterator()
    ]
    changes += [
        PublicChange(
            content_type=article_type, object_id=pk, kind="published", effective_at=max(article_time, issue_time),
            created_at=now,
        )
        for pk, article_time, issue_time in live_articles.iterator()
    ]  # fmt: skip
    PublicChange.objects.bulk_create(changes, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_embargo_usage_terms_contributed_by"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("newsroom", "0003_public_changes"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
