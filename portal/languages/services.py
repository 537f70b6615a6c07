"""Translations of database text. `tr_markup(category, "name")` in a template gives the
text in the page's language, or the Swedish in <span lang="sv"> when nobody has
translated it; `tr_text` gives plain text (mail, feeds, <option>). Every translation of
one language is read once per request (a few rows per category)."""
from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal import i18n
from portal.audit import services as audit
from portal.common.text import clean_multiline_text, clean_text
from portal.extensions import db
from portal.languages.models import TextTranslation

# What can be translated, per kind of row: field → (label, longest, several lines).
TRANSLATABLE = {
    "category": {"name": (120, False), "description": (1000, True), "notice": (1000, True)},
}


def kind_of(obj):
    return obj.__class__.__name__.lower()


def _loaded(locale):
    cache = g.setdefault("text_translations", {})
    if locale not in cache:
        rows = db.session.execute(
            db.select(TextTranslation.kind, TextTranslation.key, TextTranslation.field, TextTranslation.text)
            .where(TextTranslation.locale == locale)).all()
        cache[locale] = {(kind, key, field): text for kind, key, field, text in rows}
    return cache[locale]


def lookup(obj, field, locale=None):
    """(text, is_swedish_fallback) for one field of `obj` in `locale` (the current one)."""
    swedish = getattr(obj, field)
    language = i18n.for_locale(locale) if locale else i18n.current()
    if language.is_default or swedish in (None, ""):
        return swedish, False
    text = _loaded(language.locale).get((kind_of(obj), str(obj.id), field))
    return (text, False) if text else (swedish, True)


def tr_text(obj, field):
    return lookup(obj, field)[0]


def tr_markup(obj, field):
    text, fallback = lookup(obj, field)
    if fallback:
        return Markup('<span lang="sv" dir="ltr">%s</span>') % text
    return text


def translations_of(obj):
    """{"name_en": "Graffiti", …} for the settings form."""
    rows = db.session.scalars(db.select(TextTranslation).where(
        TextTranslation.kind == kind_of(obj), TextTranslation.key == str(obj.id)))
    return {f"{row.field}_{row.locale}": row.text for row in rows}


def form_with_translations(form_class, kind):
    """`form_class` with a field per other language and translatable field of `kind`:
    name_en, description_ar … (empty: the Swedish is shown)."""
    attrs = {}
    labels = {field: getattr(form_class, field).args[0] if getattr(form_class, field).args else field
              for field in TRANSLATABLE[kind]}
    for language in i18n.languages()[1:]:
        for field, (longest, multiline) in TRANSLATABLE[kind].items():
            field_class = TextAreaField if multiline else StringField
            attrs[f"{field}_{language.code}"] = field_class(
                f"{labels[field]} – {language.name}",
                filters=[clean_multiline_text if multiline else clean_text],
                validators=[Optional(), Length(max=longest, message=_l("Write at most %(max)s characters.",
                                                                         max=longest))],
                render_kw={"lang": language.tag, "dir": language.dir},
            )
    return type(form_class.__name__, (form_class,), attrs)


def translation_fields(form, kind):
    """[(language, [bound fields])] for the template."""
    return [(language, [form[f"{field}_{language.code}"] for field in TRANSLATABLE[kind]])
            for language in i18n.languages()[1:]]


def save_translations(obj, form):
    """Store the form's translations of `obj` (an empty field removes one); audited.
    Returns True if any changed."""
    kind = kind_of(obj)
    existing = {(row.field, row.locale): row for row in db.session.scalars(db.select(TextTranslation).where(
        TextTranslation.kind == kind, TextTranslation.key == str(obj.id)))}
    changed = {}
    for language in i18n.languages()[1:]:
        for field in TRANSLATABLE[kind]:
            value = (form[f"{field}_{language.code}"].data or "").strip()
            row = existing.get((field, language.locale))
            if row is not None and not value:
                db.session.delete(row)
            elif row is not None and row.text != value:
                row.text = value
            elif row is None and value:
                db.session.add(TextTranslation(kind=kind, key=str(obj.id), field=field,
                                               locale=language.locale, text=value))
            else:
                continue
            changed[f"{field}_{language.code}"] = value or None
    if changed:
        db.session.flush()
        audit.record("text_translated", _("Changed the translations of %(name)s.", name=getattr(obj, "name", obj.id)),
                     details={"kind": kind, "id": obj.id, "after": changed})
    return bool(changed)
