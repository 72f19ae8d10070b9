"""`make bench`: serve the app as in production and measure its key pages.

    .venv/bin/python bench/run.py                 # scale 1 (the demo)
    .venv/bin/python bench/run.py --scale 1 100   # both, with page time at 100 vs 1

For each scale: a scratch PostgreSQL database (the server on 127.0.0.1:5432 if it answers,
else a throwaway cluster), migrate, seed_demo --scale N, collectstatic, then gunicorn with
gunicorn.conf.py under production settings (DEBUG off, a random SECRET_KEY, requests sent
as if from a TLS proxy). wrk drives each page at a fixed concurrency, beside a trivial
Django view through the same middleware; a small Python client weighs each page (HTML plus
the CSS and JS it links, compressed, cold cache), times it alone, and polls the public
screen update at a fixed rate. A second gunicorn with the public page cache off times each
page as rendered: that is what a reader pays after a change, and what the two scales are
compared on. Nothing here is part of the app.
"""

import argparse
import asyncio
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import alone_ms, fetch, fixed_rate, page_weight, side_by_side_ms, wrk

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
GUNICORN = str(BIN / "gunicorn") if (BIN / "gunicorn").exists() else "gunicorn"
# Throughput as a share of the trivial view's, by kind of page (from issue 8).
TARGET_RATIO = {"public": 0.25, "signed-in": 0.15, "form": 0.15}
WEIGHT_LIMIT = 80 * 1024
SCREEN_RATE, SCREEN_P95_MS = 200, 100
SCALE_TIME_LIMIT = 1.2


