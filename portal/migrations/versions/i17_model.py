"""Efforts (insatser) and their measures, guard shifts, Trygga chefer's
meetings and actions, and the police contact's read-only role (issue 17).

Revision ID: i17_model
Revises: i18_languages
"""
import sqlalchemy as sa
from alembic import op

revision = "i17_model"
down_revision = "i18_languages"
branch_labels = None
depends_on = None

MEASURE_KINDS = ("walks", "guard_hours", "lighting", "field_workers")


ROLES_BEFORE = "role IN ('coordinator', 'handler', 'editor')"
ROLES_NOW = "role IN ('coordinator', 'handler', 'editor', 'police')"


def upgrade():
    with op.batch_alter_table("user") as batch_op:
        batch_op.drop_constraint(op.f("ck_user_user_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_user_user_role"), ROLES_NOW)
    op.create_table(
        "effort",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("area_slugs", sa.String(length=600), nullable=False),
        sa.Column("budget", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("news_item_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("first_day <= last_day", name=op.f("ck_effort_period")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], name=op.f("fk_effort_created_by_id_user")),
        sa.ForeignKeyConstraint(["news_item_id"], ["news_item.id"], name=op.f("fk_effort_news_item_id_news_item"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_effort")),
    )
    op.create_table(
        "effort_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effort_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum(*MEASURE_KINDS, name="measure_kind", native_enum=False, create_constraint=True,
                                  length=30), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["effort_id"], ["effort.id"], name=op.f("fk_effort_measure_effort_id_effort"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_effort_measure")),
    )
    op.create_index(op.f("ix_effort_measure_effort_id"), "effort_measure", ["effort_id"], unique=False)
    op.create_table(
        "guard_shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("area", sa.String(length=60), nullable=False),
        sa.Column("company", sa.String(length=120), nullable=False),
        sa.Column("planned_minutes", sa.Integer(), nullable=False),
        sa.Column("delivered_minutes", sa.Integer(), nullable=False),
        sa.Column("vandalism", sa.Integer(), nullable=False),
        sa.Column("disturbance", sa.Integer(), nullable=False),
        sa.Column("police", sa.Integer(), nullable=False),
        sa.Column("other", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("planned_minutes >= 0 AND delivered_minutes >= 0",
                           name=op.f("ck_guard_shift_minutes_not_negative")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], name=op.f("fk_guard_shift_created_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guard_shift")),
        sa.UniqueConstraint("day", "area", "company", name="uq_guard_shift_day_area_company"),
    )
    op.create_index("ix_guard_shift_day", "guard_shift", ["day"], unique=False)
    op.create_table(
        "group_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_meeting")),
    )
    op.create_index(op.f("ix_group_meeting_held_on"), "group_meeting", ["held_on"], unique=False)
    op.create_table(
        "group_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.Enum("open", "in_progress", "done", name="group_action_status", native_enum=False,
                                    create_constraint=True, length=30), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"],
                                name=op.f("fk_group_action_department_id_department")),
        sa.ForeignKeyConstraint(["meeting_id"], ["group_meeting.id"],
                                name=op.f("fk_group_action_meeting_id_group_meeting")),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], name=op.f("fk_group_action_owner_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_action")),
    )
    op.create_index(op.f("ix_group_action_meeting_id"), "group_action", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_group_action_owner_id"), "group_action", ["owner_id"], unique=False)
    op.create_table(
        "response_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["category_id"], ["category.id"], name=op.f("fk_response_template_category_id_category"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_template")),
    )
    op.create_index(op.f("ix_response_template_category_id"), "response_template", ["category_id"], unique=False)


def downgrade():
    op.execute("UPDATE \"user\" SET is_active = false, role = 'handler' WHERE role = 'police'")
    with op.batch_alter_table("user") as batch_op:
        batch_op.drop_constraint(op.f("ck_user_user_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_user_user_role"), ROLES_BEFORE)
    op.drop_table("response_template")
    op.drop_table("group_action")
    op.drop_table("group_meeting")
    op.drop_index("ix_guard_shift_day", table_name="guard_shift")
    op.drop_table("guard_shift")
    op.drop_index(op.f("ix_effort_measure_effort_id"), table_name="effort_measure")
    op.drop_table("effort_measure")
    op.drop_table("effort")
