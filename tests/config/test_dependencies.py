"""Published security advisories of our stack: every fix is installed, and each advisory we reach
has a test that we are not exposed.

Django, Django REST framework, djangorestframework-simplejwt, Djoser (and PyJWT under SimpleJWT):
the advisories whose vulnerable code this project reaches. Each test names its advisory (CVE, and
the GitHub advisory where there is one) and attacks the way the advisory describes, through our
API, in the file of the code it attacks; `pytest -m owasp` runs them all (an unpatched dependency
is OWASP API8:2023, Security Misconfiguration). django-cors-headers has no published advisory;
its configuration is tested in tests/config/test_production_security.py.

Not tested, because the vulnerable code is not reached: SQL injection on other backends or through
features we do not use (FilteredRelation, PostGIS, MySQL/Oracle aliases, JSONField/HStore key
lookups: CVE-2025-13372, CVE-2025-57833, CVE-2025-59681, CVE-2026-1207, CVE-2026-1287,
CVE-2026-1312); ASGI-only issues (CVE-2025-14550, CVE-2026-3902, CVE-2026-5766); Windows-only
NFKC slowness (CVE-2025-64458, CVE-2026-25673); the cache middleware, signed cookies and
SESSION_SAVE_EVERY_REQUEST, none of which we use (CVE-2026-6907, CVE-2026-8404, CVE-2026-35192,
CVE-2026-35193, CVE-2026-48588, CVE-2026-6873); LocaleMiddleware (CVE-2024-39614, CVE-2026-15337,
CVE-2026-77050); template filters we never call (strip_tags, wordwrap, Truncator, floatformat,
intcomma: CVE-2024-53907, CVE-2025-26699, CVE-2025-32873, CVE-2026-1285); GeoDjango
(CVE-2026-15307, CVE-2026-15830); admin features we do not configure (GenericInlineModelAdmin,
list_editable, URLField widgets: CVE-2026-4277, CVE-2026-4292, CVE-2026-15920); mod_wsgi
authentication (CVE-2025-13473); `startapp --template` (CVE-2025-59682); PyJWT's issuer check
(CVE-2024-53861: we set no issuer). CVE-2026-7666 (a failed STARTTLS leaving mail unencrypted)
does apply to production's smtp+tls, but needs a mail server to show. All these fixes are
installed all the same (the test below).
"""

from importlib.metadata import version

import pytest
from packaging.version import Version

pytestmark = [pytest.mark.django_db, pytest.mark.owasp("API8:2023")]


# --- Installed versions --------------------------------------------------------------------------

# For each package, the first release with the fix of its newest advisory.
FIXED_IN = {
    "Django": ("5.2.18", "CVE-2026-77050 and every earlier 5.2 advisory"),
    "djangorestframework": ("3.15.2", "CVE-2024-21520"),
    "djangorestframework_simplejwt": ("5.4.0", "CVE-2024-22513 (refresh of inactive users)"),
    "djoser": ("2.3.0", "CVE-2024-21543"),
    "PyJWT": ("2.10.1", "CVE-2024-53861"),
}


@pytest.mark.parametrize("package", FIXED_IN)
def test_installed_version_has_every_published_fix(package):
    fixed, advisory = FIXED_IN[package]

    assert Version(version(package)) >= Version(fixed), f"{package} lacks the fix of {advisory}"
