"""The access log of `make run` (gunicorn with gunicorn.conf.py) never holds a private
link's token (issue 13, finding 12)."""
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "Xq3vK9mZ_w2Lr8Tn-5sYb7Hc1PdGf4Ja.r7Kd_2mPq"  # key.signature, as walk links are


def test_gunicorn_access_log_hides_private_links(tmp_path):
    port = free_port()
    env = {**os.environ, "PORTAL_INSTANCE_PATH": str(tmp_path), "PORTAL_SECRET_KEY": "test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "portal", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        paths = [f"/arende/{TOKEN}", f"/arende/{TOKEN}/kvitto", f"/promenader/kalender/{TOKEN}.ics",
                 f"/promenader/avboka/{TOKEN}", "/rapporter?page=2"]
        deadline = time.monotonic() + 30
        for path in paths:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5)
                    break
                except urllib.error.HTTPError:
                    break  # answered 404: logged all the same
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.3)
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0]
    assert '"GET /arende/[dolt] HTTP/1.1"' in log and '"GET /arende/[dolt]/kvitto HTTP/1.1"' in log
    assert "/promenader/kalender/[dolt].ics" in log and "/rapporter?page=2" in log
    assert TOKEN.split(".")[0] not in log and TOKEN.split(".")[1] not in log


def test_an_alert_key_is_hidden_even_without_a_digit():
    from portal.access_log import HIDDEN, redact

    key = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"  # token_urlsafe can give one like it
    for path in (f"/bevakning/mina/{key}", f"/bevakning/bekrafta/{key}", f"/en/bevakning/avsluta/{key}"):
        assert key not in redact(f"GET {path} HTTP/1.1") and HIDDEN in redact(path)
