"""A real local webhook receiver for the push tests."""

import http.server
import ssl
import threading


class Receiver:
    """An HTTP server on 127.0.0.1 that records every POST and answers the planned status codes. With `tls`
    (a server-side SSLContext) it speaks HTTPS and records the host name each client asked for (SNI)."""

    def __init__(self, statuses=(), *, tls: ssl.SSLContext | None = None):
        self.requests, self.statuses, self.server_names = [], list(statuses), []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        if tls is not None:
            tls.sni_callback = lambda connection, name, context: self.server_names.append(name)
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
