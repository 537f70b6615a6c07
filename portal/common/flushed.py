"""For listeners that keep counts in step with every flush (portal.lagesbild.daily,
portal.reports.tally, portal.audit.tally): what a flushed object held before the flush,
and adding to counts in the flush's own transaction."""
from sqlalchemy import inspect


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
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table)
    connection.execute(statement.on_conflict_do_update(
        index_elements=list(keys), set_={"n": table.c.n + statement.excluded.n}), rows)
