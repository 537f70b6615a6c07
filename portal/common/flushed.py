"""For listeners that keep counts in step with every flush (portal.lagesbild.daily,
portal.reports.tally, portal.walks.tally, portal.audit.tally): what a flushed object held
before the flush, adding to counts in the flush's own transaction, and KeptCount, the
whole mechanism for a count of one key per object."""
from collections import Counter

from sqlalchemy import event, inspect


def committed_values(obj, names):
    """The values of `names` as the database held them before this flush (for an object
    loaded without a snapshot of them: from the attributes' history)."""
    state = inspect(obj)
    values = []
    for name in names:
        history = state.attrs[name].load_history()
        old = history.deleted or history.unchanged or history.added
        values.append(old[0] if old else None)
    return tuple(values)


def add_counts(connection, table, keys, rows):
    """Add each row's n to the row of `table` with the same `keys` (one upsert per row),
    in the caller's transaction; concurrent flushes add, neither overwrites the other."""
    if not rows:
        return
    # In one order, whichever order the changes came in: two transactions that move reports
    # across the same two keys in opposite directions would otherwise each lock one row and
    # wait for the other's (a deadlock on PostgreSQL, one of them aborted).
    rows = sorted(rows, key=lambda row: [(row[key] is None, 0 if row[key] is None else row[key])
                                         for key in keys])
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table)
    connection.execute(statement.on_conflict_do_update(
        index_elements=list(keys), set_={"n": table.c.n + statement.excluded.n}), rows)


class KeptCount:
    """How many objects of one model count under each key, kept in a table (the key's
    columns and n) in the same transaction as every flush through the ORM: after a flush,
    each new, changed or deleted object adds the difference between the key it counts under
    now and the one it counted under when loaded or last flushed (a snapshot of `fields`
    taken then, or the attributes' committed values). `key_of(*values of fields)` is a
    tuple of the key columns' values, or None for an object that does not count.
    Bulk writers that go around the ORM rebuild the table themselves."""

    def __init__(self, model, fields, key_of, table, columns):
        self.model, self.fields, self.key_of = model, tuple(fields), key_of
        self.table, self.columns = table, tuple(columns)
        self.snapshot = f"_counted_in_{table.name}"
        # Kept as attributes: a listener must be the same object each time it is named.
        self.on_load, self.on_flush = self._loaded, self._flushed

    def _values(self, obj):
        return tuple(getattr(obj, name) for name in self.fields)

    def _loaded(self, obj, _context):
        """An object read with all the fields already counts under them (kept as they are)."""
        if all(name in obj.__dict__ for name in self.fields):
            obj.__dict__[self.snapshot] = tuple(obj.__dict__[name] for name in self.fields)

    def _before(self, obj):
        values = obj.__dict__.get(self.snapshot) or committed_values(obj, self.fields)
        return self.key_of(*values)

    def _flushed(self, session, _flush_context):
        changes = Counter()
        new = [o for o in session.new if isinstance(o, self.model)]
        for obj in new + [o for o in session.dirty if isinstance(o, self.model) and session.is_modified(o)]:
            now = self._values(obj)
            changes[self.key_of(*now)] += 1
            if obj not in new:
                changes[self._before(obj)] -= 1
            obj.__dict__[self.snapshot] = now
        for obj in session.deleted:
            if isinstance(obj, self.model):
                changes[self._before(obj)] -= 1
        changes.pop(None, None)
        rows = [dict(zip(self.columns, key), n=delta) for key, delta in changes.items() if delta]
        add_counts(session.connection(), self.table, self.columns, rows)

    def listen(self, session_class):
        """Keep the count with every flush of `session_class` (once per process)."""
        if not event.contains(session_class, "after_flush", self.on_flush):
            event.listen(session_class, "after_flush", self.on_flush)
            event.listen(self.model, "load", self.on_load)
