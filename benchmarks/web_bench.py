"""Web benchmark: latency of the API under 50 concurrent clients on loopback, warm and cold.

A real server (`pacesetter serve`, uvicorn, one process: the one writer) runs over a demo
database built in a temporary folder; an admin token is made for it. The load generator runs in
its own process (asyncio + httpx, ``--clients`` connections at once) so that it does not share
the server's interpreter, and every phase is bounded in requests and in seconds.

- **warm**: the same request repeated; after the first, each is answered from the response cache
  (keyed by data version). No ``If-None-Match`` is sent, so every answer carries its full body.
- **cold**: every request carries a query parameter of its own (``_cold=<n>``, ignored by the
  routes but part of the cache key), so each is computed afresh at the same data version, as the
  first request after a write would be. Many run at once, so cold times include queueing.

Target (issue 14): warm p99 under 150 ms on the 2-core development machine; cold as measured.

Pages (issue 15): first render of the overview and the VR chain page in headless Chromium (Debian's
``chromium``, driven by Playwright), signed in once: the time from the start of the navigation
until every chart on the page has drawn (each ``[data-chart]`` has ``data-rendered=1``), read
from the page's own clock (``performance.now()``, which starts with the navigation). **cold** is
the first view after the data version moved on (an unchanged export imported again: a write that
changes no row), so nothing the server caches by version helps; **warm** the same page viewed
again at once. Median of ``--renders`` rounds; target under 1.5 s.

Usage: python benchmarks/web_bench.py [--clients 50] [--warm 2000] [--cold 200] [--seconds 30]
       [--renders 5] [--pages-only]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

TARGET_MS = 150.0
PAGE_TARGET_S = 1.5
PAGES = [("overview", "/"), ("chain page (vr)", "/chains/vr")]
PASSWORD = "benchmark password"
# once every chart on the page has drawn: [ms since the navigation started, ms until the page's
# HTML had arrived (the server's part)]; false before
DRAWN_AT = """() => {
  const charts = [...document.querySelectorAll('[data-chart]')];
  const html = performance.getEntriesByType('navigation')[0].responseEnd;
  const drawn = charts.length > 0 && charts.every((e) => e.dataset.rendered === '1');
  return drawn ? [performance.now(), html] : false;
}"""
Timed = tuple[list[float], list[float], list[float]]  # cold, warm, cold HTML arrived (seconds)
ENDPOINTS = [
    ("observation list", "/api/v1/observations?region=370200"),
    ("overview", "/api/v1/overview"),
    ("chain diagnosis (ic)", "/api/v1/chains/ic"),
    ("project list", "/api/v1/projects"),
]


def free_port() -> int:
    """A port free on loopback now (the server binds it a moment later)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def build(folder: Path) -> tuple[Path, str]:
    """The demo database in ``folder`` and a bearer token of an admin of it."""
    from pacesetter.workspace import demo

    db = folder / "demo.duckdb"
    with demo(db, force=True) as ws:
        ws.users.add("bench", "admin", PASSWORD)
        token = ws.users.token("bench", label="web_bench")
    return db, token


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    """`pacesetter serve` on loopback, in its own process group; returns once it answers."""
    cmd = [sys.executable, "-m", "pacesetter", "--db", str(db), "serve", "--host", "127.0.0.1",
           "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            said = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"the server did not start: {said}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    stop_server(proc)
    raise SystemExit("the server did not answer within 60 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (uvicorn shuts down cleanly), then SIGKILL if it lingers."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


Timings = list[tuple[float, str]]


def asking(token: str) -> dict[str, str]:
    """The headers of every request: the token, and English (the language is part of the cache key)."""
    return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}


async def _load(base: str, token: str, paths: list[str], clients: int, seconds: float) -> Timings:
    """Send ``paths`` (in order) with ``clients`` at once until done or ``seconds`` pass;
    (latency in seconds, status code or the transport error's name) of each request sent."""
    queue = iter(paths)
    out: Timings = []
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=asking(token), limits=limits, timeout=60) as client:

        async def worker() -> None:
            for path in queue:
                if time.monotonic() > deadline:
                    return
                start = time.perf_counter()
                try:
                    status = str((await client.get(path)).status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                out.append((time.perf_counter() - start, status))

        await asyncio.gather(*(worker() for _ in range(clients)))
    return out


def _generator(base: str, token: str, paths: list[str], clients: int, seconds: float,
               results: mp.Queue[Timings]) -> None:
    results.put(asyncio.run(_load(base, token, paths, clients, seconds)))


def load(base: str, token: str, paths: list[str], clients: int, seconds: float) -> Timings:
    """:func:`_load` in a process of its own (spawned: nothing of this one comes with it)."""
    ctx = mp.get_context("spawn")
    results: mp.Queue[Timings] = ctx.Queue()
    proc = ctx.Process(target=_generator, args=(base, token, paths, clients, seconds, results))
    proc.start()
    out = results.get(timeout=seconds + 120)
    proc.join()
    return out


def quantile_ms(latencies: list[float], q: float) -> float:
    """The ``q`` quantile of ``latencies`` (seconds) in milliseconds (inclusive method)."""
    if len(latencies) < 2:
        return latencies[0] * 1000 if latencies else float("nan")
    return statistics.quantiles(latencies, n=100, method="inclusive")[round(q * 100) - 1] * 1000


def bump(base: str, token: str) -> None:
    """Move the server's data version on without changing a row: export the policies and import
    the file unchanged (an import is a data write, whatever it changes)."""
    with httpx.Client(base_url=base, headers=asking(token), timeout=120) as client:
        exported = client.get("/api/v1/export/policies", params={"format": "csv"})
        exported.raise_for_status()
        answer = client.post("/api/v1/imports", files={"file": ("policies.csv", exported.content)})
        answer.raise_for_status()
        if answer.json()["added"] or answer.json()["changed"]:
            raise SystemExit(f"the unchanged export changed rows: {answer.text[:300]}")


def render_times(base: str, token: str, rounds: int) -> dict[str, Timed]:
    """Per page: seconds from navigation start until every chart has drawn, cold and warm, and
    until the cold page's HTML had arrived."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("the page timings need Debian's chromium (apt-get install chromium)")
    if httpx.get(f"{base}/signin", timeout=30).status_code != 200:
        raise SystemExit("the server answers no sign-in page: `pacesetter serve` must serve the pages "
                         "(pacesetter.web.create_app)")
    out: dict[str, Timed] = {name: ([], [], []) for name, _ in PAGES}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()
        page.goto(f"{base}/signin")
        page.fill("input[name=name]", "bench")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        for _ in range(rounds):
            for name, path in PAGES:
                bump(base, token)
                cold, warm, html = out[name]
                for times in (cold, warm):
                    page.goto(base + path)
                    found = page.wait_for_function(DRAWN_AT, polling="raf", timeout=60000)
                    drawn, arrived = found.json_value()
                    times.append(float(drawn) / 1000)
                    if times is cold:
                        html.append(float(arrived) / 1000)
        browser.close()
    return out


def print_renders(renders: dict[str, Timed]) -> None:
    print(f"\nfirst render in headless Chromium (1366×768), navigation start → every chart drawn; "
          f"median of {len(next(iter(renders.values()))[0])}; html: when the cold page's HTML had arrived")
    print(f"{'page':22} {'cold':>8} {'warm':>8}   {'min–max cold':>14} {'html':>8}   < {PAGE_TARGET_S} s")
    for name, (cold, warm, html) in renders.items():
        c, w = statistics.median(cold), statistics.median(warm)
        print(f"{name:22} {c:7.2f}s {w:7.2f}s   {min(cold):5.2f}–{max(cold):5.2f} s "
              f"{statistics.median(html):7.2f}s   {'yes' if max(c, w) < PAGE_TARGET_S else 'NO'}")


def with_param(path: str, param: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{param}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--warm", type=int, default=2000, help="warm requests per endpoint")
    parser.add_argument("--cold", type=int, default=200, help="cold requests per endpoint")
    parser.add_argument("--seconds", type=float, default=30.0, help="time bound of each phase")
    parser.add_argument("--renders", type=int, default=5, help="rounds of page renders (at least 3)")
    parser.add_argument("--pages-only", action="store_true", help="time the page renders only")
    args = parser.parse_args()
    if args.renders < 3:
        parser.error("--renders: at least 3 (the median of fewer says little)")
    with tempfile.TemporaryDirectory() as tmp:
        print("building the demo database…", flush=True)
        db, token = build(Path(tmp))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(db, port)
        rows = []
        try:
            print("page renders…", flush=True)
            renders = render_times(base, token, args.renders)
            for name, path in [] if args.pages_only else ENDPOINTS:
                print(f"{name}…", flush=True)
                # the first request fills the cache for the warm phase: the same headers (language)
                first = httpx.get(base + path, headers=asking(token), timeout=120)
                if first.status_code != 200:
                    raise SystemExit(f"{path} answered {first.status_code}: {first.text[:300]}")
                warm = load(base, token, [path] * args.warm, args.clients, args.seconds)
                cold = load(base, token, [with_param(path, f"_cold={i}") for i in range(args.cold)],
                            args.clients, args.seconds)
                rows.append((name, warm, cold))
        finally:
            stop_server(server)
    print_renders(renders)
    if args.pages_only:
        print(f"load: {os.getloadavg()[0]:.1f} (1-minute average), {os.cpu_count()} cores")
        return
    print(f"\n{args.clients} concurrent clients on loopback, load generator in its own process; "
          f"phases bounded by {args.seconds:.0f} s")
    print("warm: the same request repeated (response cache, keyed by data version); "
          "cold: a unique ignored query parameter per request (each computed afresh)")
    header = f"{'endpoint':22} {'warm p50':>9} {'warm p99':>9} {'n':>6} {'err':>4}   " \
             f"{'cold p50':>9} {'cold p99':>9} {'n':>5} {'err':>4}   warm p99 < {TARGET_MS:.0f} ms"
    print(header)
    errors: list[str] = []
    for name, warm, cold in rows:
        for phase, timings in (("warm", warm), ("cold", cold)):
            bad = Counter(status for _, status in timings if status != "200")
            errors += [f"{name}, {phase}: {n} × {status}" for status, n in sorted(bad.items())]
        w = [s for s, _ in warm]
        c = [s for s, _ in cold]
        werr = sum(status != "200" for _, status in warm)
        cerr = sum(status != "200" for _, status in cold)
        wp99 = quantile_ms(w, 0.99)
        print(f"{name:22} {quantile_ms(w, 0.5):7.1f}ms {wp99:7.1f}ms {len(w):6} {werr:4}   "
              f"{quantile_ms(c, 0.5):7.1f}ms {quantile_ms(c, 0.99):7.1f}ms {len(c):5} {cerr:4}   "
              f"{'yes' if wp99 < TARGET_MS else 'NO'}")
    print("\n".join(["errors (status or transport error):", *errors]) if errors else "no errors")
    print(f"load: {os.getloadavg()[0]:.1f} (1-minute average), {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
