import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.serializers import serialize
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Byline, Headline
from events.models import EventPerson
from people.models import Membership, Organization, Position

ROOT = Path(__file__).resolve().parents[2]


def snapshot():
    # Managed models only: an unmanaged one reads what the database keeps itself (the SQLite search index).
    models = [
        m
        for label in ("articles", "events", "people")
        for m in apps.get_app_config(label).get_models()
        if m._meta.managed
    ]
    return {
        model._meta.label: serialize("json", model._default_manager.order_by("pk"), fields=None) for model in models
    }


@pytest.mark.django_db
def test_demo_loader_is_idempotent(capsys):
    call_command("load_demo")
    first = snapshot()
    with CaptureQueriesContext(connection) as queries:
        call_command("load_demo")
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []  # a second run only reads
    assert snapshot() == first  # every row as it was, updated_at included
    assert "Demo data ready" in capsys.readouterr().out


@pytest.mark.django_db
def test_demo_loader_puts_back_what_an_editor_changed(demo):
    Organization.objects.filter(slug="iustc").update(founded_on=None)
    EventPerson.objects.filter(role="moderator").delete()
    call_command("load_demo")
    assert Organization.objects.get(slug="iustc").founded_on.isoformat() == "2018-09-20"
    assert EventPerson.objects.filter(role="moderator").count() == 1


@pytest.mark.django_db
def test_demo_data_exercises_the_model(demo):
    union = Organization.objects.unions().get(short_name="IUSTC")
    assert Membership.objects.filter(union=union).count() >= 5
    assert Position.objects.filter(organization=union, title="Chairman").exists()
    assert Byline.objects.filter(person__isnull=False).exclude(position_as_printed="").count() >= 4
    assert Byline.objects.filter(organization__isnull=False).exists()
    assert Headline.objects.filter(article__isnull=False).count() >= 4
    assert Article.objects.published().count() == Article.objects.count()
    from events.models import Event

    event = Event.objects.get(mode="hybrid")
    assert set(event.organization_roles.values_list("role", flat=True)) >= {"host", "co_organizer"}
    assert set(event.person_roles.values_list("role", flat=True)) >= {"speaker", "moderator"}
    assert event.person_roles.filter(role="speaker").count() >= 2
    keynote = event.person_roles.get(person__slug="xu-zhilong")
    assert keynote.position_as_printed == "Chairman, International Union of Sci-tech Communicators"


@pytest.mark.django_db
def test_ensure_admin_prints_login_and_is_idempotent(capsys):
    call_command("ensure_admin", username="editor", password="s3cret-pass-123")
    call_command("ensure_admin", username="editor", password="s3cret-pass-123")
    out = capsys.readouterr().out
    assert out.count("Admin login: editor / s3cret-pass-123") == 2
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(username="editor", is_superuser=True).count() == 1


def _settings_in_subprocess(env, expression):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "ALLOWED_HOSTS"))}
    clean.update(env)
    code = (
        f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='newsroom.settings'; django.setup(); "
        f"from django.conf import settings; print({expression})"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_settings_read_the_environment():
    result = _settings_in_subprocess(
        {
            "DJANGO_SECRET_KEY": "k" * 50,
            "DATABASE_URL": "postgres://u:p@db.example:5432/news",
            "ALLOWED_HOSTS": "news.example.org,www.news.example.org",
        },
        "settings.DEBUG, settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'], "
        "settings.ALLOWED_HOSTS, settings.SESSION_COOKIE_SECURE",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False django.db.backends.postgresql news ['news.example.org', 'www.news.example.org'] True"
    )


def test_settings_default_to_sqlite_and_debug_needs_no_key():
    result = _settings_in_subprocess({"DJANGO_DEBUG": "1"}, "settings.DEBUG, settings.DATABASES['default']['ENGINE']")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True django.db.backends.sqlite3"


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_in_subprocess({}, "settings.DEBUG")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_deploy_check_is_clean_in_production_mode():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        {"DJANGO_SECRET_KEY": "x7!Kp2$vL9#mQ4&wZ8*rT1^yB6@nH3%cF5-jD0+" * 2, "ALLOWED_HOSTS": "news.example.org"}
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
