"""Where a public page spends its time: pyinstrument over many requests to it, through the
Flask test client, on the demo content in a temporary SQLite database.

    .venv/bin/python bench/profile_pages.py / /rapporter --requests 200

Needs pyinstrument (`pip install -e '.[bench]'`). Prints a call tree per page; the
per-request work that every page shares (session, limiter, menus) shows at the top.
"""
import argparse
import os
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--encoding", default="gzip, br", help="Accept-Encoding to send")
    args = parser.parse_args()
    from pyinstrument import Profiler

    with tempfile.TemporaryDirectory(prefix="profile-") as folder:
        os.environ["PORTAL_INSTANCE_PATH"] = folder
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/portal.sqlite3"
        os.environ["PORTAL_SECRET_KEY"] = secrets.token_hex(32)
        from portal import create_app

        app = create_app()
        runner = app.test_cli_runner()
        runner.invoke(args=["db", "upgrade"])
        runner.invoke(args=["demo"])
        client = app.test_client()
        headers = {"Accept-Encoding": args.encoding}
        for page in args.pages:
            for _ in range(5):  # warm: templates compiled, caches filled
                client.get(page, headers=headers)
            profiler = Profiler(interval=0.0002)
            with profiler:
                for _ in range(args.requests):
                    response = client.get(page, headers=headers)
            print(f"== {page}: {response.status_code}, {len(response.data)} bytes, "
                  f"{profiler.last_session.duration / args.requests * 1000:.2f} ms a request")
            print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
