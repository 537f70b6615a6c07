"""The resident's language: reports, walk sign-ups, walk reports and mail remember the
language they were made in (issue 18); text from the database in other languages

Revision ID: i18_languages
Revises: i15_residents

Existing rows were all made in Swedish: the columns default to "sv".
`text_translation` holds a coordinator's translation of one field of one row
(a category's name, description or notice, a status name, an area, the walk rules).
"""
import sqlalchemy as sa
from alembic import op

revision = "i18_languages"
down_revision = "i15_residents"
branch_labels = None
depends_on = None

TABLES = ("report", "walk_signup", "walk_report", "outbox_message")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("locale", sa.String(16), nullable=False, server_default="sv"))
    op.create_table(
        "text_translation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_translation")),
        sa.UniqueConstraint("kind", "key", "field", "locale", name="uq_text_translation_kind"),
    )


def downgrade():
    op.drop_table("text_translation")
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("locale")
