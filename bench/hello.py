"""The bare Flask app bench/throughput.py measures the portal against: one route that
answers every path with a short text, no extensions, no database, no templates."""
from flask import Flask

app = Flask(__name__)


@app.route("/", defaults={"path": ""})
@app.route("/<path:path>")
def hello(path):
    return "Hello"