def say(message):
    print(message, flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Postgres:
    """The local server if it answers, else a throwaway cluster (as .ci/run starts one)."""

    def __init__(self):
        self.tmp = None
        self.port = 5432
        answers = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-Atc", "select 1"],
            capture_output=True,
        )
        if answers.returncode != 0:
            self.start_throwaway()

    def as_postgres(self):
        return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def start_throwaway(self):
        self.tmp = tempfile.mkdtemp(prefix="panel-bench-pg-")
        if os.geteuid() == 0:
            shutil.chown(self.tmp, "postgres", "postgres")
        self.port = free_port()
        run = self.as_postgres()
        subprocess.run(
            [
                *run,
                "initdb",
                "-D",
                f"{self.tmp}/data",
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            cwd=self.tmp,
            check=True,
            capture_output=True,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.tmp} -c fsync=off"
        subprocess.run(
            [
                *run,
                "pg_ctl",
                "-D",
                f"{self.tmp}/data",
                "-l",
                f"{self.tmp}/server.log",
                "-w",
                "-t",
                "30",
                "start",
                "-o",
                options,
            ],
            cwd=self.tmp,
            check=True,
            capture_output=True,
        )
        say(f"Started a throwaway PostgreSQL on port {self.port}")

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def recreate(self, name):
        args = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        subprocess.run(["dropdb", *args, "--if-exists", name], check=True)
        subprocess.run(["createdb", *args, name], check=True)

    def ensure(self, name):
        args = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        subprocess.run(["createdb", *args, name], capture_output=True, check=False)

    def drop(self, name):
        args = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        subprocess.run(["dropdb", *args, "--if-exists", name], check=False)

    def stop(self):
        if self.tmp:
            subprocess.run(
                [*self.as_postgres(), "pg_ctl", "-D", f"{self.tmp}/data", "-m", "fast", "stop"],
                cwd=self.tmp,
                capture_output=True,
            )
            shutil.rmtree(self.tmp, ignore_errors=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    say("Installing wrk (apt-get install -y wrk)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True)


def manage(env, *args, quiet=True):
    started = time.monotonic()
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=quiet
    )
    return time.monotonic() - started


class Server:
    """gunicorn with the project's gunicorn.conf.py, on a free local port."""

    def __init__(self, env, workers, log):
        self.port = free_port()
        if workers:
            env = {**env, "WEB_CONCURRENCY": str(workers)}
        self.log = open(log, "w")  # noqa: SIM115 - kept open while the server runs
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "-c",
                "gunicorn.conf.py",
                "panel_site.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            time.sleep(0.2)
            try:
                if fetch(self.port, "/healthz").status == 200:
                    return
            except OSError:
                pass
        self.stop()
        sys.exit(f"gunicorn did not answer /healthz; see {log}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def database_name(scale):
    return f"panel_bench_s{scale}"


def measure_scale(scale, args, postgres, static_root, workdir, running):
    name = database_name(scale)
    if args.keep:
        postgres.ensure(name)
    else:
        postgres.recreate(name)
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}},
        "DATABASE_URL": postgres.url(name),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(Path(workdir) / "uploads"),
        "BENCH": "1",
        "BENCH_SCALE": str(scale),
        "MFA_ENFORCED": "0",
        "CONN_MAX_AGE": "600",
    }
    if args.cache_url:
        env["CACHE_URL"] = args.cache_url
    result = {"scale": scale, "pages": []}
    say(f"\n== Scale {scale}: database {name}")
    manage(env, "migrate", "--noinput")
    result["seed_seconds"] = manage(env, "seed_demo", "--scale", str(scale))
    say(f"seed_demo --scale {scale}: {result['seed_seconds']:.0f} s")
    if not (Path(static_root) / "staticfiles.json").exists():
        say(f"collectstatic: {manage(env, 'collectstatic', '--noinput'):.0f} s")
    pages = json.loads(
        subprocess.run(
            [PYTHON, "bench/pages.py", "targets"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    server = Server(env, args.workers, Path(workdir) / f"gunicorn-s{scale}.log")
    # The same app with the public page cache off: what a page costs to render, which is
    # what a reader pays after a change and what scale 1 and scale 100 are compared on.
    renderer = Server(
        {**env, "PAGE_CACHE_SECONDS": "0"}, args.workers, Path(workdir) / f"render-s{scale}.log"
    )
    trivial = next(page for page in pages if page["kind"] == "baseline")
    if args.only:
        pages = [p for p in pages if p is trivial or any(w in p["label"] for w in args.only)]
    # Left running until every scale is measured, to be compared side by side.
    running.append(
        {
            "scale": scale,
            "served": server.port,
            "rendered": renderer.port,
            "stop": [server.stop, renderer.stop],
        }
    )
    for page in pages:
        try:
            result["pages"].append(measure_page(server.port, renderer.port, page, args))
        except (OSError, subprocess.CalledProcessError, AttributeError) as error:
            # A page too slow to answer (or wrk finding nothing to parse) is a finding.
            page["skip"] = f"failed: {error!r}"[:200]
            result["pages"].append(page)
            say(f"  {page['label']}: {page['skip']}")
        if args.paired and "wrk" in page and page is not trivial:
            # This machine is shared: measure the yardstick again right beside each page.
            page["trivial_rps"] = wrk(server.port, trivial, args)["rps"]
    if args.explain and scale == max(args.scale):
        plans = Path(workdir) / f"explain-s{scale}.txt"
        with open(plans, "w") as out:
            subprocess.run(
                [PYTHON, "bench/pages.py", "explain"], cwd=ROOT, env=env, stdout=out, check=True
            )
        result["explain"] = str(plans)
    return result


def compare_scales(results, running):
    """Each page at the smallest and largest scale, timed alternately (see side_by_side_ms),
    as served and as rendered with the caches off."""
    small, large = results[0], results[-1]
    ports = {entry["scale"]: entry for entry in running}
    before = {p["label"]: p for p in small["pages"] if "wrk" in p}
    say(f"\nScale {small['scale']} and {large['scale']} side by side:")
    for page in large["pages"]:
        if "wrk" not in page or page["label"] not in before:
            continue
        for column in ("served", "rendered"):
            page[f"side_by_side_{column}"] = side_by_side_ms(
                ports[small["scale"]][column],
                before[page["label"]],
                ports[large["scale"]][column],
                page,
            )
        say(f"  {page['label']}")


def measure_page(port, render_port, page, args):
    if "skip" in page:
        say(f"  {page['label']}: skipped, {page['skip']}")
        return page
    cookie = {"Cookie": page["cookie"]} if page.get("cookie") else {}
    first = fetch(port, page["url"], cookie)
    if first.status != 200:
        page["skip"] = f"answered {first.status}, not 200"
        say(f"  {page['label']}: skipped, {page['skip']} ({page['url']})")
        return page
    say(f"  {page['label']}: {page['url']}")
    for _ in range(5):  # warm the worker's caches and connections
        fetch(port, page["url"], cookie)
    page["wrk"] = wrk(port, page, args)
    page["load"] = os.getloadavg()[0]
    page["alone_ms"] = alone_ms(port, page)
    for _ in range(3):
        fetch(render_port, page["url"], cookie)
    page["render_ms"] = alone_ms(render_port, page)
    if page["kind"] == "public" and args.uncached:
        page["wrk_render"] = wrk(render_port, page, args)
    page["weight_gzip"], page["foreign"] = page_weight(port, page, "gzip")
    page["weight_br"], _ = page_weight(port, page, "br")
    etag = first.headers.get("ETag")
    if page["kind"] == "screen":
        page["etag"] = bool(etag)
        conditional = {"If-None-Match": etag} if etag else {}
        if etag:
            page["wrk_304"] = wrk(port, page, args, conditional)
        page["fixed_rate"] = asyncio.run(
            fixed_rate(port, page["url"], conditional, SCREEN_RATE, args.duration)
        )
    say(
        f"    {page['wrk']['rps']:.0f} req/s, alone {page['alone_ms']:.1f} ms, "
        f"rendered {page['render_ms']:.1f} ms"
    )
    return page


def report(results):
    for result in results:
        pages = [p for p in result["pages"] if "wrk" in p]
        trivial = next((p["wrk"]["rps"] for p in pages if p["kind"] == "baseline"), None)
        say(f"\n## Scale {result['scale']} (seed_demo took {result['seed_seconds']:.0f} s)")
        say(
            f"{'page':<28}{'kind':<10}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'ratio':>7}"
            f"{'target':>8}{'KB gzip':>9}{'KB br':>7}{'alone ms':>10}{'render ms':>10}"
            f"{'uncached':>9}{'load':>6}"
        )
        for page in result["pages"]:
            if "wrk" not in page:
                say(f"{page['label']:<28}skipped: {page['skip']}")
                continue
            w = page["wrk"]
            ratio = w["rps"] / page.get("trivial_rps", trivial) if trivial else 0
            goal = TARGET_RATIO.get(page["kind"])
            verdict = "" if goal is None else f"{goal:.2f}{' ok' if ratio >= goal else ' NO'}"
            weight = page["weight_gzip"] / 1024
            uncached = ""
            if "wrk_render" in page:
                uncached = f"{page['wrk_render']['rps'] / page.get('trivial_rps', trivial):.2f}"
            heavy = "" if weight <= WEIGHT_LIMIT / 1024 else " NO"
            say(
                f"{page['label']:<28}{page['kind']:<10}{w['rps']:>8.0f}{w['p50']:>8.1f}"
                f"{w['p99']:>8.1f}{ratio:>7.2f}{verdict:>8}{weight:>8.1f}{heavy:1}"
                f"{page['weight_br'] / 1024:>7.1f}{page['alone_ms']:>10.1f}"
                f"{page['render_ms']:>10.1f}{uncached:>9}{page['load']:>6.1f}"
                + (f"  errors: {w['errors']}" if w["errors"] else "")
                + (f"  other hosts: {page['foreign']}" if page["foreign"] else "")
            )
        for page in pages:
            if page["kind"] != "screen":
                continue
            fixed = page["fixed_rate"]
            verdict = "ok" if fixed["p95"] < SCREEN_P95_MS else "NO"
            say(
                f"\nPublic screen update at a fixed {SCREEN_RATE} req/s "
                f"({'with' if page['etag'] else 'WITHOUT'} ETag / If-None-Match): sent "
                f"{fixed['sent']}, achieved {fixed['achieved_rps']:.0f} req/s, "
                f"p50 {fixed['p50']:.1f} ms, p95 {fixed['p95']:.1f} ms ({verdict}, target < "
                f"{SCREEN_P95_MS}), p99 {fixed['p99']:.1f} ms, statuses {fixed['statuses']}"
            )
            if "wrk_304" in page:
                say(f"  most it can take (wrk, 304s): {page['wrk_304']['rps']:.0f} req/s")
        if result.get("explain"):
            say(f"\nQuery plans of each page's slowest queries: {result['explain']}")
    if len(results) > 1:
        small, large = results[0], results[-1]
        say(
            f"\n## Page time alone, scale {large['scale']} vs scale {small['scale']} (target at "
            f"most {SCALE_TIME_LIMIT}x), timed side by side: as served (with the caches), and "
            "rendered (caches off)"
        )
        say(f"{'page':<28}{'served':>10}{'':>10}{'ratio':>7}{'rendered':>16}{'':>10}{'ratio':>7}")
        for page in large["pages"]:
            if "side_by_side_served" in page:
                cells = []
                for column in ("served", "rendered"):
                    was, now = page[f"side_by_side_{column}"]
                    verdict = "ok" if now / was <= SCALE_TIME_LIMIT else "NO"
                    cells.append(f"{was:>8.1f} ms{now:>8.1f} ms{now / was:>6.2f}x {verdict:<3}")
                say(f"{page['label']:<28}{cells[0]}   {cells[1]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[1], help="e.g. 1 100")
    parser.add_argument("--duration", type=int, default=8, help="seconds per page")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default from the cores)")
    parser.add_argument("--cache-url", help="CACHE_URL for the app, e.g. redis://127.0.0.1:6379/9")
    parser.add_argument("--keep", action="store_true", help="keep and reuse the databases")
    parser.add_argument("--no-explain", dest="explain", action="store_false")
    parser.add_argument(
        "--no-paired",
        dest="paired",
        action="store_false",
        help="compare with the trivial view measured once, not again beside each page",
    )
    parser.add_argument(
        "--uncached",
        action="store_true",
        help="also drive each public page with the page cache off (uncached column)",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--only", nargs="+", help="measure only pages whose label has this")
    args = parser.parse_args()
    ensure_wrk()
    postgres = Postgres()
    workdir = tempfile.mkdtemp(prefix="panel-bench-")
    running = []
    try:
        results = [
            measure_scale(scale, args, postgres, Path(workdir) / "static", workdir, running)
            for scale in args.scale
        ]
        if len(results) > 1:
            compare_scales(results, running)
    finally:
        for entry in running:
            for stop in entry["stop"]:
                stop()
        if not args.keep:
            for scale in args.scale:
                postgres.drop(database_name(scale))
        postgres.stop()
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    say(f"\nLogs and query plans are in {workdir}")


if __name__ == "__main__":
    main()
