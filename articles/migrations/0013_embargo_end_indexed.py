from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_stored_markdown_html"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["embargoed_until"], name="article_embargo_end"),
        ),
    ]
