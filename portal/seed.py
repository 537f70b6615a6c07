"""Base data every portal needs: departments and categories (the demo is portal/demo/).

Category texts are data in the municipality's language; the coordinator edits them later.
"""
from portal.extensions import db
from portal.reports.models import Category, Department

DEPARTMENTS = [
    ("skola", "Skola"),
    ("socialtjanst", "Socialtjänst"),
    ("samhallsbyggnad", "Samhällsbyggnad"),
    ("kultur-och-fritid", "Kultur och fritid"),
    ("vard-och-omsorg", "Vård och omsorg"),
]

# slug, name, description, notice, service level (hours), department slug
CATEGORIES = [
    ("klotter", "Klotter", "Klotter på byggnader, skyltar, bänkar eller annat.",
     "Kränkande klotter tar vi bort inom 24 timmar, annat klotter inom 48 timmar.", 48,
     "samhallsbyggnad"),
    ("skadegorelse", "Skadegörelse", "Glaskross, sönderslagna busskurer, bänkar, lekplatser eller brand.",
     "Pågår skadegörelsen just nu? Ring polisen på 112.", 72, "samhallsbyggnad"),
    ("trasig-belysning", "Trasig belysning", "Gatlampor eller annan belysning som inte fungerar.",
     None, 120, "samhallsbyggnad"),
    ("otrygg-plats", "Otrygg plats", "En plats som känns otrygg, till exempel mörk, öde eller utan insyn.",
     None, 240, "samhallsbyggnad"),
    ("nedskrapning", "Nedskräpning", "Skräp, fulla papperskorgar eller dumpat avfall.",
     None, 72, "samhallsbyggnad"),
    ("skymmande-vaxtlighet", "Skymmande växtlighet", "Buskar eller träd som skymmer sikt eller belysning.",
     None, 240, "samhallsbyggnad"),
    ("trafik", "Osäker trafiksituation", "Platser där trafiken känns farlig, till exempel vid skolor.",
     None, 240, "samhallsbyggnad"),
    ("samling", "Otrygghetsskapande samling av personer",
     "Samlingar av personer som gör att platsen känns otrygg. Skriv inte namn på personer.",
     "Pågår ett brott eller är någon i fara? Ring 112. Vill du tipsa polisen, ring 114 14.",
     240, "socialtjanst"),
    ("annat", "Annat", "Något annat som påverkar tryggheten.", None, None, None),
]
# Left out of the open data (/oppna-data): reports about people, however published.
SENSITIVE_CATEGORIES = {"samling"}


def seed_base_data():
    """Create the departments and categories if there are none; returns True if it did."""
    if db.session.scalar(db.select(db.func.count(Category.id))):
        return False
    departments = {}
    for slug, name in DEPARTMENTS:
        departments[slug] = Department(slug=slug, name=name)
        db.session.add(departments[slug])
    for position, (slug, name, description, notice, hours, dept) in enumerate(CATEGORIES):
        db.session.add(
            Category(
                slug=slug,
                name=name,
                description=description,
                notice=notice,
                service_level_hours=hours,
                department=departments.get(dept),
                position=position,
                is_sensitive=slug in SENSITIVE_CATEGORIES,
            )
        )
    db.session.flush()
    return True
