"""Holds every recorded answer against the schema, with openapi-core (a validator we did not write).

    python clients/check_traffic.py SCHEMA TRAFFIC_FILE...

Each file is what clients/recorder.py wrote. Every request must be an operation of the schema and
every answer must match what the schema says of its status: its body, and its headers. Prints
one line per failure and a count, and exits 1 if anything failed.
"""

import base64
import json
import sys
from collections import Counter
from pathlib import Path

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

SERVER = "http://127.0.0.1"


def body_of(encoded):
    if "base64" in encoded:
        return base64.b64decode(encoded["base64"])
    return encoded["text"].encode()


def exchanges(paths):
    for path in paths:
        for line in Path(path).read_text().splitlines():
            yield json.loads(line)


def checked(api, exchange):
    """The error openapi-core finds in one exchange, or None."""
    request_headers = exchange["request_headers"]
    response_headers = dict(exchange["response_headers"])
    request = MockRequest(
        SERVER,
        exchange["method"].lower(),
        exchange["path"],
        args=dict(pair.split("=", 1) for pair in exchange["query"].split("&") if "=" in pair),
        headers=request_headers,
        data=body_of(exchange["request_body"]),
        content_type=request_headers.get("Content-Type", request_headers.get("content-type")),
    )
    response = MockResponse(
        body_of(exchange["response_body"]),
        status_code=exchange["status"],
        headers=response_headers,
        content_type=response_headers.get("Content-Type") or "application/json",
    )
    try:
        api.validate_response(request, response)
    except Exception as error:
        cause = error.__cause__ or error
        return f"{type(error).__name__}: {cause}"
    return None


def main(schema, *traffic_files):
    api = OpenAPI.from_file_path(schema)
    statuses, failures = Counter(), 0
    for exchange in exchanges(traffic_files):
        statuses[exchange["status"]] += 1
        if problem := checked(api, exchange):
            failures += 1
            print(f"{exchange['method']} {exchange['path']} {exchange['status']}: {problem}")
    total = sum(statuses.values())
    by_status = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
    print(f"check_traffic: {total} answers against {schema} ({by_status})")
    print(f"check_traffic: {total - failures} passed, {failures} failed")
    return 1 if failures or not total else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
