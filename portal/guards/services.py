"""The rules for guard shifts: one shift saved from the web form, and a CSV file from the
guard company read row by row, each row saved or rejected with its reason. Services
flush; routes commit."""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.areas import configured_areas
from portal.audit.services import record
from portal.common.rules import RuleError
from portal.common.text import clean_text
from portal.extensions import db
from portal.guards.models import INCIDENT_KINDS, GuardShift

MAX_HOURS = 24
MAX_INCIDENTS = 999
NOTE_MAX = 300
HOURS = re.compile(r"^\d{1,2}([.,]\d{1,2})?$")
# The columns of the guard company's file, by their header (lower case, Swedish or English).
HEADERS = {
    "datum": "day", "date": "day",
    "område": "area", "omrade": "area", "area": "area",
    "företag": "company", "foretag": "company", "company": "company",
    "planerade timmar": "planned", "planerat": "planned", "planned hours": "planned",
    "levererade timmar": "delivered", "levererat": "delivered", "delivered hours": "delivered",
    "skadegörelse": "vandalism", "vandalism": "vandalism",
    "ordningsstörning": "disturbance", "ordningsstörningar": "disturbance", "disturbance": "disturbance",
    "polis": "police", "police": "police",
    "övrigt": "other", "other": "other",
    "anteckning": "note", "note": "note",
}
REQUIRED = ("day", "area", "company", "planned", "delivered")


def minutes_of(text):
    """"3,5" or "3.5" hours → 210 minutes; None when it is not such a number."""
    text = (text or "").strip()
    if not HOURS.match(text):
        return None
    return round(float(text.replace(",", ".")) * 60)


def area_slug(text):
    """An area by its slug or name, any case; None when there is no such area."""
    wanted = clean_text(text or "").casefold()
    for area in configured_areas():
        if wanted in (area.slug.casefold(), area.name.casefold()):
            return area.slug
    return None


@dataclass
class ShiftValues:
    day: date
    area: str
    company: str
    planned_minutes: int
    delivered_minutes: int
    incidents: dict = field(default_factory=dict)  # kind → count
    note: str = ""


def _upsert(values, author):
    shift = db.session.scalar(db.select(GuardShift).where(
        GuardShift.day == values.day, GuardShift.area == values.area, GuardShift.company == values.company))
    created = shift is None
    if created:
        shift = GuardShift(day=values.day, area=values.area, company=values.company,
                           created_by_id=author.id if author else None)
        db.session.add(shift)
    shift.planned_minutes, shift.delivered_minutes = values.planned_minutes, values.delivered_minutes
    for kind in INCIDENT_KINDS:
        setattr(shift, kind, values.incidents.get(kind, 0))
    shift.note = values.note
    return shift, created


def save_shift(values, author):
    """One shift from the web form (replaces the same day, area and company)."""
    if values.delivered_minutes > MAX_HOURS * 60 or values.planned_minutes > MAX_HOURS * 60:
        raise RuleError(_("An evening has at most 24 hours."), field="delivered_hours")
    shift, created = _upsert(values, author)
    db.session.flush()
    record("guard_shift_saved", _("Saved the guard shift of %(company)s in %(area)s on %(day)s.",
                                  company=values.company, area=values.area, day=values.day.isoformat()),
           details={"guard_shift_id": shift.id, "created": created})
    return shift


@dataclass
class ImportResult:
    imported: int = 0
    replaced: int = 0
    rejected: list = field(default_factory=list)  # (line number, [reasons])


def decode(raw):
    """The file's text: UTF-8 (with or without a BOM) or, as Excel in Sweden saves "CSV",
    Windows-1252. A file that is neither (or binary) is refused as a whole."""
    if b"\x00" in raw:
        raise RuleError(_("The file is not a CSV text file. Save it from the spreadsheet as CSV."), field="file")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RuleError(_("The file's characters could not be read. Save it as CSV UTF-8."), field="file")


def _number(text, reasons, label):
    text = (text or "").strip()
    if not text:
        return 0
    if not text.isdigit() or int(text) > MAX_INCIDENTS:
        reasons.append(_("%(column)s must be a whole number from 0 to 999.", column=label))
        return 0
    return int(text)


def _row_values(row, columns, reasons):
    cell = {name: (row[index] if index < len(row) else "") for name, index in columns.items()}
    try:
        day = date.fromisoformat(cell["day"].strip())
    except ValueError:
        day = None
        reasons.append(_("The date must be written as 2026-06-12."))
    area = area_slug(cell["area"])
    if area is None:
        reasons.append(_("The area %(area)s is not one of the portal's areas.", area=clean_text(cell["area"])[:60]))
    company = clean_text(cell["company"])
    if not company or len(company) > 120:
        reasons.append(_("The company must be given, at most 120 characters."))
    minutes = {}
    for name, label in (("planned", _("Planned hours")), ("delivered", _("Delivered hours"))):
        value = minutes_of(cell[name])
        if value is None or value > MAX_HOURS * 60:
            reasons.append(_("%(column)s must be hours from 0 to 24, for example 3,5.", column=label))
        minutes[name] = value
    incidents = {kind: _number(cell.get(kind), reasons, label) for kind, label in incident_labels().items()}
    note = clean_text(cell.get("note") or "")
    if len(note) > NOTE_MAX:
        reasons.append(_("The note may be at most 300 characters."))
    if reasons:
        return None
    return ShiftValues(day, area, company, minutes["planned"], minutes["delivered"], incidents, note)


def incident_labels():
    return {"vandalism": _("Vandalism"), "disturbance": _("Disturbances"), "police": _("Police called"),
            "other": _("Other incidents")}


def import_csv(raw, author):
    """Read the guard company's CSV file (bytes): valid rows are saved (a row for a day,
    area and company already there replaces it), the others are listed with their reasons."""
    limit = current_app.config["GUARD_CSV_MAX_BYTES"]
    if len(raw) > limit:
        raise RuleError(_("The file is larger than %(size)s kB. Split it into several files.",
                          size=limit // 1024), field="file")
    text = decode(raw)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise RuleError(_("The file is empty."), field="file")
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise RuleError(_("The file could not be read as CSV."), field="file") from None
    header = [clean_text(name).casefold() for name in rows[0]]
    columns = {}
    for index, name in enumerate(header):
        if name in HEADERS and HEADERS[name] not in columns:
            columns[HEADERS[name]] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise RuleError(_("The first row must name the columns datum, område, företag, planerade timmar and "
                          "levererade timmar (and may name skadegörelse, ordningsstörning, polis, övrigt, "
                          "anteckning)."), field="file")
    max_rows = current_app.config["GUARD_CSV_MAX_ROWS"]
    if len(rows) - 1 > max_rows:
        raise RuleError(_("The file has more than %(count)s rows. Split it into several files.", count=max_rows),
                        field="file")
    result, seen = ImportResult(), set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        reasons = []
        values = _row_values(row, columns, reasons)
        if values is not None and (values.day, values.area, values.company) in seen:
            reasons.append(_("The same day, area and company is on an earlier row."))
        if reasons:
            result.rejected.append((number, reasons))
            continue
        seen.add((values.day, values.area, values.company))
        _shift, created = _upsert(values, author)
        if created:
            result.imported += 1
        else:
            result.replaced += 1
    db.session.flush()
    record("guard_shifts_imported", ngettext(
        "Imported %(num)d guard shift from a CSV file.", "Imported %(num)d guard shifts from a CSV file.",
        result.imported + result.replaced), details={"imported": result.imported, "replaced": result.replaced,
                                                     "rejected": len(result.rejected)})
    return result
