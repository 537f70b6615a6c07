"""The demo's response templates for public replies and status notes."""
from sqlalchemy import select

from portal.desktools.models import ResponseTemplate
from portal.extensions import db
from portal.reports.models import Category

TEMPLATES = [
    ("klotter", "Klotter sanerat",
     "Tack för din anmälan {ärendenummer}. Klottret vid {plats} är borttaget."),
    ("klotter", "Sanering beställd",
     "Vi har beställt sanering av klottret vid {plats}. Det görs inom två arbetsdagar."),
    (None, "Skickad till förvaltningen", "Din anmälan {ärendenummer} ({kategori}) är skickad till den förvaltning som "
                                         "ansvarar för {plats}. Du får besked när något händer."),
    (None, "Inte kommunens ansvar", "Platsen {plats} sköts inte av kommunen. Vi har lämnat över ärendet {ärendenummer} "
                                    "till den som äger marken."),
]


def add_response_templates():
    """Flushes only; a template whose category is missing is made for every category."""
    categories = {c.slug: c.id for c in db.session.scalars(select(Category))}
    db.session.add_all([ResponseTemplate(category_id=categories.get(slug) if slug else None, title=title, body=body)
                        for slug, title, body in TEMPLATES])
    db.session.flush()
