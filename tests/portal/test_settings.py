import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from portal.mail import email_settings_from_url

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-secret-key-for-the-deploy-check-0123456789abcdefghijkl",
    "DJANGO_ALLOWED_HOSTS": "rekomendasi.banjarnegarakab.bps.go.id",
    "WAGTAILADMIN_BASE_URL": "https://rekomendasi.banjarnegarakab.bps.go.id",
    "EMAIL_URL": "smtp://rekomstat:rahasia@mail.bps.go.id:587?tls=true",
}


TEST_ONLY_VARIABLES = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}


def manage(*args, env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES} | env_overrides
    return subprocess.run(  # noqa: S603 — our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_deploy_check_has_no_warnings_with_the_documented_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env_overrides=env | {"DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_every_runtime_file_lives_under_the_data_directory():
    data_dir = Path(settings.DATA_DIR)
    assert Path(settings.MEDIA_ROOT).is_relative_to(data_dir)
    assert Path(settings.EMAIL_FILE_PATH).is_relative_to(data_dir)
    assert Path(settings.STATIC_ROOT).is_relative_to(data_dir)


def test_data_directory_comes_from_the_environment_and_is_created(tmp_path):
    data_dir = tmp_path / "belum-ada"
    code = (
        "from django.conf import settings; "
        "print('PATHS', settings.DATA_DIR, settings.DATABASES['default']['NAME'])"
    )
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env | {"REKOMSTAT_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        check=True,
    )
    paths_line = next(line for line in result.stdout.splitlines() if line.startswith("PATHS "))
    _, reported_dir, database = paths_line.split()
    assert reported_dir == str(data_dir)
    assert database == str(data_dir / "db.sqlite3")
    assert data_dir.is_dir()


def test_email_url_is_parsed_into_smtp_settings():
    parsed = email_settings_from_url("smtp://user%40bps.go.id:p%40ss@mail.bps.go.id:587?tls=true")
    assert parsed["EMAIL_HOST"] == "mail.bps.go.id"
    assert parsed["EMAIL_PORT"] == 587
    assert parsed["EMAIL_HOST_USER"] == "user@bps.go.id"
    assert parsed["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert parsed["EMAIL_USE_TLS"] is True
    assert parsed["EMAIL_USE_SSL"] is False
    assert email_settings_from_url("smtps://mail.bps.go.id")["EMAIL_PORT"] == 465
