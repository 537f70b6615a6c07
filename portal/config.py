"""Settings: defaults here, then instance/config.py, then PORTAL_* environment variables.

Every key below can be set from the environment as PORTAL_<KEY>; values are parsed as
JSON where they parse (numbers, true/false, lists), as plain strings otherwise.
"""
from datetime import timedelta

# --- Secrets and sessions -------------------------------------------------------------
SECRET_KEY = None  # required outside development and tests: PORTAL_SECRET_KEY
DEVELOPMENT = False  # PORTAL_DEVELOPMENT=true allows a fixed, non-secret key on your machine
SESSION_COOKIE_SECURE = True  # serve over HTTPS; `make run` turns it off for plain http
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
# The cookie is sent again when the session changes, not on every request: a staff
# session's seen_at changes at most once a minute (accounts.routes._expire_idle_sessions).
SESSION_REFRESH_EACH_REQUEST = False
WTF_CSRF_TIME_LIMIT = 4 * 3600  # a resident may take a while writing; four hours
PREFERRED_URL_SCHEME = "https"
PROXY_FIX_X_FOR = 0  # number of trusted proxies in front (1 behind nginx)

# --- Staff accounts ----------------------------------------------------------------------
STAFF_IDLE_MINUTES = 60  # a staff session ends after this long without a request
STAFF_SESSION_HOURS = 10  # and after this long in all, whatever happens
LOGIN_RATE_LIMIT = "30 per 10 minutes"  # login posts per address
# Login attempts are counted before the password is checked. LOGIN_LOCKOUT: attempts at one
# account from one address (a success starts that address afresh); LOGIN_ACCOUNT_LIMIT: at
# one account from all addresses together, high so that nobody can cheaply lock a colleague
# out. A new password lifts both. They hold with RATELIMIT_ENABLED = False too.
LOGIN_LOCKOUT = "5 per 15 minutes"
LOGIN_ACCOUNT_LIMIT = "50 per 15 minutes"
# Codes after the password, at one account from all addresses together: one who knows the
# password must not get thousands of tries at six digits (only they can lock it this way).
SECOND_FACTOR_ACCOUNT_LIMIT = "10 per hour"
# How passwords are hashed (Werkzeug's method string). scrypt is memory-hard; "scrypt" alone
# means Werkzeug's cost (n=2**15, r=8, p=1). Only the tests choose something cheaper.
PASSWORD_HASH_METHOD = "scrypt"
# Roles that must sign in with a second factor (TOTP); a member without one is sent to
# enrol at login. "coordinator", "handler", "editor"; [] makes it voluntary for all.
STAFF_TWO_FACTOR_ROLES = ["coordinator", "handler"]

# --- Single sign-on with OpenID Connect (portal/accounts/sso.py) -------------------------
# Unset OIDC_ISSUER: no single sign-on. The portal's redirect URI at the provider is
# <PUBLIC_BASE_URL>/admin/logga-in/sso/svar. See README: Single sign-on.
OIDC_ISSUER = None  # e.g. https://login.microsoftonline.com/<tenant id>/v2.0
OIDC_CLIENT_ID = None
OIDC_CLIENT_SECRET = None
OIDC_SCOPES = "openid email profile"
OIDC_EMAIL_CLAIM = "email"  # Entra ID: "email" (optional claim) or "preferred_username"
# A claim (e.g. "roles" for Entra app roles, "groups" for group ids) and the values that map
# to a role: {"Trygghet.Samordnare": "coordinator"}. With a claim set, the account's role
# follows the provider at each sign-in and a person with no mapped value is refused.
OIDC_ROLE_CLAIM = None
OIDC_ROLE_MAP = {}
OIDC_PASSWORD_LOGIN = True  # whether the email + password form stays available
# Roles whose accounts may be created at a first sign-in (needs OIDC_ROLE_CLAIM); [] never.
# Handlers need a department, so they are always created by the coordinator.
OIDC_CREATE_ACCOUNTS_FOR = []
OIDC_BUTTON_LABEL = None  # e.g. "Logga in med Bjuvs kommuns konto"; a default otherwise

