"""Signs in to the API at ORIGIN and prints the access token.

Usage: python fuzz/sign_in.py ORIGIN USERNAME PASSWORD
"""

import json
import sys
import urllib.request


def access_token(origin, username, password):
    request = urllib.request.Request(  # noqa: S310 - our own local server
        f"{origin}/api/v1/auth/jwt/create/",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)["access"]


if __name__ == "__main__":
    print(access_token(*sys.argv[1:]))
