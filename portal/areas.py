"""The municipality's localities as named boxes on the map, and one SQL expression that
says which of them a position lies in.

Reports (and, later, walk meeting points) carry only a position, so "where" in the
lägesbild is decided here: the first box in config AREAS that holds the point wins; a
point in no box is "elsewhere in the municipality", a report without a position is
"without a map point". A municipality sets its own boxes in AREAS (see README).
"""
import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, literal

log = logging.getLogger(__name__)
ELSEWHERE = "ovrigt"
NO_POSITION = "utan-kartpunkt"
SPECIAL_NAMES = {
    ELSEWHERE: _l("Elsewhere in the municipality"),
    NO_POSITION: _l("Without a map point"),
}


@dataclass(frozen=True)
class Area:
    slug: str
    name: str
    south: float
    west: float
    north: float
    east: float

    def holds(self, lat, lon):
        return self.south <= lat <= self.north and self.west <= lon <= self.east


def parse_areas(entries, map_bounds):
    """Areas from config: a list of {"slug", "name", "bounds": [south, west, north, east]}.
    Raises ValueError naming what is wrong, so a bad setting stops the app at start.
    Boxes should lie inside MAP_BOUNDS (reports always do)."""
    areas, seen = [], set(SPECIAL_NAMES)
    for number, entry in enumerate(entries or [], start=1):
        try:
            slug, name = str(entry["slug"]), str(entry["name"])
            south, west, north, east = (float(value) for value in entry["bounds"])
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"AREAS entry {number} needs slug, name and bounds [south, west, north, east]"
            ) from error
        if not slug or slug in seen:
            raise ValueError(f"AREAS entry {number}: the slug {slug!r} is empty or used twice")
        if not (south < north and west < east):
            raise ValueError(f"AREAS entry {number} ({slug}): south < north and west < east")
        b_south, b_west, b_north, b_east = map_bounds
        if not (b_south <= south and north <= b_north and b_west <= west and east <= b_east):
            # Harmless (no report lies outside MAP_BOUNDS), but probably a mistake.
            log.warning("AREAS entry %s (%s) is not inside MAP_BOUNDS", number, slug)
        seen.add(slug)
        areas.append(Area(slug, name, south, west, north, east))
    return tuple(areas)


def configured_areas():
    """The areas of the running app, parsed once per app."""
    cached = current_app.extensions.get("portal_areas")
    if cached is None:
        cached = parse_areas(current_app.config["AREAS"], current_app.config["MAP_BOUNDS"])
        current_app.extensions["portal_areas"] = cached
    return cached


def area_names():
    """slug → name for every area a count can fall in, in display order."""
    names = {area.slug: area.name for area in configured_areas()}
    names.update({slug: str(label) for slug, label in SPECIAL_NAMES.items()})
    return names


def classify(lat, lon, areas=None):
    """The area slug of one point, in Python (the same rule as area_case); `areas` saves
    looking up configured_areas() when the caller places many points."""
    if lat is None or lon is None:
        return NO_POSITION
    for area in areas if areas is not None else configured_areas():
        if area.holds(lat, lon):
            return area.slug
    return ELSEWHERE


def _built_once(build, *columns):
    """The expression build(*columns) makes, built once per app: SQL expressions never
    change, and the areas' CASE takes half a millisecond to build (a lägesbild page used
    three of them per view). The columns are a model's attributes (Report.lat)."""
    built = current_app.extensions.setdefault("portal_area_cases", {})
    key = (build, *((column.class_, column.key) for column in columns))
    if key not in built:
        built[key] = build(*columns)
    return built[key]


def area_case(lat, lon):
    """An SQL CASE giving the area slug of each row's position (lat, lon are columns).
    Use it in a subquery and group by its label: PostgreSQL does not match a GROUP BY
    expression whose bound parameters differ from the select list's."""
    return _built_once(_area_case, lat, lon)


def _area_case(lat, lon):
    whens = [(lat.is_(None), literal(NO_POSITION))]
    whens += [
        (and_(lat.between(a.south, a.north), lon.between(a.west, a.east)), literal(a.slug))
        for a in configured_areas()
    ]
    return case(*whens, else_=literal(ELSEWHERE))


def walk_area_case(lat, lon, area_name):
    """The area slug of a walk: its meeting point's position when it has one, otherwise the
    area chosen by name in the walk form; a free-text area from before stays "without a map
    point", as it always was."""
    return _built_once(_walk_area_case, lat, lon, area_name)


def _walk_area_case(lat, lon, area_name):
    by_name = [(area_name == a.name, literal(a.slug)) for a in configured_areas()]
    chosen = case(*by_name, else_=literal(NO_POSITION)) if by_name else literal(NO_POSITION)
    return case((lat.is_(None), chosen), else_=area_case(lat, lon))
