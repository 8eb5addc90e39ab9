"""A recording HTTP proxy: forwards every request to the API and writes each exchange down.

    python clients/recorder.py UPSTREAM_URL TRAFFIC_FILE

Listens on a free local port, prints its URL on one line, and serves until it is stopped. Each
exchange is one JSON line of TRAFFIC_FILE (method, path, query, headers and body of both sides),
for clients/check_traffic.py to hold against the schema. The Host header is passed on as sent,
so the links in answers (a post's `url`, a page's `next`) lead back through the recorder.
"""

import base64
import http.client
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# Headers about one connection, not the message: the recorder sets its own.
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


def encoded(body):
    """A body as JSON can hold it: text if it is UTF-8, else base64."""
    try:
        return {"text": body.decode()}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(body).decode()}


def recording_handler(upstream, traffic_file):
    target = urlsplit(upstream)
    lock = threading.Lock()

    class RecordingHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # Keep-alive, as clients expect of a server.

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            try:
                connection.request(self.command, self.path, body=body or None, headers=headers)
                response = connection.getresponse()
                answer = response.read()
                answer_headers = response.getheaders()
            finally:
                connection.close()
            self.send_response_only(response.status, response.reason)
            for name, value in answer_headers:
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer)
            self.record(body, headers, response.status, answer_headers, answer)

        def record(self, body, headers, status, answer_headers, answer):
            path, _, query = self.path.partition("?")
            exchange = {
                "method": self.command,
                "path": path,
                "query": query,
                "request_headers": headers,
                "request_body": encoded(body),
                "status": status,
                "response_headers": answer_headers,
                "response_body": encoded(answer),
            }
            with lock, open(traffic_file, "a") as traffic:
                traffic.write(json.dumps(exchange) + "\n")

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = forward

        def log_message(self, format, *args):
            """Quiet: the server's own log has every request."""

    return RecordingHandler


def main(upstream, traffic_file):
    server = ThreadingHTTPServer(("127.0.0.1", 0), recording_handler(upstream, traffic_file))
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
