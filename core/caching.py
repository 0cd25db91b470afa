"""Public pages served from a cache keyed by the version of everything they show.

A URL is a public page when its route says so (`public_page(view)` in a urls.py), never because of
the view's class: staff previews and share links subclass the public views, and their routes are
not marked. For a marked route, `PageCacheMiddleware`:

1. reads the content version and when the pages may next change with time (core.versions: one
   query), before any content;
2. answers a conditional GET whose ETag still holds with 304 Not Modified: the ETag carries the
   version it was made for and the moment it stops holding, signed, so no page is looked up or
   rendered (at most the version query);
3. serves the page from the cache under (release, version, URL) while it holds;
4. otherwise lets the view render it, then keeps it until that next change (a publish time or an
   event end reached with no write, or midnight), and only if it was rendered before then.

Only anonymous GET/HEAD requests take part: a request carrying a session cookie (staff) or an
Authorization header is passed straight to the view, and only 200 responses without cookies,
`Vary: Cookie` or a private/no-store Cache-Control are kept. The cache is the "pages" cache
(settings: `NEWSROOM_PAGE_CACHE_URL`): per process memory by default, which stays correct with many processes
because the version is read from the database on every request, or Redis shared by all servers.

`release()` joins the key too: a deploy that changes templates or code never serves pages rendered
by the old code.

Parts of a page that is not cached whole can be kept the same way (`cached_for_content`): the search
page renders its results on every request, but the choices its filters offer depend only on content.
"""

import datetime as dt
import functools
import hashlib
import hmac
import os
from collections.abc import Callable
from functools import cache as memoize
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.connection import ConnectionProxy
from django.utils.http import parse_etags
from django.views.decorators.cache import cache_control
from django.views.decorators.http import conditional_page

from core import versions

page_cache = ConnectionProxy(caches, "pages")

# Browsers and shared caches (a CDN) may keep a public page this long; after that they revalidate
# with its ETag, which costs one query and no rendering. Never longer than until the next change.
PUBLIC_MAX_AGE = 120
PAGE_TIMEOUT = 24 * 60 * 60  # seconds a page stays in the cache (pages of old versions expire)
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".js", ".svg"}
# Headers rebuilt for every answer rather than kept with the page.
UNKEPT_HEADERS = {"content-length", "etag", "cache-control", "expires", "date", "vary", "set-cookie"}


def public_page(view, *, max_age: int = PUBLIC_MAX_AGE):
    """Mark a URL's view as a public page (see the module docstring). Use in urls.py:

        path("…", public_page(IssueDetailView.as_view()), name="issue_detail")

    `max_age`: seconds browsers and CDNs may keep it without revalidating (capped by the next change).
    """

    @functools.wraps(view)
    def page(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    page.public_page_max_age = max_age
    return page


def revalidated_page(view, *, max_age: int = PUBLIC_MAX_AGE):
    """A public page the page cache cannot version: it shows more than the tracked tables (search results
    come from the full-text index, which a repair can rebuild with no write to them). Rendered on every
    request; Cache-Control, and an ETag of the content for 304 answers."""
    return conditional_page(cache_control(public=True, max_age=max_age)(view))


class PublicPageMixin:
    """Cache-Control for a public page's 200 answers (the page cache adds the ETag and 304s); a subclass
    that chose its own policy (a private staff preview) keeps it."""

    max_age = PUBLIC_MAX_AGE

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        cacheable = request.method in ("GET", "HEAD") and response.status_code == 200
        if cacheable and not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=self.max_age)
        return response


