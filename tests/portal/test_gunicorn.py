"""The production web server accepts what the catalog promises: a search text of
10,000 characters in the URL. A real gunicorn, started with deploy/gunicorn.conf.py
on a free port, answers such a search with 200 (its defaults answer 414)."""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from catalog.filters import MAX_QUERY_LENGTH

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
# Plain Indonesian words: every character one byte once encoded (spaces become "+").
LONG_TEXT = ("survei pertanian kentang dieng " * 400)[:MAX_QUERY_LENGTH]

# A transaction of the test would hold the database the server must read.
pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url_for_the_server(tmp_path) -> str:
    """The suite's migrated (empty) database, where a separate process can open it."""
    if connection.vendor == "sqlite":
        # The suite's SQLite database lives in memory: copy it (schema, committed rows).
        copy = tmp_path / "db.sqlite3"
        with sqlite3.connect(copy) as target:
            connection.ensure_connection()
            connection.connection.backup(target)
        return f"sqlite:///{copy}"
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.fixture
def start_gunicorn(tmp_path):
    servers = []

    def start(*args: str) -> str:
        port = free_port()
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": database_url_for_the_server(tmp_path),
            "REKOMSTAT_DATA_DIR": str(tmp_path / "data"),
        }
        log = (tmp_path / f"gunicorn-{port}.log").open("w")
        server = subprocess.Popen(  # noqa: S603 — our own gunicorn
            [str(GUNICORN), *args, "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        servers.append((server, log))
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert server.poll() is None, (tmp_path / f"gunicorn-{port}.log").read_text()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return url
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start within 60 s")

    yield start
    for server, log in servers:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def get(url: str, **headers) -> int:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 — our local server
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def long_search_url(base: str) -> str:
    query = urllib.parse.urlencode({"q": LONG_TEXT, "sort": "newest"})
    return f"{base}/katalog/?{query}"


def test_a_search_of_the_longest_promised_text_is_answered(start_gunicorn):
    base = start_gunicorn("-c", str(CONFIG), "portal.wsgi:application")
    url = long_search_url(base)
    assert len(url) > 10_000
    assert get(url) == 200
    assert get(url.replace("/katalog/", "/api/v1/activities")) == 200
    # The next click from that page carries the long URL as its Referer.
    assert get(f"{base}/katalog/", Referer=url) == 200


def test_gunicorns_defaults_would_refuse_it(start_gunicorn):
    """The documented command used to be plain `gunicorn portal.wsgi` (4 kB lines)."""
    base = start_gunicorn("portal.wsgi:application")
    assert get(long_search_url(base)) == 414


def test_nginx_in_front_lets_the_same_search_through():
    """deploy/nginx.conf's buffer holds the longest promised search even if every
    character were percent-encoded punctuation (three bytes each)."""
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    count, size_kb = re.search(r"large_client_header_buffers\s+(\d+)\s+(\d+)k;", nginx).groups()
    longest_line = len("GET /katalog/?q=") + 3 * MAX_QUERY_LENGTH + len("&sort=newest HTTP/1.1")
    assert int(size_kb) * 1024 >= longest_line