# --- Database ---------------------------------------------------------------------------
# DATABASE_URL (without prefix) wins; otherwise SQLite in instance/portal.sqlite3.
SQLALCHEMY_DATABASE_URI = None
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

# --- Language and time ------------------------------------------------------------------
BABEL_DEFAULT_LOCALE = "sv"
BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
# The residents' languages (portal/i18n.py): the URL code (/en/…), the Babel locale (its
# catalogue in translations/<locale>), the BCP 47 tag for lang="" and hreflang, the name in
# the language itself, and the writing direction. Swedish is always on, at the root; leave
# a language out to turn it off. A locale Babel does not know stops the app at start.
# Add one: its entry here, `pybabel init -l fa_AF -d translations`, translate, compile.
LANGUAGES = [
    {"code": "sv", "locale": "sv", "tag": "sv", "name": "Svenska", "dir": "ltr"},
    {"code": "en", "locale": "en", "tag": "en", "name": "English", "dir": "ltr"},
    {"code": "ar", "locale": "ar", "tag": "ar", "name": "العربية", "dir": "rtl"},
]

# --- The municipality -------------------------------------------------------------------
MUNICIPALITY_NAME = "Bjuvs kommun"
MUNICIPALITY_PHONE = "042-458 50 00"
MUNICIPALITY_EMAIL = "kommunen@bjuv.se"
MUNICIPALITY_ADDRESS = "Bjuvs kommun, 267 80 Bjuv"
MUNICIPALITY_WEBSITE = "https://www.bjuv.se"
SERVICE_NAME = "Trygghetsportalen"
# Map: centre [lat, lon], zoom, and the box a reported position must lie in
# [south, west, north, east].
MAP_CENTER = [56.0840, 12.9190]
MAP_ZOOM = 13
MAP_BOUNDS = [55.97, 12.76, 56.17, 13.12]
MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
MAP_TILE_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
# Localities for the lägesbild (portal/areas.py): named boxes [south, west, north, east]
# inside MAP_BOUNDS; the first box that holds a position wins. These are rough boxes
# around Bjuv's localities: each municipality sets its own, e.g. PORTAL_AREAS='[{"slug":
# "centrum", "name": "Centrum", "bounds": [56.07, 12.90, 56.09, 12.93]}]'.
AREAS = [
    {"slug": "bjuv", "name": "Bjuv", "bounds": [56.072, 12.895, 56.097, 12.945]},
    {"slug": "billesholm", "name": "Billesholm", "bounds": [56.050, 12.980, 56.070, 13.015]},
    {"slug": "ekeby", "name": "Ekeby", "bounds": [55.985, 12.950, 56.003, 12.982]},
    {"slug": "skromberga", "name": "Skromberga", "bounds": [56.003, 12.982, 56.017, 13.002]},
    {"slug": "gunnarstorp", "name": "Gunnarstorp", "bounds": [56.047, 12.858, 56.063, 12.882]},
    {"slug": "morarp", "name": "Mörarp", "bounds": [56.037, 12.810, 56.053, 12.840]},
]
# Accessibility statement: when the service was last assessed, and how compliant it is
# ("full", "partial" or "none").
ACCESSIBILITY_ASSESSED_ON = "2026-11-25"
ACCESSIBILITY_STATEMENT_UPDATED_ON = "2026-11-25"
ACCESSIBILITY_COMPLIANCE = "partial"
# The day the privacy notice last changed, shown on it as "Sidan ändrad"; move it when the
# notice's text or the settings it shows (retention, data protection officer) change.
PRIVACY_NOTICE_UPDATED_ON = "2026-11-25"
# Privacy notice and `flask gallra`: how long a reporter's contact details, original photos
# and own description are kept after a case is closed, in months.
RETENTION_MONTHS = 24
# How long walkers' names, emails and phones (and walk reports' free text) are kept after
# the walk, in months; the counts for the lägesbild stay.
WALK_RETENTION_MONTHS = 6
# The municipality's decision (gallringsbeslut) that allows `flask gallra` to remove the
# personal data above once its period has passed, e.g. "KS 2026/123 § 45". Without it,
# nothing is removed.
RETENTION_DECISION = None
DATA_PROTECTION_OFFICER_EMAIL = "dataskyddsombud@bjuv.se"

