"""The table of the default cache when it is the database cache (NEWSROOM_CACHE_URL unset): the API's rate
limits are counted there, shared by every process. Created here so that `migrate`, which every deployment
and script already runs, is all it takes; `createcachetable` does nothing for other cache backends (Redis)
and nothing for a table that exists, so running it again (or switching caches later and rerunning the
command by hand) is safe."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_union_content_exchange")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
