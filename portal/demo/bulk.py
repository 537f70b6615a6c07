"""Rows collected in memory and written table by table with Core inserts: the demo's
thousands of rows load in seconds, with every value (times, ids, versions) computed first."""
import base64
import math
from collections import defaultdict

from sqlalchemy import func, insert, select, text

from portal.audit.models import AuditEntry
from portal.extensions import db


def token(rng, nbytes):
    """A URL-safe random key like secrets.token_urlsafe, but from the seeded generator."""
    return base64.urlsafe_b64encode(rng.randbytes(nbytes)).rstrip(b"=").decode("ascii")


def poisson(rng, mean):
    """Knuth's method: fine for the small daily means used here."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


class Batch:
    """Rows per table, each table's ids handed out after what the database already holds."""

    def __init__(self):
        self.rows = defaultdict(list)
        self._next = {}

    def next_id(self, model):
        table = model.__table__
        if table.name not in self._next:
            self._next[table.name] = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
        value = self._next[table.name]
        self._next[table.name] += 1
        return value

    def add(self, model, **row):
        self.rows[getattr(model, "__table__", model)].append(row)
        return row

    def audit(self, when, actor, action, summary, report_id=None, reason=None, details=None):
        """An audit entry as portal.audit.services.record writes it, at the time it happened."""
        return self.add(
            AuditEntry, created_at=when, actor_id=actor.id if actor else None,
            actor_name=actor.name if actor else "System", action=action, report_id=report_id,
            summary=summary, reason=reason, details=details,
        )

    def write(self):
        """Insert every table's rows, parents first; then move PostgreSQL's id sequences past
        the ids given here."""
        for table in db.metadata.sorted_tables:
            rows = self.rows.get(table)
            if not rows:
                continue
            keys = set().union(*(row.keys() for row in rows))
            defaults = {
                column.name: column.default.arg
                for column in table.columns
                if column.name in keys and column.default is not None and column.default.is_scalar
            }
            uniform = [{key: row.get(key, defaults.get(key)) for key in keys} for row in rows]
            db.session.execute(insert(table), uniform)
        if db.engine.dialect.name == "postgresql":
            for name in self._next:
                db.session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                    f"(SELECT MAX(id) FROM \"{name}\"))"
                ))
        db.session.flush()
