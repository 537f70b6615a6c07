"""Throughput of the public pages against a bare Flask app, both under the same gunicorn.

    .venv/bin/python bench/throughput.py                 # every public page, 5 s each
    .venv/bin/python bench/throughput.py --duration 10 --only / /rapporter

Loads the demo content (`flask demo`) into a temporary SQLite database, starts the portal
(wsgi:app) and bench/hello.py with the same gunicorn settings on free ports of 127.0.0.1,
and runs `wrk` (Debian: apt-get install wrk) against one and then the other for every
public page, so that both see the same load from the rest of the machine. Prints the
requests per second of each and the portal's share of hello's. Targets: every page at
least 40 % of hello, the front page and the feeds at least 60 %.

Requests carry `Accept-Encoding: gzip, br` as a browser's do (so the portal pays for
compressing its pages); --no-compression sends none.
"""
import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
# The same for the portal and hello: two sync workers (one request at a time each, as
# the README's deployment), access log off, as behind a proxy that logs.
GUNICORN = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning"]
FEEDS = ["/rapporter/rss.xml", "/promenader/rss.xml", "/nyheter/rss.xml",
         "/nyheter/atom.xml", "/evenemang/rss.xml"]
# page (or a pattern its list page links to, for the pages of one item) -> target share
PAGES = [
    ("/", 0.6), ("/rapporter", 0.4), (r"/rapporter/\d+", 0.4), ("/promenader", 0.4),
    (r"/promenader/\d+", 0.4), ("/nyheter", 0.4), (r"/nyheter/(?!rss|atom|bild)[\w-]+", 0.4),
    ("/evenemang", 0.4), (r"/evenemang/\d+", 0.4), ("/lagesbild", 0.4), ("/rapportera", 0.4),
    ("/tillganglighet", 0.4), ("/integritet", 0.4),
] + [(feed, 0.6) for feed in FEEDS]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn for {url} stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer within {seconds} s")


def serve(stack, app, port, env, config):
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), *GUNICORN, "--config", str(config), "--bind", f"127.0.0.1:{port}", app],
        cwd=ROOT, env=env,
    )
    stack.callback(process.wait, 10)
    stack.callback(process.terminate)
    return process


def resolve(base, page):
    """A concrete path for `page`: itself, or the first link on its list page that fits."""
    if not any(char in page for char in "\\(?"):
        return page
    list_page = "/" + page.strip("/").split("/")[0]
    with urllib.request.urlopen(base + list_page) as response:
        html = response.read().decode()
    match = re.search(rf'href="({page})"', html)
    return match[1] if match else None


def wrk(url, duration, threads, connections, headers):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, int(errors[1]) if errors else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per page and app")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--no-compression", action="store_true")
    parser.add_argument("--only", nargs="*", help="just these pages (as in the table)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: install it with `sudo apt-get install wrk` (Debian, Ubuntu).")
    headers = [] if args.no_compression else ["Accept-Encoding: gzip, br"]

    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="throughput-")))
        env = {
            **os.environ,
            "PORTAL_INSTANCE_PATH": str(folder),
            "DATABASE_URL": f"sqlite:///{folder / 'portal.sqlite3'}",
            "PORTAL_SECRET_KEY": secrets.token_hex(32),
            "PORTAL_SESSION_COOKIE_SECURE": "false",
        }
        flask = [str(VENV_BIN / "flask"), "--app", "portal"]
        for command in (["db", "upgrade"], ["demo"]):
            subprocess.run(flask + command, cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)
        # An empty config file for both: gunicorn would otherwise read the repository's
        # gunicorn.conf.py (an access log, and a mail sender hello has no settings for).
        config = folder / "gunicorn.conf.py"
        config.write_text("")
        portal_port, hello_port = free_port(), free_port()
        portal = serve(stack, "wsgi:app", portal_port, env, config)
        hello = serve(stack, "bench.hello:app", hello_port, env, config)
        portal_base = f"http://127.0.0.1:{portal_port}"
        hello_base = f"http://127.0.0.1:{hello_port}"
        wait_until_up(portal_base + "/healthz", portal)
        wait_until_up(hello_base + "/", hello)

        print(f"gunicorn {' '.join(GUNICORN)}; wrk -t{args.threads} -c{args.connections} "
              f"-d{args.duration}s; {', '.join(headers) or 'no Accept-Encoding'}")
        print(f"{'page':<28} {'portal req/s':>12} {'hello req/s':>12} {'share':>6}  target")
        missed = 0
        for page, target in PAGES:
            if args.only and page not in args.only:
                continue
            path = resolve(portal_base, page)
            if path is None:
                print(f"{page:<28} (no such page in the demo content)")
                continue
            portal_rate, errors = wrk(portal_base + path, args.duration, args.threads,
                                      args.connections, headers)
            hello_rate, _ = wrk(hello_base + path, args.duration, args.threads,
                                args.connections, headers)
            share = portal_rate / hello_rate
            verdict = "ok" if share >= target else "MISSED"
            missed += share < target
            note = f"  ({errors} errors)" if errors else ""
            print(f"{path:<28} {portal_rate:>12.0f} {hello_rate:>12.0f} {share:>6.0%}  "
                  f"≥ {target:.0%} {verdict}{note}", flush=True)
        print("every page met its target" if not missed else f"{missed} pages missed their target")


if __name__ == "__main__":
    main()
