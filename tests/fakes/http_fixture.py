#!/usr/bin/env python3
"""Loopback HTTP(S) server for lib/net tests: well- and badly-behaved responses on demand.

Usage: http_fixture.py [--tls CERT KEY]
Prints the port it listens on (127.0.0.1, chosen by the system) as its first line, then serves
until killed. Besides being an origin it is a forward proxy: CONNECT tunnels and absolute-form
requests are relayed to loopback targets.

Paths:
  /ok                       200 "hello" (keep-alive)
  /echo                     200, the request line and headers as text
  /ok-then-close            200 "hello" that looks kept-alive, but the server closes the connection
  /status/N                 status N; 429 and 503 carry Retry-After: 7
  /redirect/relative/N      N relative redirects ending at /ok
  /redirect/absolute/N      N absolute redirects (http://127.0.0.1:PORT/...) ending at /ok
  /redirect/loop            redirects to itself forever
  /redirect/other-host      redirects to http://localhost:PORT/echo (another origin)
  /stall                    header sent, then nothing for 10 s
  /silent                   nothing at all for 10 s
  /slow/MS                  (GET or POST) nothing for MS milliseconds, then 200 "slow"; counted in "slow_answered"
  /truncated                Content-Length: 1000, 10 bytes, close
  /huge                     Content-Length: 64 MiB, streamed until the client goes away
  /huge-chunked             chunked, no length, 64 MiB streamed until the client goes away
  /stats                    JSON: connections accepted, CONNECT tunnels, proxied requests,
                            bytes of /huge* sent and whether those streams have ended
"""
import http.client
import http.server
import json
import select
import socket
import ssl
import sys
import threading
import time
import urllib.parse

LOCK = threading.Lock()
STATS = {"connections": 0, "tunnels": 0, "proxied": 0, "huge_sent": 0, "huge_done": 0, "requests": 0, "slow_answered": 0}
HUGE = 64 << 20


def bump(key, n=1):
    with LOCK:
        STATS[key] += n


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        bump("connections")
        super().setup()

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("/redirect/") or self.path.startswith("/slow/"):
            return self.do_GET()
        self.reply(200, b"POST " + self.path.encode() + b"\n" + body)

    def do_GET(self):
        bump("requests")
        if self.path.startswith("http://"):
            return self.relay()
        path = self.path
        port = self.server.server_address[1]
        scheme = "https" if self.server.tls else "http"
        if path == "/ok":
            return self.reply(200, b"hello", [("Content-Type", "text/plain")])
        if path == "/ok-then-close":
            self.reply(200, b"hello")
            self.close_connection = True
            return
        if path.startswith("/echo"):
            lines = [self.requestline] + [f"{k}: {v}" for k, v in self.headers.items()]
            return self.reply(200, ("\n".join(lines) + "\n").encode())
        if path.startswith("/status/"):
            code = int(path.split("/")[2])
            extra = [("Retry-After", "7")] if code in (429, 503) else []
            return self.reply(code, f"status {code}\n".encode(), extra)
        if path.startswith("/redirect/"):
            return self.redirect(path, scheme, port)
        if path == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.flush()
            time.sleep(10)
            return
        if path == "/silent":
            time.sleep(10)
            return
        if path.startswith("/slow/"):
            time.sleep(int(path.split("/")[2]) / 1000.0)
            self.reply(200, b"slow")
            return bump("slow_answered")
        if path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            self.close_connection = True
            return
        if path in ("/huge", "/huge-chunked"):
            return self.huge(chunked=path.endswith("chunked"))
        if path == "/stats":
            with LOCK:
                body = json.dumps(STATS).encode()
            return self.reply(200, body, [("Content-Type", "application/json")])
        self.reply(404, b"not found\n")

    def redirect(self, path, scheme, port):
        parts = path.split("/")
        kind = parts[2]
        if kind == "loop":
            return self.reply(302, b"", [("Location", path)])
        if kind == "other-host":
            return self.reply(302, b"", [("Location", f"{scheme}://localhost:{port}/echo")])
        left = int(parts[3])
        if left == 0:
            return self.reply(307 if self.command == "POST" else 302, b"", [("Location", "/ok")])
        nxt = f"/redirect/{kind}/{left - 1}"
        if kind == "relative":
            location = f"{left - 1}"  # relative to the current path's folder
        else:
            location = f"{scheme}://127.0.0.1:{port}{nxt}"
        self.reply(301, b"moved\n", [("Location", location)])

    def huge(self, chunked):
        self.send_response(200)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        block = b"x" * 65536
        sent = 0
        try:
            while sent < HUGE:
                if chunked:
                    self.wfile.write(b"%x\r\n" % len(block) + block + b"\r\n")
                else:
                    self.wfile.write(block)
                sent += len(block)
                bump("huge_sent", len(block))
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass
        finally:
            bump("huge_done")
            self.close_connection = True

    def relay(self):
        """A forward proxy's plain-HTTP request: fetch the absolute URL and pass the answer on."""
        bump("proxied")
        url = urllib.parse.urlsplit(self.path)
        conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=5)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "proxy-connection"}
        target = url.path + ("?" + url.query if url.query else "")
        conn.request(self.command, target, headers=headers)
        answer = conn.getresponse()
        self.reply(answer.status, answer.read(), [(k, v) for k, v in answer.getheaders()
                                                  if k.lower() not in ("content-length", "transfer-encoding",
                                                                       "connection")])

    def do_CONNECT(self):
        bump("tunnels")
        host, _, port = self.path.rpartition(":")
        try:
            upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=5)
        except OSError:
            return self.reply(502, b"cannot reach target\n")
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        pipe(self.connection, upstream)


def pipe(a, b):
    sockets = [a, b]
    try:
        while True:
            readable, _, _ = select.select(sockets, [], [], 10)
            if not readable:
                return
            for s in readable:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)
    except OSError:
        pass
    finally:
        b.close()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    tls = None

    def get_request(self):
        sock, addr = super().get_request()
        if self.tls:
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def finish_request(self, request, client_address):
        if self.tls:
            try:
                request.settimeout(5)
                request.do_handshake()
                request.settimeout(None)
            except (ssl.SSLError, OSError):
                return  # the client refused our certificate: what the tests expect sometimes
        super().finish_request(request, client_address)


def main():
    server = Server(("127.0.0.1", 0), Handler)
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.tls = context
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
