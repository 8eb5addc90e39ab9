"""Waits for the API at ORIGIN to answer, signs in and prints the access token.

Usage: python fuzz/sign_in.py ORIGIN USERNAME PASSWORD
"""

import json
import sys
import time
import urllib.request


def wait_for(url, attempts=60):
    for _ in range(attempts):
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - our own local server
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"No answer from {url}.")


def access_token(origin, username, password):
    request = urllib.request.Request(  # noqa: S310 - our own local server
        f"{origin}/api/v1/auth/jwt/create/",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)["access"]


if __name__ == "__main__":
    origin, username, password = sys.argv[1:]
    wait_for(f"{origin}/api/v1/")
    print(access_token(origin, username, password))
