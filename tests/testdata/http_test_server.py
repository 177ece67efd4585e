#!/usr/bin/env python3
"""A local HTTP server for Meute's fetch and nightly tests (127.0.0.1 only).

Prints the port it listens on, then serves:
  /feed.xml         an RSS body with ETag and Last-Modified; answers 304 to a
                    matching If-None-Match or If-Modified-Since
  /flaky            500 for the first two requests, then 200 "ok"
  /slow             sleeps 5 s before answering
  /big              2 MiB of 'x'
  /missing          404
  /redirect-file    302 to file:///etc/passwd (must not be followed)
  /files/NAME       serves NAME from the folder given as argv[1] (if any),
                    with ETag = content hash and 304 on a match
"""
import hashlib
import http.server
import os
import sys
import time

FEED = (b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        b'<title>Test</title><item><title>Un</title><description>Texte</description>'
        b'</item></channel></rss>')
ETAG = '"feed-v1"'
LAST_MODIFIED = "Wed, 25 Nov 2026 08:00:00 GMT"
ROOT = sys.argv[1] if len(sys.argv) > 1 else None
counts = {}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_body(self, code, body, ctype="text/plain", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        counts[self.path] = counts.get(self.path, 0) + 1
        if self.path == "/feed.xml":
            if (self.headers.get("If-None-Match") == ETAG or
                    self.headers.get("If-Modified-Since") == LAST_MODIFIED):
                self.send_response(304)
                self.end_headers()
                return
            self.send_body(200, FEED, "application/rss+xml",
                           [("ETag", ETAG), ("Last-Modified", LAST_MODIFIED)])
        elif self.path == "/flaky":
            if counts[self.path] <= 2:
                self.send_body(500, b"oops")
            else:
                self.send_body(200, b"ok")
        elif self.path == "/slow":
            time.sleep(5)
            self.send_body(200, b"late")
        elif self.path == "/big":
            self.send_body(200, b"x" * (2 << 20))
        elif self.path == "/redirect-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path.startswith("/files/") and ROOT:
            name = os.path.basename(self.path[len("/files/"):])
            path = os.path.join(ROOT, name)
            if not os.path.isfile(path):
                self.send_body(404, b"no")
                return
            body = open(path, "rb").read()
            etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_body(200, body, "application/octet-stream", [("ETag", etag)])
        else:
            self.send_body(404, b"not found")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
