"""The API's settings with access tokens that expire after a few seconds (the expiry test's API).

The environment sets the access token lifetime in whole minutes (ACCESS_TOKEN_LIFETIME_MINUTES):
a test that let a real token expire would wait at least a minute. Rather than fake an expiry (a
forged or corrupted token in the SPA's memory), this API issues real tokens that really expire,
soon; everything else is the production settings.
"""

from datetime import timedelta

from config.settings import *  # noqa: F403

ACCESS_TOKEN_SECONDS = 3

SIMPLE_JWT = {
    **SIMPLE_JWT,  # noqa: F405
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=ACCESS_TOKEN_SECONDS),
}
