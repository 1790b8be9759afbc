# Lifeline lab: the Proxmox VE API of one simulated node, over HTTPS with an API token.
#
# GET runs the lab's simulated `pvesh get PATH --output-format json` and answers
# {"data": ...}; POST /cluster/ha/resources/{sid}/migrate runs the simulated
# `ha-manager migrate SID NODE`. A node the simulator cannot reach gives 595, as pveproxy's
# proxy does. Authentication works like pveproxy's for API tokens:
# `Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET` (or a space after PVEAPIToken),
# 401 "No ticket" without it and 401 "authentication failure" when it is wrong.
# Requests are logged (method, path, status) on stderr; headers never are.
import argparse
import hmac
import json
import re
import signal
import ssl
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

API_ROOT = "/api2/json"
MIGRATE = re.compile(r"/cluster/ha/resources/([^/]+)/migrate")


def arguments():
    parser = argparse.ArgumentParser(description="Lifeline lab: simulated Proxmox VE API")
    parser.add_argument("--bind", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--token-id", required=True)
    parser.add_argument("--token-file", required=True)
    parser.add_argument("--sim", required=True, help="JSON list: the sim command, ending with '--'")
    parser.add_argument("--sim-timeout", type=float, default=60)
    return parser.parse_args()


def reason_phrase(text):
    """One printable line, as a status line can carry it."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    line = lines[-1] if lines else "simulated command failed"
    return "".join(c if c.isprintable() else " " for c in line)[:200]


class Handler(BaseHTTPRequestHandler):
    server_version = "pve-api-daemon/3.0"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 60

    def do_GET(self):
        self.answer("GET")

    def do_POST(self):
        self.answer("POST")

    def do_PUT(self):
        self.answer("PUT")

    def do_DELETE(self):
        self.answer("DELETE")

    def answer(self, method):
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        if not url.path.startswith(API_ROOT + "/"):
            return self.reply(501, "Method '%s %s' not implemented" % (method, url.path))
        refusal = self.refusal()
        if refusal:
            return self.reply(401, refusal)
        path = unquote(url.path[len(API_ROOT):])
        params = parse_qsl(url.query) + parse_qsl(body)
        if method == "GET":
            options = [word for name, value in params for word in ("--" + name, value)]
            return self.simulate(["pvesh", "get", path] + options + ["--output-format", "json"], json_output=True)
        migrate = MIGRATE.fullmatch(path)
        if method == "POST" and migrate:
            target = dict(params).get("node")
            if not target:
                errors = {"node": "property is missing and it is not optional"}
                return self.reply(400, "Parameter verification failed.", {"data": None, "errors": errors})
            return self.simulate(["ha-manager", "migrate", migrate.group(1), target], json_output=False)
        return self.reply(501, "Method '%s %s' not implemented" % (method, path))

    def refusal(self):
        """None when the token is right; otherwise pveproxy's reason phrase."""
        header = self.headers.get("Authorization")
        if header is None:
            return "No ticket"
        match = re.fullmatch(r"PVEAPIToken(?:=|\s+)([^=\s]+)=(\S+)", header.strip())
        if not match:
            return "authentication failure"
        token_id, secret = match.groups()
        good_id = hmac.compare_digest(token_id.encode(), self.server.token_id.encode())
        good_secret = hmac.compare_digest(secret.encode(), self.server.secret.encode())
        return None if good_id and good_secret else "authentication failure"

    def simulate(self, words, json_output):
        try:
            done = subprocess.run(
                self.server.sim + words, capture_output=True, timeout=self.server.sim_timeout,
                stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return self.reply(500, "simulated command timed out")
        except OSError as error:
            return self.reply(500, "cannot run the simulator: %s" % error.strerror)
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace")
            if "proxy handler failed" in message:
                # pvesh reaches other nodes over SSH; pveproxy's own proxy reports 595.
                cause = reason_phrase(message).rsplit(": ", 1)[-1]
                reason = "Errors during connection establishment, proxy handshake: " + cause
                return self.reply(595, reason)
            return self.reply(500, reason_phrase(message), {"data": None, "message": message})
        if not json_output:
            return self.reply(200, "OK", {"data": None})
        try:
            data = json.loads(done.stdout.decode("utf-8", "replace"))
        except ValueError:
            return self.reply(500, "the simulated pvesh printed no JSON")
        return self.reply(200, "OK", {"data": data})

    def reply(self, status, reason, document=None):
        payload = json.dumps(document if document is not None else {"data": None}, separators=(",", ":"),
                             sort_keys=True).encode()
        self.send_response(status, reason)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "max-age=0")
        self.end_headers()
        self.wfile.write(payload)

    def version_string(self):
        return self.server_version

    def log_message(self, template, *args):
        sys.stderr.write("%s %s\n" % (self.log_date_time_string(), template % args))


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, options):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(options.cert, options.key)
        self.token_id = options.token_id
        with open(options.token_file, encoding="utf-8") as file:
            self.secret = file.read().strip()
        self.sim = json.loads(options.sim)
        self.sim_timeout = options.sim_timeout
        super().__init__((options.bind, options.port), Handler)

    def finish_request(self, request, client_address):
        # The TLS handshake happens here, in the connection's own thread, so a client that
        # never completes it holds up nobody else.
        request.settimeout(Handler.timeout)
        try:
            connection = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            self.RequestHandlerClass(connection, client_address, self)
        finally:
            connection.close()


def main():
    # A parent may have blocked signals (test runners do); `stop` must be able to end us.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    options = arguments()
    server = Server(options)
    sys.stderr.write("listening on https://%s:%d\n" % server.server_address[:2])
    sys.stderr.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
