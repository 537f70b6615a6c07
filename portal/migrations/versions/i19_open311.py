"""Open311 and open data: API keys, reports received through the API, their status
updates; a category's "sensitive" flag; indexes for GET /requests

Revision ID: i19_open311
Revises: i12_volume
"""
import sqlalchemy as sa
from alembic import op

revision = "i19_open311"
down_revision = "i12_volume"
branch_labels = None
depends_on = None

PUBLIC_PG = "is_published AND NOT is_hidden"
PUBLIC_SQLITE = "is_published = 1 AND is_hidden = 0"


def upgrade():
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("department_id", sa.Integer(), sa.ForeignKey("department.id"), nullable=True),
        sa.Column("is_trusted", sa.Boolean(), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("key_prefix", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "api_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), nullable=False),
        sa.Column("api_key_id", sa.Integer(), sa.ForeignKey("api_key.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_api_request_report_id", "api_request", ["report_id"])
    op.create_index("ix_api_request_api_key_id", "api_request", ["api_key_id"])
    op.create_table(
        "api_update",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("api_key_id", sa.Integer(), sa.ForeignKey("api_key.id"), nullable=False),
        sa.Column("update_id", sa.String(100), nullable=False),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id"), nullable=False),
        sa.Column("report_update_id", sa.Integer(), sa.ForeignKey("report_update.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("api_key_id", "update_id", name="uq_api_update_key_update_id"),
    )
    op.create_index("ix_api_update_report", "api_update", ["report_id"])
    with op.batch_alter_table("category") as batch:
        batch.add_column(sa.Column("is_sensitive", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_report_open311", "report", ["created_at", "id"],
                    postgresql_where=sa.text(PUBLIC_PG), sqlite_where=sa.text(PUBLIC_SQLITE))
    op.create_index("ix_report_open311_category", "report", ["category_id", "created_at", "id"],
                    postgresql_where=sa.text(PUBLIC_PG), sqlite_where=sa.text(PUBLIC_SQLITE))


def downgrade():
    op.drop_index("ix_report_open311_category", table_name="report")
    op.drop_index("ix_report_open311", table_name="report")
    with op.batch_alter_table("category") as batch:
        batch.drop_column("is_sensitive")
    op.drop_index("ix_api_update_report", table_name="api_update")
    op.drop_table("api_update")
    op.drop_index("ix_api_request_api_key_id", table_name="api_request")
    op.drop_index("ix_api_request_report_id", table_name="api_request")
    op.drop_table("api_request")
    op.drop_table("api_key")
