"""Serves the example SPA for development: its files, and index.html for every other path.

    python3 examples/spa/serve.py                 # http://localhost:5500, API at localhost:8000
    python3 examples/spa/serve.py --port 5600 --api http://localhost:8001/api/v1

The fallback to index.html is what lets the SPA own its routes, such as the e-mailed
/activate/{uid}/{token} link: a plain `python3 -m http.server` would answer those with 404.
The API's address comes from config.js; `--api` answers that file with another address instead.
Standard library only, like the rest of the example.
"""

import argparse
import json
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent


class SpaRequestHandler(SimpleHTTPRequestHandler):
    """Static files; index.html for paths that are no file; config.js from `--api` if given."""

    api_base = None

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/config.js" and self.api_base:
            return self.send_text(
                f"export const API_BASE = {json.dumps(self.api_base)};\n", "text/javascript"
            )
        if not Path(self.translate_path(path)).is_file():
            self.path = "/index.html"
        return super().do_GET()

    def send_text(self, text, content_type):
        body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self):
        # Development: an edited file shows at the next reload, never a cached copy.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5500)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--api", help="the API's base URL, e.g. http://localhost:8000/api/v1")
    arguments = parser.parse_args()

    handler = partial(SpaRequestHandler, directory=str(HERE))
    SpaRequestHandler.api_base = arguments.api
    with ThreadingHTTPServer((arguments.bind, arguments.port), handler) as server:
        print(f"The example SPA: http://localhost:{arguments.port}/", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
