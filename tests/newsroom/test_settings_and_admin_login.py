import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


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
