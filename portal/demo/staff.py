"""The demo's staff: coordinators, a handler or two per department, web editors.
One password for all of them, checked by the same rule as every new password."""
from dataclasses import dataclass, field

from flask_babel import gettext as _

from portal.accounts import services as accounts
from portal.accounts.models import Role, User
from portal.extensions import db

# email, name, role, department slugs
ACCOUNTS = [
    ("samordnare@example.se", "Demo Samordnare", Role.COORDINATOR, ()),
    ("samordnare2@example.se", "Sanna Dalbjörk", Role.COORDINATOR, ()),
    ("skola@example.se", "Hampus Ekvallius", Role.HANDLER, ("skola",)),
    ("socialtjanst@example.se", "Leila Fjällgren", Role.HANDLER, ("socialtjanst",)),
    ("samhallsbyggnad@example.se", "Mats Hedbäcker", Role.HANDLER, ("samhallsbyggnad",)),
    ("samhallsbyggnad2@example.se", "Petra Jönsmark", Role.HANDLER, ("samhallsbyggnad",)),
    ("kultur@example.se", "Yusuf Kolbjörnsson", Role.HANDLER, ("kultur-och-fritid",)),
    ("omsorg@example.se", "Ulla Lindvreten", Role.HANDLER, ("vard-och-omsorg", "socialtjanst")),
    ("redaktor@example.se", "Vera Carlsmark", Role.EDITOR, ()),
    ("redaktor2@example.se", "Olle Granstedtius", Role.EDITOR, ()),
    ("polis@example.se", "Kerstin Vallmark", Role.POLICE, ()),
]


@dataclass
class Staff:
    coordinators: list = field(default_factory=list)
    handlers: dict = field(default_factory=dict)  # department id → handlers there
    editors: list = field(default_factory=list)
    created: list = field(default_factory=list)  # (email, role) of the accounts made now


def create_staff(batch, password, created_at):
    """The demo accounts whose address is free; all active demo-role accounts are returned
    so reports can be handled by them."""
    accounts.check_new_password(password)
    password_hash = accounts.hash_password(password)
    staff = Staff()
    for email, name, role, slugs in ACCOUNTS:
        user = accounts.find_user(email)
        if user is None:
            user = User(email=email, name=name, role=role, password_hash=password_hash,
                        departments=accounts.departments_by_slug(slugs), created_at=created_at)
            db.session.add(user)
            db.session.flush()
            staff.created.append((email, role.value))
            batch.audit(created_at, None, "user_created",
                        _("Created the account %(email)s (%(role)s).", email=email, role=role.label),
                        details={"user_id": user.id, "role": role.value, "departments": list(slugs)})
        if not user.is_active:
            continue
        if user.role is Role.COORDINATOR:
            staff.coordinators.append(user)
        elif user.role is Role.HANDLER:
            for department in user.departments:
                staff.handlers.setdefault(department.id, []).append(user)
        elif user.role is Role.EDITOR:
            staff.editors.append(user)
    if not staff.editors:
        staff.editors = list(staff.coordinators)
    return staff
