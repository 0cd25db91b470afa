"""The page cache stays correct across processes: gunicorn with 2 workers, per-process memory or a shared Redis.

Both workers serve (and cache) the page; a change written by another process, as raw SQL, shows on the
next request to either worker. Runs a real gunicorn and, for Redis, a real redis-server (Debian package
redis-server; `scripts/system-deps test` installs it).
"""

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from articles.search import SQL_FUNCTION, index_text
from tests.factories import ArticleFactory, BylineFactory

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    for _ in range(300):
        assert process.poll() is None, f"{what} exited with {process.returncode}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{what} is not listening on port {port}")


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed: run scripts/system-deps test (Debian package redis-server)"
    port = free_port()
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen([*command, "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    wait_for_port(port, process, "redis-server")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


def database_for_server(tmp_path) -> tuple[str, callable]:
    """(DATABASE_URL the server uses, run(sql, params) writing to that same database from this process)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "site.sqlite3"
        copy = sqlite3.connect(path)
        # The search index's triggers call this function (articles.search); Django's connections get it too.
        copy.create_function(SQL_FUNCTION, 1, index_text, deterministic=True)
        connection.ensure_connection()
        connection.connection.backup(copy)  # the test database as it is now, triggers included

        def run(sql, params):
            copy.execute(sql.replace("%s", "?"), params)
            copy.commit()

        return f"sqlite:///{path}", run
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )

    def run(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    return url, run


def serve(database_url: str, cache_url: str, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.server_settings",
        "DATABASE_URL": database_url,
        "NEWSROOM_PAGE_CACHE_URL": cache_url,
        "DJANGO_SECRET_KEY": "cross-process-test-secret",
        "DJANGO_DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CONN_MAX_AGE": "60",
    }
    command = [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    command += ["--access-logfile", str(log), "--access-logformat", "%(p)s %(s)s %(U)s"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    wait_for_port(port, process, "gunicorn")
    return process, port


def fetch_many(url: str, count: int = 40) -> list[str]:
    def one(_):
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode()

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, range(count)))


def workers_that_answered(log: Path, since: int) -> set[str]:
    lines = log.read_text().splitlines()[since:]
    return {line.split()[0] for line in lines if re.match(r"\S+ 200 ", line)}


def fetch_until_both_workers_answered(url: str, log: Path, since: int, rounds: int = 10) -> list[str]:
    """Pages fetched in rounds of 40 until both workers have served one: the kernel, not the test, decides
    which worker accepts a connection, and on a busy machine one worker may take a whole round."""
    pages = []
    for _ in range(rounds):
        pages += fetch_many(url)
        if len(workers_that_answered(log, since)) == 2:
            break
    return pages


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("cache", ["locmem", "redis"])
def test_a_change_shows_on_every_worker_at_once(cache, tmp_path, request):
    cache_url = request.getfixturevalue("redis_url") if cache == "redis" else "locmem://"
    article = ArticleFactory(title="First title")
    BylineFactory(article=article)
    database_url, run_sql = database_for_server(tmp_path)
    log = tmp_path / "access.log"
    process, port = serve(database_url, cache_url, log)
    try:
        url = f"http://127.0.0.1:{port}{article.get_absolute_url()}"
        assert all("First title" in html for html in fetch_until_both_workers_answered(url, log, 0))
        assert len(workers_that_answered(log, 0)) == 2, "both workers should have served (and cached) the page"
        served = len(log.read_text().splitlines())

        run_sql("UPDATE articles_article SET title = %s WHERE id = %s", ["Second title", article.pk])

        pages = fetch_until_both_workers_answered(url, log, served)
        assert all("Second title" in html and "First title" not in html for html in pages)
        assert len(workers_that_answered(log, served)) == 2
    finally:
        process.terminate()
        process.wait(timeout=20)
