"""A small HTTP client for tests and load scripts that talk to a real server (live_server, gunicorn).

Standard library only: cookies, CSRF and admin forms re-submitted as a browser would. Used by the
concurrency tests and by `scripts/load-editors`; it only ever talks to the address it is given.
"""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Response:
    status: int
    url: str
    body: str
    headers: dict

    @property
    def redirected(self) -> bool:
        return self.status in (301, 302, 303)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class FormParser(HTMLParser):
    """The fields of one <form> (by id, or the first form with method=post) as a browser would submit them."""

    def __init__(self, form_id: str | None = None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self._select: tuple[str, bool] | None = None
        self._select_values: list[str] = []
        self._select_first: str | None = None
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and not self.inside:
            if (self.form_id and attrs.get("id") == self.form_id) or (
                not self.form_id and (attrs.get("method") or "").lower() == "post"
            ):
                self.inside = True
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea, self._textarea_text = name, ""
        elif tag == "select" and name and "disabled" not in attrs:
            self._select = (name, "multiple" in attrs)
            self._select_values, self._select_first = [], None
        elif tag == "option" and self._select:
            self._option_value = attrs.get("value")
            self._option_selected = "selected" in attrs
            self._option_text = ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text += data
        elif self._select and self._option_value is None:
            self._option_text += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "form":
            self.inside, self.done = False, True
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea_text[1:] if self._textarea_text.startswith("\n") else self._textarea_text
            self.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "option" and self._select:
            value = self._option_value if self._option_value is not None else self._option_text.strip()
            if self._select_first is None:
                self._select_first = value
            if self._option_selected:
                self._select_values.append(value)
            self._option_value = None
        elif tag == "select" and self._select:
            name, multiple = self._select
            values = self._select_values or ([] if multiple or self._select_first is None else [self._select_first])
            self.fields.extend((name, value) for value in values)
            self._select = None


def form_fields(html: str, form_id: str | None = None) -> dict[str, str | list[str]]:
    """A form's fields as a dict (a name that occurs more than once maps to a list)."""
    parser = FormParser(form_id)
    parser.feed(html)
    data: dict[str, str | list[str]] = {}
    for name, value in parser.fields:
        if name in data:
            existing = data[name]
            data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[name] = value
    return data


class LiveClient:
    """One browser session against `base_url` (cookies kept; redirects are returned, not followed)."""

    def __init__(self, base_url: str, *, timeout: float = 60):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        # Cookies marked Secure (the production settings) are sent over plain HTTP too, as browsers do for
        # loopback addresses: this client only talks to local servers.
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        self.cookies = http.cookiejar.CookieJar(policy)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def _cookie(self, name: str) -> str:
        return next((cookie.value for cookie in self.cookies if cookie.name == name), "")

    def set_cookie(self, name: str, value: str) -> None:
        host = urllib.parse.urlsplit(self.base_url).hostname
        host = host if "." in host else f"{host}.local"  # how CookieJar names dotless hosts such as localhost
        self.cookies.set_cookie(
            http.cookiejar.Cookie(0, name, value, None, False, host, False, False, "/", True, False, None, False,
                                  None, None, {})
        )  # fmt: skip

    def request(self, method: str, path: str, data=None, headers: dict | None = None) -> Response:
        url = path if path.startswith("http") else self.base_url + path
        body = None
        headers = dict(headers or {})
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method == "POST":
            headers.setdefault("X-CSRFToken", self._cookie("csrftoken"))
            headers.setdefault("Referer", url)
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=self.timeout) as answer:
                return Response(answer.status, url, answer.read().decode("utf-8", "replace"), dict(answer.headers))
        except urllib.error.HTTPError as error:
            return Response(error.code, url, error.read().decode("utf-8", "replace"), dict(error.headers))

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Response:
        data = dict(data)
        data.setdefault("csrfmiddlewaretoken", self._cookie("csrftoken"))
        return self.request("POST", path, data=data, **kwargs)

    def login(self, username: str, password: str) -> Response:
        self.get("/admin/login/")
        return self.post("/admin/login/?next=/admin/", {"username": username, "password": password})

    def form(self, path: str, form_id: str | None = None) -> tuple[Response, dict]:
        """GET a page and return it with the fields of its form (to change and POST back)."""
        page = self.get(path)
        return page, form_fields(page.body, form_id)
