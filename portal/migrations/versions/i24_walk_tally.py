"""The walkers per walk (walk_tally: confirmed sign-ups not marked absent), so that the
lägesbild counts walkers without grouping every sign-up there has been (issue 12).

Revision ID: i24_walk_tally
Revises: i23_nearby_index
"""
import sqlalchemy as sa
from alembic import op

revision = "i24_walk_tally"
down_revision = "i23_nearby_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "walk_tally",
        sa.Column("slot_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["slot_id"], ["walk_slot.id"], name=op.f("fk_walk_tally_slot_id_walk_slot")),
        sa.PrimaryKeyConstraint("slot_id", name=op.f("pk_walk_tally")),
    )
    absent = "attended = false" if op.get_bind().dialect.name == "postgresql" else "attended = 0"
    op.execute(
        "INSERT INTO walk_tally (slot_id, n) SELECT slot_id, count(*) FROM walk_signup "
        f"WHERE status = 'confirmed' AND (attended IS NULL OR NOT ({absent})) GROUP BY slot_id"
    )


def downgrade():
    op.drop_table("walk_tally")
