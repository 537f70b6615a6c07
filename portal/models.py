"""Every model of the portal, imported in one place for Alembic and the app factory."""
from portal.accounts.models import RecoveryCode, StaffSession, User, user_department  # noqa: F401
from portal.alerts.models import Alert, AlertRun, Subscriber  # noqa: F401
from portal.audit.models import AuditEntry  # noqa: F401
from portal.desk.models import ReportNote  # noqa: F401
from portal.desktools.models import ResponseTemplate  # noqa: F401
from portal.efforts.models import Effort, EffortMeasure  # noqa: F401
from portal.events.models import Event  # noqa: F401
from portal.followup.models import FixedSurvey, ReportAddition  # noqa: F401
from portal.group.models import GroupAction, GroupMeeting  # noqa: F401
from portal.guards.models import GuardShift  # noqa: F401
from portal.lagesbild.daily import LagesbildCount  # noqa: F401
from portal.languages.models import TextTranslation  # noqa: F401
from portal.mail.models import OutboxAttachment, OutboxMessage  # noqa: F401
from portal.metoo.models import MeToo  # noqa: F401
from portal.news.models import NewsItem, NewsTag, news_item_tag  # noqa: F401
from portal.open311.models import ApiKey, ApiRequest, ApiUpdate  # noqa: F401
from portal.reports.models import (  # noqa: F401
    Category,
    Department,
    Report,
    ReportContact,
    ReportPhoto,
    ReportUpdate,
)
from portal.walks.models import WalkReport, WalkSeries, WalkSignup, WalkSlot  # noqa: F401
