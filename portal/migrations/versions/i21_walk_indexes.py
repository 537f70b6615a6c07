"""The walks' figures in the lägesbild from indexes: confirmed walkers per slot from
ix_walk_signup_slot_status alone (attended added to it), and the walks' fingerprint (the
latest promotion and cancellation) by index look-ups instead of reading every sign-up on
every view (issue 12).

Revision ID: i21_walk_indexes
Revises: i20_tally
"""
from alembic import op

revision = "i21_walk_indexes"
down_revision = "i20_tally"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("walk_signup") as batch_op:
        batch_op.drop_index("ix_walk_signup_slot_status")
        batch_op.create_index("ix_walk_signup_slot_status", ["slot_id", "status", "attended"])
        batch_op.create_index("ix_walk_signup_promoted_at", ["promoted_at"])
        batch_op.create_index("ix_walk_signup_cancelled_at", ["cancelled_at"])


def downgrade():
    with op.batch_alter_table("walk_signup") as batch_op:
        batch_op.drop_index("ix_walk_signup_cancelled_at")
        batch_op.drop_index("ix_walk_signup_promoted_at")
        batch_op.drop_index("ix_walk_signup_slot_status")
        batch_op.create_index("ix_walk_signup_slot_status", ["slot_id", "status"])
