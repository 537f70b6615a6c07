"""News items, their topics, and events

New tables only: news_tag, news_item, news_item_tag, event. A news item is a draft while
published_at is NULL; an event likewise. Timestamps are naive UTC like every other table.

Revision ID: 662e4b2cf0dd
Revises: 2f2c2b1f0f4c
Create Date: 2026-11-25 06:01:26.270065

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '662e4b2cf0dd'
down_revision = '2f2c2b1f0f4c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('news_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_tag')),
    sa.UniqueConstraint('slug', name=op.f('uq_news_tag_slug'))
    )
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('description_source', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('is_cancelled', sa.Boolean(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_event_author_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_starts_at'), ['starts_at'], unique=False)

    op.create_table('news_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('image_file', sa.String(length=80), nullable=True),
    sa.Column('image_alt', sa.String(length=300), nullable=True),
    sa.Column('image_width', sa.Integer(), nullable=True),
    sa.Column('image_height', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_news_item_author_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_news_item')),
    sa.UniqueConstraint('slug', name=op.f('uq_news_item_slug'))
    )
    with op.batch_alter_table('news_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_item_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_news_item_published_at', ['published_at'], unique=False)

    op.create_table('news_item_tag',
    sa.Column('news_item_id', sa.Integer(), nullable=False),
    sa.Column('news_tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['news_item_id'], ['news_item.id'], name=op.f('fk_news_item_tag_news_item_id_news_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['news_tag_id'], ['news_tag.id'], name=op.f('fk_news_item_tag_news_tag_id_news_tag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('news_item_id', 'news_tag_id', name=op.f('pk_news_item_tag'))
    )
    with op.batch_alter_table('news_item_tag', schema=None) as batch_op:
        batch_op.create_index('ix_news_item_tag_news_tag_id', ['news_tag_id'], unique=False)


def downgrade():
    with op.batch_alter_table('news_item_tag', schema=None) as batch_op:
        batch_op.drop_index('ix_news_item_tag_news_tag_id')

    op.drop_table('news_item_tag')
    with op.batch_alter_table('news_item', schema=None) as batch_op:
        batch_op.drop_index('ix_news_item_published_at')
        batch_op.drop_index(batch_op.f('ix_news_item_author_id'))

    op.drop_table('news_item')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_starts_at'))
        batch_op.drop_index(batch_op.f('ix_event_author_id'))

    op.drop_table('event')
    op.drop_table('news_tag')
