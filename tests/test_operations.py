"""Production serving: the health check, static files, the cache setting, gunicorn's config."""

import runpy
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tests.test_settings import read_settings

pytestmark = pytest.mark.django_db


def test_health_check_answers_ok_with_one_query_and_no_cookie(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.text == "ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_health_check_says_503_when_the_database_is_down(client):
    broken = mock.patch(
        "engagement.views.operations.connection.cursor", side_effect=OperationalError("down")
    )
    with broken:
        response = client.get(reverse("engagement:healthz"))

    assert response.status_code == 503
    assert "database" in response.text


def test_health_check_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_health_check_is_not_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    plain_http = Client()

    assert plain_http.get("/healthz").status_code == 200
    assert plain_http.get(reverse("engagement:home")).status_code == 301


def test_benchmark_baseline_exists_only_when_benchmarking(client, settings):
    url = reverse("engagement:bench_trivial")
    assert client.get(url).status_code == 404

    settings.BENCH = True
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies


@pytest.fixture
def collected_static(settings, tmp_path):
    """Production static files: hashed names and compressed copies, as collectstatic makes them."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Only what the pages link (and the source map it names): brotli on everything is slow.
    skip = ["admin", "bootstrap-*", "*.rtl.*", "bootstrap.css*", "bootstrap.js*", "bootstrap.[be]*"]
    skip += ["bootstrap.min.js*"]
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=skip)
    return settings.STATIC_ROOT


def test_static_files_are_hashed_compressed_and_cached_for_a_year(collected_static):
    page = Client().get(reverse("engagement:home"))
    css = next(
        line.split('href="')[1].split('"')[0]
        for line in page.text.splitlines()
        if "bootstrap" in line and "stylesheet" in line
    )
    assert css.startswith("/static/bootstrap/css/bootstrap.min.")
    assert css != "/static/bootstrap/css/bootstrap.min.css"  # a content hash in the name

    for encoding in ["gzip", "br"]:
        response = Client().get(css, headers={"accept-encoding": encoding})
        assert response.status_code == 200
        assert response["Content-Encoding"] == encoding
        assert "immutable" in response["Cache-Control"]
        assert "max-age=315360000" in response["Cache-Control"]
        body = b"".join(response.streaming_content)
        assert len(body) < 35_000  # about 230 KB before compression
        response.close()


def test_pages_do_not_load_the_bootstrap_javascript_bundle(client):
    """Our pages use no Bootstrap JavaScript component; the bundle would cost 23 KB."""
    page = client.get(reverse("engagement:home"))
    assert "bootstrap.bundle" not in page.text
    assert "<script" in page.text  # our own small panel.js is still there


def test_cache_is_local_memory_unless_configured():
    out = read_settings("s.CACHES['default']['BACKEND']", SECRET_KEY="x" * 50)
    assert out.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
        ("db://panel_cache", "django.core.cache.backends.db.DatabaseCache"),
    ],
)
def test_a_shared_cache_comes_from_cache_url(url, backend):
    out = read_settings("s.CACHES['default']", SECRET_KEY="x" * 50, CACHE_URL=url)
    assert backend in out.stdout
    assert url.split("://")[1] in out.stdout


def test_an_unknown_cache_url_stops_the_start():
    out = read_settings("s.CACHES", SECRET_KEY="x" * 50, CACHE_URL="memcached://x")
    assert out.returncode != 0
    assert "CACHE_URL" in out.stderr


def test_gunicorn_workers_follow_the_cores_or_web_concurrency(settings, monkeypatch):
    config_file = str(settings.BASE_DIR / "gunicorn.conf.py")
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 4)
    config = runpy.run_path(config_file)
    assert config["workers"] == 9
    assert config["accesslog"] is None
    assert config["timeout"] > 0

    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert runpy.run_path(config_file)["workers"] == 3
