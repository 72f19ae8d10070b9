"""Settings come from the environment, and the defaults are the safe ones."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR


def read_settings(expression, **env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    clean.update(env)
    code = f"import panel_site.settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    return result


def test_debug_is_off_by_default():
    assert read_settings("s.DEBUG", SECRET_KEY="x" * 50).stdout.strip() == "False"


def without_secret_key(code, *args):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, *(["-c", code] if code else args)],
        cwd=ROOT,
        env={**env, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "panel_site.settings"},
        capture_output=True,
        text=True,
    )


def test_nothing_is_signed_without_a_secret_key_when_debug_is_off():
    code = "import django; django.setup(); from django.core import signing; signing.dumps('x')"
    result = without_secret_key(code)
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr


def test_deploy_check_fails_without_a_secret_key():
    result = without_secret_key(None, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_tooling_that_signs_nothing_runs_without_a_secret_key():
    result = without_secret_key(None, "manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr


def test_without_database_url_uses_sqlite_in_the_project_folder():
    out = read_settings("s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']")
    assert "sqlite3" in out.stdout
    assert str(ROOT / "db.sqlite3") in out.stdout


def test_database_url_selects_postgresql():
    out = read_settings(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
        DATABASE_URL="postgres://panel@db.example.org:5432/panel",
    )
    assert out.stdout.split() == ["django.db.backends.postgresql", "panel"]


@pytest.mark.parametrize(
    ("chosen", "options"),
    [
        ({}, "{'server_side_binding': True, 'prepare_threshold': 5}"),
        ({"DATABASE_PREPARED_STATEMENTS": "0"}, "{}"),
    ],
)
def test_postgresql_plans_repeated_queries_once_unless_turned_off(chosen, options):
    out = read_settings(
        "s.DATABASES['default'].get('OPTIONS', {})",
        DATABASE_URL="postgres://panel@db.example.org:5432/panel",
        **chosen,
    )
    assert out.stdout.strip() == options


def test_sqlite_has_no_prepared_statement_options():
    assert read_settings("s.DATABASES['default'].get('OPTIONS', {})").stdout.strip() == "{}"


def test_allowed_hosts_come_from_the_environment():
    out = read_settings("s.ALLOWED_HOSTS", ALLOWED_HOSTS="panel.example.org, www.example.org")
    assert out.stdout.strip() == "['panel.example.org', 'www.example.org']"


def test_mail_goes_to_the_console_in_development_and_smtp_in_production():
    dev = read_settings("s.MAILERS['default']['BACKEND']", DEBUG="1")
    prod = read_settings("s.MAILERS['default']['BACKEND']", EMAIL_HOST="smtp.example.org")
    assert "console" in dev.stdout
    assert "smtp" in prod.stdout


@pytest.mark.django_db
def test_pages_carry_a_nonce_based_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert f'nonce="{nonce}"' in response.text


@pytest.mark.parametrize(
    ("chosen", "backend"),
    [
        ("", "django.tasks.backends.immediate.ImmediateBackend"),
        ("immediate", "django.tasks.backends.immediate.ImmediateBackend"),
        ("database", "django_tasks_db.DatabaseBackend"),
    ],
)
def test_the_task_backend_comes_from_the_environment(chosen, backend):
    result = read_settings("s.TASKS['default']['BACKEND']", TASKS_BACKEND=chosen)
    assert result.stdout.strip() == backend


def test_an_unknown_task_backend_is_refused_by_name():
    result = read_settings("s.TASKS", TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of ['database', 'immediate']" in result.stderr


def test_the_page_cache_can_be_turned_off():
    assert read_settings("s.PAGE_CACHE_SECONDS").stdout.strip() == "60"
    assert read_settings("s.PAGE_CACHE_SECONDS", PAGE_CACHE_SECONDS="0").stdout.strip() == "0"