# --- Reports ----------------------------------------------------------------------------
REPORT_RATE_LIMIT = "5 per 10 minutes"
REPORT_ATTEMPT_LIMIT = "30 per 10 minutes"
REPORT_NEARBY_METRES = 250
REPORTS_PER_PAGE = 20
MAP_MAX_POINTS = 5000  # pins on the map of /rapporter (/rapporter/karta.geojson), newest first
ADMIN_PER_PAGE = 50
PHOTO_MAX_COUNT = 3
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_PUBLIC_MAX_PX = 1600
# Room for three full-size photos plus the text; anything larger is refused outright.
MAX_CONTENT_LENGTH = 40 * 1024 * 1024
MAX_FORM_MEMORY_SIZE = 1024 * 1024
UPLOAD_FOLDER = None  # defaults to instance/uploads

# --- Evening walks ----------------------------------------------------------------------
WALK_MIN_AGE = 18  # the default minimum age of a new walk (18, 20 or 25 are common)
WALK_ATTENTION_DAYS = 3  # slots under their minimum this many days ahead need attention
WALK_REMINDER_HOURS = 24  # the reminder goes this long before a walk starts
WALK_REPORT_REQUEST_DAYS = 7  # ask for a walk report only for walks that ended this recently
WALK_RATE_LIMIT = "10 per 10 minutes"  # sign-ups, cancellations and walk reports per address
WALK_ATTEMPT_LIMIT = "30 per 10 minutes"  # any posts of those forms per address

# --- Alerts and following reports (portal/alerts) --------------------------------------
ALERT_RATE_LIMIT = "10 per 10 minutes"  # alerts asked for per address (a form with errors does not count)
ALERT_ATTEMPT_LIMIT = "30 per 10 minutes"  # any posts of the alert forms per address
ALERT_CONFIRMATIONS_PER_ADDRESS = "5 per day"  # confirmation mails to one email address
ALERT_MAX_ITEMS = 50  # lines in one alert mail; more are summed up with a link
# `flask gallra` deletes alerts this many days after they ended, or after they were asked
# for and never confirmed, and then subscribers without alerts.
ALERT_RETENTION_DAYS = 30
# "Is it still fixed?": mailed this many days after a report is marked fixed, to a
# reporter who asked for replies; reports fixed longer ago than the window are never asked.
FIXED_SURVEY_DAYS = 28
FIXED_SURVEY_WINDOW_DAYS = 14
METOO_RATE_LIMIT = "30 per hour"  # "me too" votes per address
METOO_ATTEMPT_LIMIT = "60 per hour"  # any posts of the "me too" button per address

# --- News, events and feeds -------------------------------------------------------------
NEWS_PER_PAGE = 10
EVENTS_PER_PAGE = 20
FEED_ITEMS = 20  # entries in each feed
FEED_MAX_AGE = 300  # seconds a reader or proxy may keep a feed before asking again

# --- Lägesbild (/admin/lagesbild, /lagesbild) -------------------------------------------
LAGESBILD_GRID_METRES = 500  # side of a map cell
LAGESBILD_PUBLIC_MIN_COUNT = 3  # smaller counts per area or map cell are not published
LAGESBILD_MAX_YEARS = 3  # the longest period staff can choose
# Computed figures are cached under a key that includes a fingerprint of the reports, so
# a change shows at once in every worker. None keeps the cache in each worker's memory;
# redis://127.0.0.1:6379 shares it, so that one worker computes for all.
LAGESBILD_CACHE_URI = None
LAGESBILD_CACHE_SECONDS = 3600  # an entry is recomputed after this long in any case
LAGESBILD_CACHE_PREFIX = "lagesbild"
# The guard company's CSV file of shifts (issue 17): its largest size and number of rows.
GUARD_CSV_MAX_BYTES = 1024 * 1024
GUARD_CSV_MAX_ROWS = 5000

