"""Gallring: remove personal data that has been kept for its period, under the municipality's
decision (gallringsbeslut, RETENTION_DECISION).

A report is an allmän handling and stays, with its category, place, times and statuses for
the statistics; what identifies or may identify a person goes RETENTION_MONTHS after the case
closed: the contact row, the original photos (they carry EXIF: GPS, time, device; the public
copies do not), and the resident's own description, replaced by the text the coordinator
published or by a marker. Walkers' names, emails, phones and private links go
WALK_RETENTION_MONTHS after their walk, and the free text of walk reports with them; the
rows stay, so the lägesbild's counts do not change. Sent or failed mail (it holds
addresses) goes after the shorter of the two periods. Residents' alerts (their email
address) go ALERT_RETENTION_DAYS after they were ended, or after they were asked for and
never confirmed; a subscriber with no alert left goes with them. Nothing is removed without a
decision, and each run writes one audit entry with the decision and the counts.
"""
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import and_, or_
from sqlalchemy.orm import selectinload

from portal.alerts.models import Alert, Subscriber
from portal.audit import services as audit
from portal.extensions import db
from portal.followup.models import FixedSurvey, ReportAddition
from portal.mail.models import OutboxAttachment, OutboxMessage
from portal.periods import add_months
from portal.reports.models import CLOSED_STATUSES, Report
from portal.reports.photos import upload_dir
from portal.timeutil import utcnow
from portal.walks import tokens
from portal.walks.models import WalkReport, WalkSignup, WalkSlot


@dataclass
class Removal:
    reports_cleared: int = 0
    contacts_removed: int = 0
    photos_removed: int = 0
    mails_removed: int = 0
    descriptions_replaced: int = 0
    signups_cleared: int = 0
    walk_reports_cleared: int = 0
    alerts_removed: int = 0
    subscribers_removed: int = 0


def retention_cutoff(now, months):
    """`months` calendar months before `now` (not months * 30 days: 24 months is two years
    to the day, as the privacy notice promises)."""
    return add_months(now, -months)


