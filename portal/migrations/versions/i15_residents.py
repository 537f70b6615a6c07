"""Residents in the loop: subscribers, their alerts (by area, radius, category or one
report), the alert job's windows, me-too votes, reporters' additions, the "is it still
fixed?" answers, and the one-click unsubscribe URL of a mail

Revision ID: i15_residents
Revises: i16_signin
"""
import sqlalchemy as sa
from alembic import op

revision = "i15_residents"
down_revision = "i16_signin"
branch_labels = None
depends_on = None

ACTIVE = "confirmed_at IS NOT NULL AND ended_at IS NULL"


def upgrade():
    op.create_table(
        "subscriber",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("locale", sa.String(16), nullable=False, server_default="sv"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subscriber_id", sa.Integer(), sa.ForeignKey("subscriber.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("area_slug", sa.String(60)),
        sa.Column("category_id", sa.Integer(), sa.ForeignKey("category.id")),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), index=True),
        sa.Column("lat", sa.Double()),
        sa.Column("lon", sa.Double()),
        sa.Column("radius_m", sa.Integer()),
        sa.Column("south", sa.Double()),
        sa.Column("west", sa.Double()),
        sa.Column("north", sa.Double()),
        sa.Column("east", sa.Double()),
        sa.Column("with_changes", sa.Boolean(), nullable=False),
        sa.Column("frequency", sa.String(10), nullable=False),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("locale", sa.String(16), nullable=False, server_default="sv"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime()),
        sa.Column("ended_at", sa.DateTime()),
        sa.Column("last_sent_at", sa.DateTime()),
    )
    op.create_index("ix_alert_active", "alert", ["frequency", "id"],
                    postgresql_where=sa.text(ACTIVE), sqlite_where=sa.text(ACTIVE))
    op.create_table(
        "alert_run",
        sa.Column("frequency", sa.String(10), primary_key=True),
        sa.Column("until", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "me_too",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), nullable=False),
        sa.Column("voter", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("report_id", "voter", name="uq_me_too_report_voter"),
    )
    op.create_table(
        "report_addition",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), nullable=False, index=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("photo_count", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False, server_default="sv"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "fixed_survey",
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), primary_key=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime()),
        sa.Column("stayed_fixed", sa.Boolean()),
        sa.Column("comment", sa.Text()),
        sa.Column("locale", sa.String(16), nullable=False, server_default="sv"),
    )
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("list_unsubscribe", sa.String(500)))


def downgrade():
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("list_unsubscribe")
    op.drop_table("fixed_survey")
    op.drop_table("report_addition")
    op.drop_table("me_too")
    op.drop_table("alert_run")
    op.drop_index("ix_alert_active", table_name="alert")
    op.drop_table("alert")
    op.drop_table("subscriber")
