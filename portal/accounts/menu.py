"""The staff menu: built from the endpoints that exist and the roles their views allow."""
from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# endpoint, label, the endpoint prefixes that mark it as the current page
STAFF_MENU = [
    ("desk.dashboard", _l("Overview"), ()),
    ("desk.queue", _l("Reports"), ("desk_case.case", "desk_case.act")),
    ("walks_admin.index", _l("Evening walks"), ("walks_admin.", "walks_roster.")),
    ("guards.index", _l("Guard shifts"), ("guards.",)),
    ("news_admin.admin_list", _l("News"), ("news_admin.admin_",)),
    ("events_admin.admin_list", _l("Events"), ("events_admin.admin_",)),
    ("audit.log", _l("Audit log"), ()),
    ("lagesbild.staff", _l("Situation picture"), ()),
    ("efforts.index", _l("Efforts"), ("efforts.",)),
    ("group.index", _l("Trygga chefer"), ("group.",)),
    ("exports.reports", _l("Export"), ()),
    ("settings.categories", _l("Categories"), ("settings.category",)),
    ("response_templates.index", _l("Response templates"), ("response_templates.",)),
    ("settings.departments", _l("Departments"), ("settings.department",)),
    ("open311_keys.keys", _l("API keys"), ("open311_keys.",)),
    ("accounts_admin.users", _l("Users"), ("accounts_admin.user",)),
    ("accounts.change_password", _l("My password"), ()),
    ("signin.two_factor", _l("Two-factor sign-in"), ()),
    ("signin.my_sessions", _l("My sign-ins"), ()),
]


def staff_menu():
    if not current_user.is_authenticated:
        return []
    items = []
    for endpoint, label, also in STAFF_MENU:
        view = current_app.view_functions.get(endpoint)
        if view is None or not current_user.has_role(*getattr(view, "staff_roles", ())):
            continue
        now = request.endpoint or ""
        current = now == endpoint or any(now.startswith(prefix) for prefix in also)
        items.append({"url": url_for(endpoint), "label": label, "current": current})
    return items
