"""The production stack end to end: `deploy/run-scale.sh` (what `make run-scale`
runs) starts gunicorn and the django-tasks database worker with
portal.settings.production on PostgreSQL and an OpenSearch cluster; an applicant
submits, the examiner proposes Layak, the signatory signs — all through the
running server's pages — and the activity is then found through the engine at
/katalog/ and /api/v1/activities, indexed by the worker.

Runs where DATABASE_URL is PostgreSQL and OPENSEARCH_URL is set (`make
engines` writes it to the data directory's engines/env); skipped elsewhere, and
failed instead when REKOMSTAT_REQUIRE_ENGINES names opensearch."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from playwright.sync_api import expect

from catalog.documents import ACTIVITY_SCHEMA
from catalog.models import ActivityRecord
from procedures.applications.models import Application
from search.backends.elasticsearch import OpenSearchIndex

from .conftest import APPLICANT, EXAMINER, LAPTOP, SIGNATORY, complete_survey_draft

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# "mendong" (a sedge woven into mats) is in no demo record: only this activity matches.
WORD = "mendong"
TITLE = "Survei Perajin Anyaman Mendong Kabupaten Banjarnegara"
START_TIMEOUT = 240  # migrate, collectstatic, seed --demo --no-history and rebuild come first
INDEX_TIMEOUT = 20


def _stack_or_skip() -> str:
    """OPENSEARCH_URL, once the database is known to be PostgreSQL. On SQLite a
    skip: CI runs this in its PostgreSQL pass. Without OPENSEARCH_URL a skip, or
    a failure when REKOMSTAT_REQUIRE_ENGINES promises OpenSearch."""
    if connection.vendor != "postgresql":
        pytest.skip(
            f"the production stack runs on PostgreSQL (this pass is {connection.vendor}; "
            "CI's PostgreSQL pass runs it)"
        )
    url = os.environ.get("OPENSEARCH_URL", "")
    if not url:
        reason = "OPENSEARCH_URL is not set (make engines writes it to engines/env)"
        if "opensearch" in os.environ.get("REKOMSTAT_REQUIRE_ENGINES", "").split(","):
            pytest.fail(reason + ", and REKOMSTAT_REQUIRE_ENGINES requires opensearch")
        pytest.skip(reason)
    return url


def _database_url() -> str:
    """The database this test writes to (pytest-django's test_<name>), for the server."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 — our own loopback server
        assert response.status == 200
        return json.load(response)


@pytest.fixture
def production_stack(transactional_db, tmp_path):
    """deploy/run-scale.sh on a free port, against this test's database and its
    own index prefix on the OpenSearch cluster; stopped (its whole process group)
    and its indices dropped afterwards."""
    search_url = _stack_or_skip()
    port = _free_port()
    data_dir = tmp_path / "data"
    prefix = f"rekomstat-e2e-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SEARCH_URL": search_url,
        "SEARCH_INDEX_PREFIX": prefix,
        "REKOMSTAT_DATA_DIR": str(data_dir),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        # The stack is under test, not the demo's year of history (a minute more).
        "DEMO_HISTORY": "0",
        "PYTHON": str(ROOT / ".venv" / "bin" / "python"),
    }
    for inherited in ("DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY", "WAGTAILADMIN_BASE_URL"):
        env.pop(inherited, None)
    log_path = tmp_path / "run-scale.log"
    log = log_path.open("w")
    process = subprocess.Popen(  # noqa: S603 — our own script
        [str(ROOT / "deploy" / "run-scale.sh")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: gunicorn and the worker stop with it
    )
    index = OpenSearchIndex(url=search_url, index_prefix=prefix, schema=ACTIVITY_SCHEMA)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while "run-scale: ready at" not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"run-scale.sh did not come up (exit {process.poll()}):\n"
                    + log_path.read_text()[-5000:]
                )
            time.sleep(0.5)
        yield SimpleNamespace(url=f"http://127.0.0.1:{port}", data_dir=data_dir, index=index)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        # The script stops its children; anything left in its group goes too.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        log.close()
        index.drop()


def _catalog_count(stack) -> int:
    return _get_json(f"{stack.url}/api/v1/activities?q={WORD}")["count"]


def test_the_production_stack_decides_and_publishes_through_the_engine(
    production_stack, new_context, settings
):
    stack = production_stack
    url = stack.url
    # Nothing matches the word yet, and the engine holds the seeded catalog.
    assert _catalog_count(stack) == 0
    assert len(dict(stack.index.stamps())) == ActivityRecord.objects.count() > 300

    # The design, prepared through the services against the server's database;
    # the attachment goes where the server keeps attachments.
    settings.PRIVATE_STORAGE_ROOT = stack.data_dir / "private"
    draft = complete_survey_draft(TITLE)

    # 1. The applicant submits.
    applicant = new_context(url, APPLICANT)
    applicant.goto(f"{url}/pengajuan/{draft.pk}/ajukan/")
    applicant.get_by_role("button", name="Ajukan", exact=True).click()
    expect(applicant.get_by_role("status")).to_contain_text("diterima")
    assert Application.objects.get(pk=draft.pk).state == "submitted"

    # 2. The examiner takes it and proposes Layak.
    examiner = new_context(url, EXAMINER, LAPTOP)
    examiner.goto(f"{url}/pemeriksaan/{draft.pk}/")
    examiner.get_by_role("button", name="Ambil dan periksa").click()
    expect(examiner.get_by_role("status")).to_contain_text("Anda sekarang memeriksa")
    proposal = examiner.locator(
        "form", has=examiner.get_by_role("button", name="Kirim ke penanda tangan")
    )
    proposal.get_by_label("Layak Dilaksanakan", exact=True).check()
    proposal.get_by_role("button", name="Kirim ke penanda tangan").click()
    expect(examiner.get_by_role("status")).to_contain_text("Usulan keputusan dikirim")

    # 3. The signatory signs: the letter is issued and the activity published.
    signatory = new_context(url, SIGNATORY, LAPTOP)
    signatory.goto(f"{url}/pemeriksaan/{draft.pk}/")
    signatory.get_by_role("button", name="Setujui dan tanda tangani surat").click()
    expect(signatory.get_by_role("status")).to_contain_text("surat terbit")
    record = ActivityRecord.objects.get(title=TITLE)
    assert (stack.data_dir / "private" / "surat").is_dir()

    # 4. The worker drains the index outbox into OpenSearch; the API finds it.
    deadline = time.monotonic() + INDEX_TIMEOUT
    while _catalog_count(stack) == 0 and time.monotonic() < deadline:
        time.sleep(0.5)
    found = _get_json(f"{url}/api/v1/activities?q={WORD}")
    assert found["count"] == 1, f"not indexed within {INDEX_TIMEOUT} s"
    assert found["results"][0]["title"] == TITLE
    assert str(record.pk) in dict(stack.index.stamps())

    # 5. And so does the public catalog page.
    visitor = applicant.context.browser.new_context(locale="id-ID").new_page()
    visitor.goto(f"{url}/katalog/?q={WORD}")
    result = visitor.locator(".result")
    expect(result).to_have_count(1)
    expect(result.get_by_role("link", name=TITLE)).to_be_visible()
    visitor.context.close()
