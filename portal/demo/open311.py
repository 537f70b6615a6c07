"""Demo: one department system's Open311 key and two reports it sent, one published and
one still waiting for moderation (so that /open311/v2/tokens/… has both answers)."""
from sqlalchemy import select

from portal.extensions import db
from portal.open311.models import KEY_PREFIX_LENGTH, ApiKey, ApiRequest, hash_key
from portal.reports.models import Department, Report, ReportStatus


def add_open311(rng):
    department = db.session.scalar(select(Department).where(Department.slug == "samhallsbyggnad"))
    secret = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(43))
    key = ApiKey(name="Gatukontorets felanmälan", department=department, is_trusted=False,
                 key_hash=hash_key(secret), key_prefix=secret[:KEY_PREFIX_LENGTH])
    db.session.add(key)
    mine = select(Report).where(Report.department_id == department.id).order_by(Report.id.desc()).limit(1)
    published = db.session.scalar(mine.where(Report.is_published, ~Report.is_hidden))
    waiting = db.session.scalar(mine.where(~Report.is_published, Report.status == ReportStatus.RECEIVED))
    for report in (published, waiting):
        if report is not None:
            token = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))
            db.session.add(ApiRequest(token=token, report=report, api_key=key, created_at=report.created_at))
    db.session.flush()
