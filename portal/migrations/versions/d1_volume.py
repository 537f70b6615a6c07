"""Speed at volume: the lägesbild's daily counts, indexes for the public list and open
reports, and text search

Revision ID: d1_volume
Revises: 4f05ab590055

PostgreSQL: trigram indexes (pg_trgm) on the reports' searched text, so that the queue's
substring search is an index look-up, and a GIN full-text index (Swedish); SQLite: an FTS5
table kept by triggers. The daily counts are filled from the existing reports.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d1_volume"
down_revision = "e_invariants"
branch_labels = None
depends_on = None

SEARCHED = ("description", "place", "public_title", "public_text")
# The searched text as one Swedish document; portal/desk/search.py uses the same expression.
FTS_DOCUMENT = ("to_tsvector('swedish'::regconfig, coalesce(description, '') || ' ' || coalesce(place, '') "
                "|| ' ' || coalesce(public_title, '') || ' ' || coalesce(public_text, ''))")
CLOSED = "('duplicate', 'fixed', 'not_responsible', 'rejected', 'unable_to_fix')"


def upgrade():
    # The lägesbild's daily counts (portal/lagesbild/daily.py), filled from the reports.
    op.create_table(
        "lagesbild_count",
        sa.Column("kind", sa.SmallInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=60), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "day", "category_id", "department_id", "area", "hours",
                                name=op.f("pk_lagesbild_count")),
    )
    op.create_index("ix_lagesbild_count_sums", "lagesbild_count",
                    ["kind", "day", "category_id", "department_id", "area", "hours"], postgresql_include=["n"])
    from flask import current_app

    from portal.areas import parse_areas
    from portal.lagesbild.grid import map_grid
    from portal.lagesbild.daily import rebuild_daily_counts

    config = current_app.config
    layout = (parse_areas(config["AREAS"], config["MAP_BOUNDS"]), map_grid())
    rebuild_daily_counts(connection=op.get_bind(), layout=layout)

    postgres = op.get_bind().dialect.name == "postgresql"
    public = "is_published AND NOT is_hidden" if postgres else "is_published = 1 AND is_hidden = 0"
    # /rapporter: newest published first, whole or by category and status; deep pages
    # read only this index (the page's rows are then fetched by id).
    op.create_index("ix_report_public_list", "report", ["published_at", "id"],
                    postgresql_where=sa.text(public), sqlite_where=sa.text(public))
    op.create_index("ix_report_public_category", "report", ["category_id", "status", "published_at", "id"],
                    postgresql_where=sa.text(public), sqlite_where=sa.text(public))
    # The lägesbild's reports not yet closed (few of many), by time of receipt.
    op.create_index("ix_report_unclosed", "report",
                    ["created_at", "category_id", "department_id", "status", "lat", "lon"],
                    postgresql_where=sa.text("closed_at IS NULL"), sqlite_where=sa.text("closed_at IS NULL"))
    # The overview and the queue's "needs attention": open reports are few of many.
    op.create_index("ix_report_open", "report", ["created_at", "category_id", "department_id"],
                    postgresql_where=sa.text(f"status NOT IN {CLOSED}"),
                    sqlite_where=sa.text(f"status NOT IN {CLOSED}"))
    # The queue's text search (ILIKE '%…%'): trigram indexes on PostgreSQL. SQLite gets
    # plain indexes of the same names (the models declare one set for both).
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        op.create_index(f"ix_report_{column}_trgm", "report", [column], postgresql_using="gin",
                        postgresql_ops={column: "gin_trgm_ops"})
    # Full-text search of the same text (portal/desk/search.py): a GIN expression index on
    # PostgreSQL (Swedish stemming), an FTS5 table kept by triggers on SQLite. Named fts_…:
    # database-specific objects the models do not declare (see tests/test_site.py).
    if postgres:
        op.execute(f"CREATE INDEX fts_report ON report USING gin ({FTS_DOCUMENT})")
    else:
        op.execute("CREATE VIRTUAL TABLE fts_report USING fts5(description, place, public_title, "
                   "public_text, content='report', content_rowid='id')")
        new = "new.id, new.description, new.place, new.public_title, new.public_text"
        old = "'delete', old.id, old.description, old.place, old.public_title, old.public_text"
        into = "INSERT INTO fts_report(rowid, description, place, public_title, public_text)"
        remove = "INSERT INTO fts_report(fts_report, rowid, description, place, public_title, public_text)"
        op.execute(f"CREATE TRIGGER fts_report_insert AFTER INSERT ON report BEGIN {into} VALUES ({new}); END")
        op.execute(f"CREATE TRIGGER fts_report_delete AFTER DELETE ON report BEGIN {remove} VALUES ({old}); END")
        op.execute("CREATE TRIGGER fts_report_update AFTER UPDATE OF description, place, public_title, "
                   f"public_text ON report BEGIN {remove} VALUES ({old}); {into} VALUES ({new}); END")
        op.execute("INSERT INTO fts_report(fts_report) VALUES ('rebuild')")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX fts_report")
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER fts_report_{trigger}")
        op.execute("DROP TABLE fts_report")
    for column in SEARCHED:
        op.drop_index(f"ix_report_{column}_trgm", table_name="report")
    op.drop_index("ix_report_open", table_name="report")
    op.drop_index("ix_report_unclosed", table_name="report")
    op.drop_index("ix_report_public_category", table_name="report")
    op.drop_index("ix_report_public_list", table_name="report")
    op.drop_index("ix_lagesbild_count_sums", table_name="lagesbild_count")
    op.drop_table("lagesbild_count")