@memoize
def release() -> str:
    """What code and templates render pages: `NEWSROOM_RELEASE` when set (a deploy id), else a digest of
    the project's own apps, templates and static files, the same on every server running the same code."""
    if os.environ.get("NEWSROOM_RELEASE"):
        return os.environ["NEWSROOM_RELEASE"]
    base = Path(settings.BASE_DIR).resolve()
    roots = [Path(config.path) for config in apps.get_app_configs() if Path(config.path).is_relative_to(base)]
    roots.append(base / settings.ROOT_URLCONF.split(".")[0])  # the project shell: urls, home page, context
    roots += [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    roots += [Path(folder) for folder in settings.STATICFILES_DIRS]
    digest = hashlib.blake2b(settings.NEWSROOM_SITE_NAME.encode(), digest_size=12)
    for path in sorted({file for root in roots for file in root.rglob("*") if file.suffix in RELEASE_SUFFIXES}):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _signature(version: str, valid_until: int, url: str) -> str:
    message = f"{release()}|{version}|{valid_until}|{url}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.blake2b).hexdigest()[:24]


def make_etag(version: str, valid_until: int, url: str) -> str:
    """A quoted ETag for the page at `url` rendered from `version`, holding until `valid_until` (µs since epoch)."""
    return f'"{valid_until:x}-{_signature(version, valid_until, url)}"'


def etag_holds(etag: str, *, version: str, url: str, now: int) -> int:
    """When a page the client got with `etag` (quoted, as parse_etags gives it) is still the current one:
    the moment it stops holding (µs since epoch), else 0."""
    valid_until, _, signature = etag.strip('"').partition("-")
    try:
        valid_until = int(valid_until, 16)
    except ValueError:
        return 0
    holds = now < valid_until and hmac.compare_digest(signature, _signature(version, valid_until, url))
    return valid_until if holds else 0


def _microseconds(moment) -> int:
    return int(moment.timestamp() * 1_000_000)


def cached_for_content[T](name: str, compute: Callable[[dt.datetime], T]) -> T:
    """`compute(now)`, kept in the pages cache under the content version until the content changes.

    `compute` reads tracked tables only (core.versions), as they are at `now` (aware; pass it to
    `.published(at=now)`), and returns something picklable. Like a page, the value is read again
    after any write to those tables, once a registered time (a publish time) passes, and at midnight,
    in every process; a value computed while such a time passed is returned but not kept. Costs the
    version query, plus `compute` when nothing current is kept (or the database has no version yet).
    """
    now = timezone.now()
    version = versions.current(now=now)
    if version is None:
        return compute(now)
    key = f"{release()}|{version.token}|{name}"
    key = "newsroom:data:" + hashlib.blake2b(key.encode(), digest_size=20).hexdigest()
    now_us, valid_until = _microseconds(now), _microseconds(version.changes_at)
    kept = page_cache.get(key)
    if kept is not None and kept[0] <= now_us < kept[1]:
        return kept[2]
    value = compute(now)
    if _microseconds(timezone.now()) < valid_until:
        page_cache.set(key, (now_us, valid_until, value), PAGE_TIMEOUT)
    return value


def _storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "cookie" in response.get("Vary", "").lower():
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


class PageCacheMiddleware:
    """Serve marked public pages from the version-keyed cache, and answer their revalidations (module docstring).

    Place it right after WhiteNoise, before the session middleware: a page served from the cache
    skips everything below it; what the middleware below adds to a response (X-Frame-Options…) is
    kept with the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        max_age = self._max_age(request)
        if max_age is None:
            return self.get_response(request)
        now = timezone.now()
        version = versions.current(now=now)
        if version is None:  # nothing written since the database was made: nothing to key pages by
            return self.get_response(request)
        url = request.build_absolute_uri()
        now_us, valid_until = _microseconds(now), _microseconds(version.changes_at)

        for etag in parse_etags(request.headers.get("If-None-Match", "")):
            held_until = etag_holds(etag, version=version.token, url=url, now=now_us)
            if held_until:
                return self._finish(HttpResponseNotModified(), etag, held_until, now_us, max_age)

        key = f"{release()}|{version.token}|{url}"
        key = "newsroom:page:" + hashlib.blake2b(key.encode(), digest_size=20).hexdigest()
        kept = page_cache.get(key)
        if kept is not None and kept[0] <= now_us < kept[1]:
            _, kept_until, etag, headers, content = kept
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return self._finish(response, etag, kept_until, now_us, max_age)

        response = self.get_response(request)
        if not _storable(response):
            return response
        etag = make_etag(version.token, valid_until, url)
        # Kept only if rendered before the next change: a page finished after a publish time passed may
        # show what pages of this version rendered earlier must not.
        if request.method == "GET" and _microseconds(timezone.now()) < valid_until:
            headers = [(name, value) for name, value in response.items() if name.lower() not in UNKEPT_HEADERS]
            page_cache.set(key, (now_us, valid_until, etag, headers, response.content), PAGE_TIMEOUT)
        return self._finish(response, etag, valid_until, now_us, max_age)

    @staticmethod
    def _max_age(request) -> int | None:
        """The route's max-age when the request may use the page cache, else None."""
        if request.method not in ("GET", "HEAD") or "Authorization" in request.headers:
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES:  # staff: never served from or stored in the cache
            return None
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        return getattr(match.func, "public_page_max_age", None)

    @staticmethod
    def _finish(response, etag: str, valid_until: int, now_us: int, max_age: int):
        response["ETag"] = etag
        seconds_left = max(0, (valid_until - now_us) // 1_000_000)
        if response.has_header("Cache-Control"):
            del response["Cache-Control"]
        patch_cache_control(response, public=True, max_age=min(max_age, seconds_left))
        if not response.streaming and response.status_code == 200:
            response["Content-Length"] = str(len(response.content))
        return response
