"""What a flushed object held before the flush, for listeners that keep counts in step
with it (portal.lagesbild.daily, portal.reports.tally)."""
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
