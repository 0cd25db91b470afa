"""Stored HTML of the Markdown fields pages show (core.fields.RenderedMarkdownField), filled for existing rows."""

from django.db import migrations

import core.fields
from core.rendering import stored_markdown

FIELDS = [("Article", "body"), ("Issue", "colophon"), ("Correction", "text")]


def render_existing(apps, schema_editor):
    for model_name, source in FIELDS:
        model = apps.get_model("articles", model_name)
        rows = []
        for row in model.objects.only("pk", source).iterator(chunk_size=500):
            setattr(row, f"{source}_html", stored_markdown(getattr(row, source)))
            rows.append(row)
            if len(rows) == 500:
                model.objects.bulk_update(rows, [f"{source}_html"])
                rows = []
        model.objects.bulk_update(rows, [f"{source}_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_publication_unsigned_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_html",
            field=core.fields.RenderedMarkdownField(source="body"),
        ),
        migrations.AddField(
            model_name="correction",
            name="text_html",
            field=core.fields.RenderedMarkdownField(source="text"),
        ),
        migrations.AddField(
            model_name="issue",
            name="colophon_html",
            field=core.fields.RenderedMarkdownField(source="colophon"),
        ),
        migrations.RunPython(render_existing, migrations.RunPython.noop, elidable=True),
    ]
