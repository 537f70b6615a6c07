"""Gallring of walkers and of residents' descriptions; calendar keys made anew

`walk_signup.personal_data_removed_at` and `walk_report.personal_data_removed_at` mark what
`flask gallra` has cleared (so a second run finds nothing); `report.description_removed_at`
marks a resident's description replaced under the decision (reports cleared by earlier runs
still had theirs). The calendar keys are made anew, one per address: until now the page
after a sign-up showed the address's calendar link to whoever typed the address.

Revision ID: c2_gallring
Revises: 4f05ab590055
Create Date: 2026-11-30 12:00:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = "c2_gallring"
down_revision = "4f05ab590055"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("walk_signup") as batch:
        batch.add_column(sa.Column("personal_data_removed_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("walk_report") as batch:
        batch.add_column(sa.Column("personal_data_removed_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("description_removed_at", sa.DateTime(), nullable=True))
    conn = op.get_bind()
    emails = conn.execute(sa.text("SELECT DISTINCT email FROM walk_signup")).scalars().all()
    for email in emails:
        conn.execute(sa.text("UPDATE walk_signup SET calendar_key = :key WHERE email = :email"),
                     {"key": secrets.token_urlsafe(16), "email": email})


def downgrade():
    with op.batch_alter_table("report") as batch:
        batch.drop_column("description_removed_at")
    with op.batch_alter_table("walk_report") as batch:
        batch.drop_column("personal_data_removed_at")
    with op.batch_alter_table("walk_signup") as batch:
        batch.drop_column("personal_data_removed_at")
