"""Evening walks: slots, series, sign-ups with the waiting list, walk reports

Self-contained: only the walk tables. Times are naive UTC like every other column.

Revision ID: 2f2c2b1f0f4c
Revises: 45b1b1648309
Create Date: 2026-11-25 05:50:39.252681

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2f2c2b1f0f4c'
down_revision = '45b1b1648309'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('walk_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('weekdays', sa.String(length=20), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_walk_series_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_walk_series'))
    )
    op.create_table('walk_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('meeting_point', sa.String(length=300), nullable=False),
    sa.Column('meeting_lat', sa.Double(), nullable=True),
    sa.Column('meeting_lon', sa.Double(), nullable=True),
    sa.Column('area', sa.String(length=300), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('min_walkers', sa.Integer(), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('under_minimum_notified_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(meeting_lat IS NULL) = (meeting_lon IS NULL)', name=op.f('ck_walk_slot_position_complete')),
    sa.CheckConstraint('capacity >= min_walkers', name=op.f('ck_walk_slot_capacity_covers_minimum')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_walk_slot_ends_after_start')),
    sa.ForeignKeyConstraint(['series_id'], ['walk_series.id'], name=op.f('fk_walk_slot_series_id_walk_series')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_walk_slot'))
    )
    with op.batch_alter_table('walk_slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_walk_slot_series_id'), ['series_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_walk_slot_starts_at'), ['starts_at'], unique=False)

    op.create_table('walk_signup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('is_first_walk', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('confirmed', 'waiting', 'cancelled', name='walk_signup_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('promoted_at', sa.DateTime(), nullable=True),
    sa.Column('reminder_sent_at', sa.DateTime(), nullable=True),
    sa.Column('report_request_sent_at', sa.DateTime(), nullable=True),
    sa.Column('link_key', sa.String(length=32), nullable=False),
    sa.Column('calendar_key', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['slot_id'], ['walk_slot.id'], name=op.f('fk_walk_signup_slot_id_walk_slot')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_walk_signup')),
    sa.UniqueConstraint('link_key', name=op.f('uq_walk_signup_link_key'))
    )
    with op.batch_alter_table('walk_signup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_walk_signup_calendar_key'), ['calendar_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_walk_signup_email'), ['email'], unique=False)
        batch_op.create_index('ix_walk_signup_slot_status', ['slot_id', 'status'], unique=False)

    op.create_table('walk_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('signup_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('areas_walked', sa.Text(), nullable=False),
    sa.Column('youths_met', sa.Integer(), nullable=True),
    sa.Column('observations', sa.Text(), nullable=True),
    sa.Column('incidents', sa.Text(), nullable=True),
    sa.Column('police_called', sa.Boolean(), nullable=False),
    sa.Column('emergency_called', sa.Boolean(), nullable=False),
    sa.Column('free_text', sa.Text(), nullable=True),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_walk_report_report_id_report')),
    sa.ForeignKeyConstraint(['signup_id'], ['walk_signup.id'], name=op.f('fk_walk_report_signup_id_walk_signup')),
    sa.ForeignKeyConstraint(['slot_id'], ['walk_slot.id'], name=op.f('fk_walk_report_slot_id_walk_slot')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_walk_report')),
    sa.UniqueConstraint('signup_id', name=op.f('uq_walk_report_signup_id'))
    )
    with op.batch_alter_table('walk_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_walk_report_slot_id'), ['slot_id'], unique=False)


def downgrade():
    with op.batch_alter_table('walk_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_walk_report_slot_id'))

    op.drop_table('walk_report')
    with op.batch_alter_table('walk_signup', schema=None) as batch_op:
        batch_op.drop_index('ix_walk_signup_slot_status')
        batch_op.drop_index(batch_op.f('ix_walk_signup_email'))
        batch_op.drop_index(batch_op.f('ix_walk_signup_calendar_key'))

    op.drop_table('walk_signup')
    with op.batch_alter_table('walk_slot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_walk_slot_starts_at'))
        batch_op.drop_index(batch_op.f('ix_walk_slot_series_id'))

    op.drop_table('walk_slot')
    op.drop_table('walk_series')
