"""The database holds the rules that were only in Python: a report's status, closed_at and
duplicate_of_id agree, is_published goes with published_at, one active place per email
and walk, and a mail's attachments go with it.

Revision ID: e_invariants
Revises: 4f05ab590055
"""
import sqlalchemy as sa
from alembic import op

revision = "e_invariants"
down_revision = "c2_gallring"
branch_labels = None
depends_on = None

CLOSED = "'duplicate', 'fixed', 'not_responsible', 'rejected', 'unable_to_fix'"
REPORT_CHECKS = {
    "closed_at_when_closed": f"(status IN ({CLOSED})) = (closed_at IS NOT NULL)",
    "duplicate_of_when_duplicate": "(status = 'duplicate') = (duplicate_of_id IS NOT NULL)",
    "not_duplicate_of_itself": "duplicate_of_id <> id",
    "published_at_when_published": "is_published = (published_at IS NOT NULL)",
}
# An address removed by gallra ("") holds no place, so several such rows may share a walk.
ACTIVE_SIGNUP = "status IN ('confirmed', 'waiting') AND email <> ''"
ATTACHMENT_FK = "fk_outbox_attachment_message_id_outbox_message"


def upgrade():
    # Rows written before the rules were enforced: bring them in line, never lose a report.
    op.execute(f"UPDATE report SET closed_at = updated_at WHERE status IN ({CLOSED}) AND closed_at IS NULL")
    op.execute(f"UPDATE report SET closed_at = NULL WHERE status NOT IN ({CLOSED})")
    op.execute("UPDATE report SET duplicate_of_id = NULL WHERE status <> 'duplicate' OR duplicate_of_id = id")
    op.execute("UPDATE report SET published_at = COALESCE(responded_at, updated_at) "
               "WHERE is_published AND published_at IS NULL")
    op.execute("UPDATE report SET published_at = NULL WHERE NOT is_published")
    with op.batch_alter_table("report") as batch_op:
        for name, condition in REPORT_CHECKS.items():
            batch_op.create_check_constraint(op.f(f"ck_report_{name}"), condition)
    with op.batch_alter_table("walk_signup") as batch_op:
        batch_op.create_index(
            "uq_walk_signup_active_email", ["slot_id", "email"], unique=True,
            sqlite_where=sa.text(ACTIVE_SIGNUP), postgresql_where=sa.text(ACTIVE_SIGNUP),
        )
    with op.batch_alter_table("outbox_attachment") as batch_op:
        batch_op.drop_constraint(op.f(ATTACHMENT_FK), type_="foreignkey")
        batch_op.create_foreign_key(
            op.f(ATTACHMENT_FK), "outbox_message", ["message_id"], ["id"], ondelete="CASCADE"
        )


def downgrade():
    with op.batch_alter_table("outbox_attachment") as batch_op:
        batch_op.drop_constraint(op.f(ATTACHMENT_FK), type_="foreignkey")
        batch_op.create_foreign_key(op.f(ATTACHMENT_FK), "outbox_message", ["message_id"], ["id"])
    with op.batch_alter_table("walk_signup") as batch_op:
        batch_op.drop_index("uq_walk_signup_active_email")
    with op.batch_alter_table("report") as batch_op:
        for name in reversed(REPORT_CHECKS):
            batch_op.drop_constraint(op.f(f"ck_report_{name}"), type_="check")
