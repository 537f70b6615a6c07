"""Base data every portal needs (departments, categories) and clearly fictional demo content.

Category texts are data in the municipality's language; the coordinator edits them later.
"""
from datetime import timedelta

from portal.extensions import db
from portal.reports import services as reports
from portal.reports.models import Category, Department, Report, ReportStatus
from portal.timeutil import utcnow

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
            )
        )
    db.session.flush()
    return True


# category slug, place, (lat, lon), resident's text, public title, public text, status, days ago
DEMO_REPORTS = [
    ("klotter", "Gångtunneln vid Exempelgatan", (56.0851, 12.9172),
     "Det har kommit nytt klotter i hela gångtunneln. (Demoinnehåll, påhittat.)",
     "Klotter i gångtunneln vid Exempelgatan", "Klotter på väggarna i gångtunneln. (Demo.)",
     ReportStatus.FIXED, 9),
    ("trasig-belysning", "Påhittade parken, gångvägen mot skolan", (56.0817, 12.9230),
     "Tre lampor längs gångvägen är släckta, det är helt mörkt på kvällen. (Demo.)",
     "Släckta lampor på gångvägen i Påhittade parken", "Flera lampor längs gångvägen lyser inte. (Demo.)",
     ReportStatus.IN_PROGRESS, 4),
    ("skadegorelse", "Busshållplatsen Testtorget", (56.0868, 12.9121),
     "Glaset i busskuren är krossat. (Demoinnehåll.)",
     "Krossat glas i busskuren vid Testtorget", "Glasrutan i busskuren är sönder. (Demo.)",
     ReportStatus.RECEIVED, 1),
    ("otrygg-plats", "Bakom Demohallen", None,
     "Det är mörkt och buskigt bakom hallen, känns otryggt att gå där. (Demo.)",
     None, None, ReportStatus.RECEIVED, 0),
]


def seed_demo_content():
    """Fictional reports, some published, when the database holds no reports yet."""
    if db.session.scalar(db.select(db.func.count(Report.id))):
        return False
    categories = {c.slug: c for c in db.session.scalars(db.select(Category))}
    for slug, place, position, text, title, public_text, status, days in DEMO_REPORTS:
        report = reports.receive_report(
            categories[slug], text, place, position, [], contact=None
        )
        report.created_at = utcnow() - timedelta(days=days, hours=3)
        report.status = status
        report.closed_at = report.created_at + timedelta(days=1) if status.is_closed else None
        if title:
            reports.publish_report(report, title, public_text)
    db.session.flush()
    return True


def seed_demo_account():
    """A demo coordinator with a fresh random password when there are no staff accounts;
    returns (email, password) so `flask demo` can print it, or None."""
    import secrets

    from portal.accounts import services as accounts
    from portal.accounts.models import User

    if db.session.scalar(db.select(db.func.count(User.id))):
        return None
    email, password = "samordnare@example.se", secrets.token_urlsafe(12)
    accounts.create_user(email, "Demo Samordnare", "coordinator", password)
    return email, password


DEMO_NEWS_BODY = """## Vad hände?

Under sommaren gick vuxna i gula västar tre kvällar i veckan i centrum och vid skolorna.
(Demoinnehåll, påhittat.)

- Fredagar och lördagar kl. 19.00–22.00
- Samling vid Demotorget

Vill du gå med? Läs om [kvällspromenaderna](/promenader).
"""


def seed_demo_news():
    """A published demo news item and an upcoming demo event, when there are none and a
    staff account exists to stand as their author. Returns True if it added them."""
    from portal.accounts.models import User
    from portal.events import services as events
    from portal.events.forms import EventContent
    from portal.events.models import Event
    from portal.news import services as news
    from portal.news.forms import NewsContent
    from portal.news.models import NewsItem

    author = db.session.scalar(db.select(User).order_by(User.id))
    if author is None or db.session.scalar(db.select(db.func.count(NewsItem.id))):
        return False
    news.NEWS.publish(None, author, NewsContent(
        title="Sommarens kvällspromenader (demo)", slug=None,
        summary="Så gick sommarens kvällspromenader i centrum. Påhittad demonyhet.",
        body=DEMO_NEWS_BODY, new_image=None, remove_image=False, image_alt=None,
        tag_names=["Kvällspromenader"]))
    if not db.session.scalar(db.select(db.func.count(Event.id))):
        starts = (utcnow() + timedelta(days=10)).replace(hour=17, minute=0, second=0, microsecond=0)
        events.EVENTS.publish(None, author, EventContent(
            title="Medborgardialog om trygghet (demo)", starts_at=starts,
            ends_at=starts + timedelta(hours=2), place="Demohallen, Exempelgatan 1",
            description="Berätta var du känner dig trygg och otrygg. (Demo.)", is_cancelled=False))
    return True
