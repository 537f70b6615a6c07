"""Every model of the portal, imported in one place for Alembic and the app factory."""
from portal.mail.models import OutboxAttachment, OutboxMessage  # noqa: F401
from portal.reports.models import (  # noqa: F401
    Category,
    Department,
    Report,
    ReportContact,
    ReportPhoto,
    ReportUpdate,
)