def due_reports(cutoff):
    """Closed before the cutoff (status closed too: a reopened case keeps its data), and not
    yet cleared: a second run finds nothing. Reports cleared by a run before descriptions
    were replaced come back once for their description."""
    return (
        db.select(Report)
        .where(
            Report.closed_at.is_not(None),
            Report.closed_at < cutoff,
            Report.status.in_(CLOSED_STATUSES),
            Report.personal_data_removed_at.is_(None) | Report.description_removed_at.is_(None),
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


def due_signups(cutoff):
    """Sign-ups (any status) on walks that ended before the cutoff, not yet cleared."""
    return (
        db.select(WalkSignup)
        .join(WalkSlot)
        .where(WalkSlot.ends_at < cutoff, WalkSignup.personal_data_removed_at.is_(None))
        .order_by(WalkSignup.id)
    )


def due_walk_reports(cutoff):
    return (
        db.select(WalkReport)
        .join(WalkSlot)
        .where(WalkSlot.ends_at < cutoff, WalkReport.personal_data_removed_at.is_(None))
        .order_by(WalkReport.id)
    )


def removed_marker(decision, now):
    """What stands where a person's own text was: says why, so nobody thinks it was lost."""
    return _("[Removed under the disposal decision %(decision)s on %(date)s]",
             decision=decision, date=now.date().isoformat())


def remove_personal_data(decision, months, *, walk_months=None, dry_run=False, now=None):
    """Clear what is due and log it; with dry_run only count. Returns (Removal, cutoff).

    Original files are deleted before the transaction commits: if the commit then fails, the
    next run finds the same reports and carries on past the files already gone.
    """
    now = now or utcnow()
    walk_months = walk_months or months
    cutoff = retention_cutoff(now, months)
    walk_cutoff = retention_cutoff(now, walk_months)
    removal = Removal()
    marker = removed_marker(decision, now)
    for report in db.session.scalars(due_reports(cutoff)):
        if report.personal_data_removed_at is None:
            _clear_report(report, removal, dry_run, now)
        if report.description_removed_at is None:
            removal.descriptions_replaced += 1
            if not dry_run:
                report.description = (report.public_text or "").strip() or marker
                report.description_removed_at = now
                _clear_reporters_later_words(report.id, marker)
    for signup in db.session.scalars(due_signups(walk_cutoff)):
        removal.signups_cleared += 1
        if not dry_run:
            _clear_signup(signup, now)
    for walk_report in db.session.scalars(due_walk_reports(walk_cutoff)):
        removal.walk_reports_cleared += 1
        if not dry_run:
            _clear_walk_report(walk_report, marker, now)
    _remove_alerts(removal, dry_run, now)
    mail_ids = db.session.scalars(due_mail(max(cutoff, walk_cutoff))).all()
    removal.mails_removed = len(mail_ids)
    if not dry_run:
        _delete_mail(mail_ids)
        _log(decision, months, walk_months, cutoff, walk_cutoff, removal)
    return removal, cutoff


def _clear_reporters_later_words(report_id, marker):
    """What the reporter added on the follow page and wrote in "is it still fixed?" goes with
    their description: the same person's own words."""
    db.session.execute(db.update(ReportAddition).where(ReportAddition.report_id == report_id)
                       .values(text=marker))
    db.session.execute(db.update(FixedSurvey).where(FixedSurvey.report_id == report_id).values(comment=None))


def _clear_report(report, removal, dry_run, now):
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


def _clear_signup(signup, now):
    """The row stays (status and attendance are the lägesbild's walkers); who it was goes,
    and so do the keys its private links were made from."""
    signup.name = _("[Removed]")
    signup.email = ""
    signup.phone = None
    signup.link_key = tokens.new_key()
    signup.calendar_key = tokens.new_key()
    signup.personal_data_removed_at = now


def _clear_walk_report(walk_report, marker, now):
    """Free text can hold names; the counts (young people met, police or 112 called, whether
    something was observed) stay for the lägesbild."""
    if (walk_report.observations or "").strip():
        walk_report.observations = marker
    if (walk_report.incidents or "").strip():
        walk_report.incidents = marker
    walk_report.free_text = None
    walk_report.personal_data_removed_at = now


def _delete_original(name):
    """Remove one stored original; a file already gone (an earlier, failed run) is fine."""
    if Path(name).name != name:  # our names are bare; never follow a path out of the folder
        return
    (upload_dir("original") / name).unlink(missing_ok=True)


def _remove_alerts(removal, dry_run, now):
    """Ended and never-confirmed alerts past ALERT_RETENTION_DAYS, then subscribers left
    without alerts (their email address is all they are)."""
    cutoff = now - timedelta(days=current_app.config["ALERT_RETENTION_DAYS"])
    due = or_(and_(Alert.ended_at.is_not(None), Alert.ended_at < cutoff),
              and_(Alert.confirmed_at.is_(None), Alert.created_at < cutoff))
    alert_ids = db.session.scalars(db.select(Alert.id).where(due)).all()
    removal.alerts_removed = len(alert_ids)
    # Subscribers whose every alert (if any) is due: none is left after this run.
    lonely = db.select(Subscriber.id).where(Subscriber.created_at < cutoff, ~Subscriber.alerts.any(~due))
    subscriber_ids = db.session.scalars(lonely).all()
    removal.subscribers_removed = len(subscriber_ids)
    if dry_run:
        return
    for chunk in (alert_ids[i:i + 500] for i in range(0, len(alert_ids), 500)):
        db.session.execute(db.delete(Alert).where(Alert.id.in_(chunk)))
    for chunk in (subscriber_ids[i:i + 500] for i in range(0, len(subscriber_ids), 500)):
        db.session.execute(db.delete(Subscriber).where(Subscriber.id.in_(chunk)))
    db.session.flush()


def _delete_mail(ids):
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        db.session.execute(
            db.delete(OutboxAttachment).where(OutboxAttachment.message_id.in_(chunk))
        )
        db.session.execute(db.delete(OutboxMessage).where(OutboxMessage.id.in_(chunk)))
    db.session.flush()


def _log(decision, months, walk_months, cutoff, walk_cutoff, removal):
    audit.record(
        "gallring",
        _(
            "Removed personal data under %(decision)s: %(reports)s reports closed before "
            "%(cutoff)s cleared (%(contacts)s contact details, %(photos)s original photos), "
            "%(descriptions)s descriptions replaced, %(signups)s walk sign-ups and "
            "%(walk_reports)s walk reports from walks before %(walk_cutoff)s cleared, "
            "%(mails)s mails.",
            decision=decision, cutoff=cutoff.date().isoformat(), reports=removal.reports_cleared,
            contacts=removal.contacts_removed, photos=removal.photos_removed,
            descriptions=removal.descriptions_replaced, signups=removal.signups_cleared,
            walk_reports=removal.walk_reports_cleared,
            walk_cutoff=walk_cutoff.date().isoformat(), mails=removal.mails_removed,
        ),
        reason=decision,
        details={
            "decision": decision,
            "retention_months": months,
            "walk_retention_months": walk_months,
            "closed_before": cutoff.isoformat(timespec="seconds"),
            "walks_before": walk_cutoff.isoformat(timespec="seconds"),
            **asdict(removal),
        },
    )


def _months_setting(config, key):
    months = config.get(key)
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise click.ClickException(
            _("%(setting)s must be a whole number of months, 1 or more.", setting=key)
        )
    return months


@click.command("gallra")
@click.option("--dry-run", is_flag=True, help="Count what would be removed; change nothing.")
@with_appcontext
def gallra_command(dry_run):
    """Remove personal data kept past RETENTION_MONTHS and WALK_RETENTION_MONTHS (cron)."""
    config = current_app.config
    decision = (config.get("RETENTION_DECISION") or "").strip()
    months = _months_setting(config, "RETENTION_MONTHS")
    walk_months = _months_setting(config, "WALK_RETENTION_MONTHS")
    if not decision:
        click.echo(_(
            "No retention decision is set (PORTAL_RETENTION_DECISION), so nothing is removed. "
            "Set it to the reference of the municipality's gallringsbeslut."
        ))
        if not dry_run:
            return
    removal, cutoff = remove_personal_data(decision, months, walk_months=walk_months, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(_("Alerts ended or never confirmed: %(alerts)s removed, and %(subscribers)s subscribers "
                 "without alerts.", alerts=removal.alerts_removed, subscribers=removal.subscribers_removed))
    walk_counts = dict(
        walk_cutoff=retention_cutoff(utcnow(), walk_months).date().isoformat(),
        descriptions=removal.descriptions_replaced, signups=removal.signups_cleared,
        walk_reports=removal.walk_reports_cleared,
    )
    counts = dict(
        cutoff=cutoff.date().isoformat(), reports=removal.reports_cleared,
        contacts=removal.contacts_removed, photos=removal.photos_removed,
        mails=removal.mails_removed,
    )
    if dry_run:
        click.echo(_(
            "Dry run: would replace %(descriptions)s residents' descriptions and clear "
            "%(signups)s walk sign-ups and %(walk_reports)s walk reports from walks before "
            "%(walk_cutoff)s.", **walk_counts,
        ))
        click.echo(_(
            "Dry run, nothing changed. Would clear %(reports)s reports closed before "
            "%(cutoff)s (%(contacts)s contact details, %(photos)s original photos) and remove "
            "%(mails)s mails.", **counts,
        ))
    else:
        click.echo(_(
            "Replaced %(descriptions)s residents' descriptions and cleared %(signups)s walk "
            "sign-ups and %(walk_reports)s walk reports from walks before %(walk_cutoff)s.",
            **walk_counts,
        ))
        click.echo(_(
            "Cleared %(reports)s reports closed before %(cutoff)s (%(contacts)s contact "
            "details, %(photos)s original photos) and removed %(mails)s mails.", **counts,
        ))
