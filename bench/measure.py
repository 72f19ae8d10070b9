"""How the benchmark measures a page: one request, its weight, its time alone, wrk, a fixed rate.

Plain HTTP to the local gunicorn, with the header a TLS proxy would add. No Django here.
"""

import asyncio
import gzip
import http.client
import re
import statistics
import subprocess
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import brotli

PROXY = {"X-Forwarded-Proto": "https"}


class Fetched:
    def __init__(self, status, headers, body, wire):
        self.status, self.headers, self.body, self.wire = status, headers, body, wire


def fetch(port, path, headers=None):
    """One GET, as a browser behind the proxy sends it; `wire` counts headers and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=90)
    try:
        connection.request("GET", path, headers={**PROXY, **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        head = sum(len(k) + len(v) + 4 for k, v in response.getheaders()) + 17
        return Fetched(response.status, response.headers, body, head + len(body))
    finally:
        connection.close()


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (tag == "script" and attrs.get("src")) or (
            tag in {"img", "source", "video", "audio"} and attrs.get("src")
        ):
            self.urls.append(attrs["src"])
        elif tag == "link" and attrs.get("href") and not attrs["href"].startswith("data:"):
            rel = (attrs.get("rel") or "").lower()
            if any(word in rel for word in ("stylesheet", "icon", "preload", "manifest")):
                self.urls.append(attrs["href"])


def page_weight(port, page, encoding):
    """Bytes on the wire for the page and everything it loads, cold cache; other hosts named."""
    headers = {"Accept-Encoding": encoding}
    if page.get("cookie"):
        headers["Cookie"] = page["cookie"]
    html = fetch(port, page["url"], headers)
    total, foreign, seen = html.wire, [], set()
    text = decode(html)
    parser = Assets()
    parser.feed(text)
    queue = [urljoin(page["url"], url) for url in parser.urls]
    while queue:
        url = queue.pop()
        parts = urlsplit(url)
        if parts.netloc and parts.netloc not in {f"127.0.0.1:{port}", f"localhost:{port}"}:
            foreign.append(url)
            continue
        if parts.path in seen:
            continue
        seen.add(parts.path)
        asset = fetch(port, parts.path, {"Accept-Encoding": encoding})
        total += asset.wire
        if parts.path.endswith(".css"):
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", decode(asset)):
                if not ref.startswith(("data:", "#")):
                    queue.append(urljoin(url, ref))
    return total, foreign


def decode(fetched):
    encoding = fetched.headers.get("Content-Encoding", "")
    body = fetched.body
    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "br":
        body = brotli.decompress(body)
    return body.decode("utf-8", "replace")


def alone_ms(port, page, times=30, budget_seconds=6):
    """Median time for one request with nothing else running: the page's own time."""
    headers = {"Cookie": page["cookie"]} if page.get("cookie") else {}
    samples = []
    deadline = time.monotonic() + budget_seconds
    while len(samples) < times and (len(samples) < 3 or time.monotonic() < deadline):
        started = time.perf_counter()
        fetch(port, page["url"], headers)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(port, page, args, extra_headers=None):
    headers = {**PROXY, **(extra_headers or {})}
    if page.get("cookie"):
        headers["Cookie"] = page["cookie"]
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency"] + [part for k, v in headers.items() for part in ("-H", f"{k}: {v}")]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{page['url']}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for percent in ("50", "75", "90", "99"):
        value, unit = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)", out).groups()
        result[f"p{percent}"] = float(value) * UNITS[unit]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["errors"] = int(bad.group(1)) if bad else 0
    return result


async def fixed_rate(port, path, headers, rate, seconds):
    """Send `rate` requests a second for `seconds`, each timed from when it was due."""
    loop = asyncio.get_running_loop()
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in {**PROXY, **headers}.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    start = loop.time() + 0.2
    latencies, statuses = [], {}

    async def one(index):
        due = start + index / rate
        await asyncio.sleep(max(0, due - loop.time()))
        status = 0
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            await writer.drain()
            data = await reader.read()
            writer.close()
            status = int(data.split(b" ", 2)[1])
        except (OSError, ValueError, IndexError):
            pass
        latencies.append((loop.time() - due) * 1000)
        statuses[status] = statuses.get(status, 0) + 1

    await asyncio.gather(*(one(i) for i in range(int(rate * seconds))))
    elapsed = loop.time() - start
    latencies.sort()
    return {
        "sent": len(latencies),
        "achieved_rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2],
        "p95": latencies[int(len(latencies) * 0.95)],
        "p99": latencies[int(len(latencies) * 0.99)],
        "statuses": statuses,
    }


def side_by_side_ms(port_a, page_a, port_b, page_b, rounds=40):
    """Median times of two pages fetched in turn, one request each, `rounds` times.

    Two scales served at once and sampled alternately see the same machine: on a shared
    one, timing each scale in its own minutes compares the neighbours as much as the pages.
    """
    samples = ([], [])
    pairs = ((port_a, page_a), (port_b, page_b))
    for _ in range(rounds):
        for samples_of, (port, page) in zip(samples, pairs, strict=True):
            headers = {"Cookie": page["cookie"]} if page.get("cookie") else {}
            started = time.perf_counter()
            fetch(port, page["url"], headers)
            samples_of.append((time.perf_counter() - started) * 1000)
    return tuple(statistics.median(one) for one in samples)
