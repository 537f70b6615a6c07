"""Gallring: remove personal data from reports closed longer than RETENTION_MONTHS ago.

A report is an allmän handling and stays; only what identifies the reporter goes: the
contact row, the original photos (they carry EXIF: GPS, time, device; the public copies do
not), and sent or failed mail (it holds addresses). Nothing is removed without a configured
gallringsbeslut (RETENTION_DECISION), and each run writes one audit entry with counts.
"""
from dataclasses import asdict, dataclass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.audit import services as audit
from portal.extensions import db
from portal.mail.models import OutboxAttachment, OutboxMessage
from portal.periods import add_months
from portal.reports.models import CLOSED_STATUSES, Report
from portal.reports.photos import upload_dir
from portal.timeutil import utcnow


@dataclass
class Removal:
    reports_cleared: int = 0
    contacts_removed: int = 0
    photos_removed: int = 0
    mails_removed: int = 0


def retention_cutoff(now, months):
    """`months` calendar months before `now` (not months * 30 days: 24 months is two years
    to the day, as the privacy notice promises)."""
    return add_months(now, -months)


def due_reports(cutoff):
    """Closed before the cutoff (status closed too: a reopened case keeps its data), and not
    yet cleared: a second run finds nothing."""
    return (
        db.select(Report)
        .where(
            Report.closed_at.is_not(None),
            Report.closed_at < cutoff,
            Report.status.in_(CLOSED_STATUSES),
            Report.personal_data_removed_at.is_(None),
        )
        .options(selectinload(Report.contact), selectinload(Report.photos))
        .order_by(Report.id)
    )


def due_mail(cutoff):
    """Mail that is done with (sent, or given up on) and older than the period; mail still
    waiting to go is kept."""
    return db.select(OutboxMessage.id).where(
        OutboxMessage.created_at < cutoff,
        OutboxMessage.sent_at.is_not(None) | OutboxMessage.failed_at.is_not(None),
    )


def remove_personal_data(decision, months, *, dry_run=False, now=None):
    """Clear what is due and log it; with dry_run only count. Returns (Removal, cutoff).

    Original files are deleted before the transaction commits: if the commit then fails, the
    next run finds the same reports and carries on past the files already gone.
    """
    now = now or utcnow()
    cutoff = retention_cutoff(now, months)
    removal = Removal()
    for report in db.session.scalars(due_reports(cutoff)):
        removal.reports_cleared += 1
        if report.contact is not None:
            removal.contacts_removed += 1
            if not dry_run:
                report.contact = None  # delete-orphan: the row goes
        for photo in report.photos:
            if photo.original_file:
                removal.photos_removed += 1
                if not dry_run:
                    _delete_original(photo.original_file)
                    photo.original_file = None
        if not dry_run:
            report.personal_data_removed_at = now
    mail_ids = db.session.scalars(due_mail(cutoff)).all()
    removal.mails_removed = len(mail_ids)
    if not dry_run:
        _delete_mail(mail_ids)
        _log(decision, months, cutoff, removal)
    return removal, cutoff


def _delete_original(name):
    """Remove one stored original; a file already gone (an earlier, failed run) is fine."""
    if Path(name).name != name:  # our names are bare; never follow a path out of the folder
        return
    (upload_dir("original") / name).unlink(missing_ok=True)


def _delete_mail(ids):
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        db.session.execute(
            db.delete(OutboxAttachment).where(OutboxAttachment.message_id.in_(chunk))
        )
        db.session.execute(db.delete(OutboxMessage).where(OutboxMessage.id.in_(chunk)))
    db.session.flush()


def _log(decision, months, cutoff, removal):
    audit.record(
        "gallring",
        _(
            "Removed personal data under %(decision)s: %(reports)s reports closed before "
            "%(cutoff)s cleared (%(contacts)s contact details, %(photos)s original photos), "
            "%(mails)s mails.",
            decision=decision, cutoff=cutoff.date().isoformat(), reports=removal.reports_cleared,
            contacts=removal.contacts_removed, photos=removal.photos_removed,
            mails=removal.mails_removed,
        ),
        reason=decision,
        details={
            "decision": decision,
            "retention_months": months,
            "closed_before": cutoff.isoformat(timespec="seconds"),
            **asdict(removal),
        },
    )


@click.command("gallra")
@click.option("--dry-run", is_flag=True, help="Count what would be removed; change nothing.")
@with_appcontext
def gallra_command(dry_run):
    """Remove personal data from reports closed longer than RETENTION_MONTHS ago (cron)."""
    config = current_app.config
    decision = (config.get("RETENTION_DECISION") or "").strip()
    months = config.get("RETENTION_MONTHS")
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise click.ClickException(
            _("RETENTION_MONTHS must be a whole number of months, 1 or more.")
        )
    if not decision:
        click.echo(_(
            "No retention decision is set (PORTAL_RETENTION_DECISION), so nothing is removed. "
            "Set it to the reference of the municipality's gallringsbeslut."
        ))
        if not dry_run:
            return
    removal, cutoff = remove_personal_data(decision, months, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    counts = dict(
        cutoff=cutoff.date().isoformat(), reports=removal.reports_cleared,
        contacts=removal.contacts_removed, photos=removal.photos_removed,
        mails=removal.mails_removed,
    )
    if dry_run:
        click.echo(_(
            "Dry run, nothing changed. Would clear %(reports)s reports closed before "
            "%(cutoff)s (%(contacts)s contact details, %(photos)s original photos) and remove "
            "%(mails)s mails.", **counts,
        ))
    else:
        click.echo(_(
            "Cleared %(reports)s reports closed before %(cutoff)s (%(contacts)s contact "
            "details, %(photos)s original photos) and removed %(mails)s mails.", **counts,
        ))
