"""A replay server: recorded replies of the real platforms, served on
127.0.0.1 with their recorded status and headers, at the paths tideline
asks for.

A reply comes from a body file and, beside it, NAME.headers.txt (the
format of ../shared/data/real-api/SOURCES.md: a "# METHOD URL" line, the
status line, then one "Name: value" per line as recorded). Headers that
describe the recorded wire (Content-Length, Content-Encoding,
Transfer-Encoding, Connection) are dropped: the stored body is plain.
The origin in a recorded Link header is made this server's, so that
paging stays on the API server tideline was given.

Routes are tried in order; the first that matches and has uses left
answers:

    {"path": "/api/v1/accounts/lookup",     # exact path, or
     "path_re": "^/api/v1/accounts/[^/]+/statuses$",
     "query": {"acct": "x", "max_id": None}, # values that must match;
                                             # None: must be absent
     "body": "recorded/file.json",           # or "text": "..."
     "headers": "recorded/file.headers.txt", # optional
     "status": 200, "add_headers": {"Name": "value"},
     "times": 1,                             # default: any number
     "as_list": True}                        # an object served as [obj]

A request no route matches gets 404 {"error": "not recorded"} and is
logged with "unmatched": true. Python standard library only.

    python3 tests/replay/server.py --routes ROUTES.json [--port-file F]

From Python: `with ReplayServer(routes) as rs: rs.url, rs.requests()`.
"""
import argparse
import json
import os
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# What the recorded headers say about the wire, not about the stored body.
WIRE_HEADERS = {'content-length', 'content-encoding', 'transfer-encoding',
                'connection', 'keep-alive'}
STATUS_RE = re.compile(r'^HTTP/[0-9.]+\s+(\d{3})')
ORIGIN_RE = re.compile(r'<https?://[^/>]+')


def read_headers(path):
    """(status, [(name, value)]) from a NAME.headers.txt file."""
    status, headers = 200, []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\r\n')
            if not line or line.startswith('# '):
                continue
            m = STATUS_RE.match(line)
            if m:
                status = int(m.group(1))
                continue
            name, sep, value = line.partition(':')
            if sep:
                headers.append((name.strip(), value.strip()))
    return status, headers


def content_type_of(path):
    if path.endswith('.json'):
        return 'application/json; charset=utf-8'
    if path.endswith(('.xml', '.rss', '.atom')):
        return 'application/xml; charset=utf-8'
    return 'application/octet-stream'


class Route:
    def __init__(self, spec, root):
        self.spec = spec
        self.path = spec.get('path')
        self.path_re = re.compile(spec['path_re']) if 'path_re' in spec \
            else None
        self.query = spec.get('query', {})
        self.times = spec.get('times', -1)
        self.status, self.headers = 200, []
        if 'headers' in spec:
            self.status, self.headers = read_headers(
                os.path.join(root, spec['headers']))
        self.status = spec.get('status', self.status)
        if 'body' in spec:
            self.body_path = os.path.join(root, spec['body'])
            with open(self.body_path, 'rb') as f:
                self.body = f.read()
        else:
            self.body_path = ''
            self.body = spec.get('text', '').encode('utf-8')
        if spec.get('as_list'):
            self.body = b'[' + self.body.strip() + b']'
        self.add = spec.get('add_headers', {})

    def matches(self, path, query):
        if self.times == 0:
            return False
        if self.path is not None and path != self.path:
            return False
        if self.path_re is not None and not self.path_re.search(path):
            return False
        for key, want in self.query.items():
            got = query.get(key)
            if want is None and got is not None:
                return False
            if want is not None and (got is None or got[0] != want):
                return False
        return True

    def reply_headers(self, origin):
        out, have_type = [], False
        for name, value in self.headers:
            low = name.lower()
            if low in WIRE_HEADERS or name in self.add:
                continue
            if low == 'link':
                value = ORIGIN_RE.sub('<' + origin, value)
            have_type = have_type or low == 'content-type'
            out.append((name, value))
        for name, value in self.add.items():
            have_type = have_type or name.lower() == 'content-type'
            out.append((name, value))
        if not have_type:
            out.append(('Content-Type', content_type_of(self.body_path)))
        return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def do_GET(self):
        srv = self.server
        parts = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        entry = {'path': parts.path, 'query': parts.query,
                 'raw_path': self.path}
        with srv.lock:
            route = next((r for r in srv.routes
                          if r.matches(parts.path, query)), None)
            if route is not None and route.times > 0:
                route.times -= 1
            entry['unmatched'] = route is None
            srv.log.append(entry)
        if route is None:
            self.send_reply(404, [('Content-Type', 'application/json')],
                            b'{"error": "not recorded"}')
            return
        entry['status'] = route.status
        self.send_reply(route.status, route.reply_headers(srv.origin),
                        route.body)

    def send_reply(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class ReplayServer:
    """The server in a background thread; a context manager."""

    def __init__(self, routes, root='.'):
        self.httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = 'http://127.0.0.1:%d' % self.port
        self.httpd.origin = self.url
        self.httpd.routes = [Route(r, root) for r in routes]
        self.httpd.lock = threading.Lock()
        self.httpd.log = []
        self.thread = None

    def start(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def requests(self, substring=''):
        """The requests so far whose raw path holds substring."""
        with self.httpd.lock:
            return [dict(e) for e in self.httpd.log
                    if substring in urllib.parse.unquote(e['raw_path'])]

    def unmatched(self):
        return [e for e in self.requests() if e['unmatched']]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--routes', required=True, help='a JSON list of routes')
    ap.add_argument('--root', help='where body paths start (default: the '
                    'folder of --routes)')
    ap.add_argument('--port-file')
    args = ap.parse_args()
    with open(args.routes, encoding='utf-8') as f:
        routes = json.load(f)
    root = args.root or os.path.dirname(os.path.abspath(args.routes))
    rs = ReplayServer(routes, root)
    if args.port_file:
        tmp = args.port_file + '.tmp'
        with open(tmp, 'w') as f:
            f.write('%d\n' % rs.port)
        os.replace(tmp, args.port_file)
    print('port %d' % rs.port, flush=True)
    try:
        rs.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == '__main__':
    sys.exit(main())