# --- Rate limits --------------------------------------------------------------------------
RATELIMIT_ENABLED = True
RATELIMIT_STORAGE_URI = "memory://"  # redis://127.0.0.1:6379 with several workers
RATELIMIT_HEADERS_ENABLED = True
# If Redis is down, count in memory rather than refuse residents' reports.
RATELIMIT_SWALLOW_ERRORS = True
RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True

# --- Delivery: compression, static files, the public page cache (portal/assets.py,
# portal/pagecache.py) -------------------------------------------------------------------
COMPRESS_ALGORITHM = ["br", "gzip"]  # Brotli when the browser takes it, else gzip
COMPRESS_MIMETYPES = [
    "text/html", "text/css", "text/javascript", "application/javascript", "text/plain",
    "application/json", "application/geo+json", "application/rss+xml", "application/atom+xml",
    "application/xml", "text/xml", "text/calendar", "text/csv", "image/svg+xml",
]
COMPRESS_MIN_SIZE = 500  # smaller bodies gain nothing
COMPRESS_BR_LEVEL = 4  # Brotli per response: quick, and still better than gzip
# A 256 KB window (2**18) holds any page whole and compresses ten times faster than the
# default 4 MB one, which only pays for much larger bodies.
COMPRESS_BR_WINDOW = 18
COMPRESS_LEVEL = 6  # gzip
STATIC_MAX_AGE = 3600  # seconds for static files under their plain names (hashed: a year)
ASSET_BUILD_FOLDER = None  # hashed and compressed copies; defaults to instance/static-build
# Public pages for visitors without a session are served from memory until any data
# changes, and for at most this many seconds (0 turns the cache off).
PAGE_CACHE_SECONDS = 30
PAGE_CACHE_URI = None  # redis://… when several hosts must see each other's changes
PAGE_CACHE_PREFIX = "pages"

# --- Mail ---------------------------------------------------------------------------------
MAIL_SERVER = None  # no server: mail waits in the outbox until one is configured
MAIL_PORT = 25
MAIL_USE_TLS = False  # STARTTLS
MAIL_USE_SSL = False
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_DEFAULT_SENDER = "Trygghetsportalen <noreply@bjuv.se>"
MAIL_TIMEOUT = 20
MAIL_POLL_SECONDS = 30  # how often the background sender looks for pending mail
MAIL_MAX_ATTEMPTS = 12
# Absolute links in mail are built from this when there is no request (cron, worker).
SERVER_NAME = None
# Unset, it is http://127.0.0.1:<PORT> (PORT as `make run` uses it, 5000 without it), so
# links in mail, feeds and calendar files point where `PORT=8080 make run` serves.
PUBLIC_BASE_URL = None

# --- Open311 and open data (/open311/v2, /oppna-data) -----------------------------------
# The jurisdiction_id clients may send (leaving it out is fine; another value is a 404).
OPEN311_JURISDICTION_ID = "bjuv.se"
OPEN311_POST_LIMIT = "60 per minute"  # POSTs per key and method
# The open data's licence: its name, SPDX-like id and the address of its text.
OPEN_DATA_LICENSE_NAME = "CC0 1.0 Universell"
OPEN_DATA_LICENSE_ID = "CC0-1.0"
OPEN_DATA_LICENSE_URL = "http://creativecommons.org/publicdomain/zero/1.0/"
# The publisher in the DCAT-AP-SE catalogue: an IRI for the organisation (e.g. its
# organisation number as a URI), its name and type (EU publisher-type code).
OPEN_DATA_PUBLISHER_URI = "https://www.bjuv.se"
OPEN_DATA_PUBLISHER_NAME = None  # defaults to MUNICIPALITY_NAME
OPEN_DATA_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/LocalAuthority"
