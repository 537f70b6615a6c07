"""Enums stored as their value text with a CHECK constraint: readable in SQL and portable."""
from sqlalchemy import Enum


def db_enum(enum_cls, name):
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=30,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
