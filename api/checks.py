"""System checks of the api app (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Backends whose entries live in one process only: each web worker would count a key's requests apart.
PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, deploy=True)
def rate_limits_are_shared(app_configs, **kwargs):
    """The API's per-key rate limits are counted in the default cache, which every process must share."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PROCESS_LOCAL_CACHES:
        return [
            Warning(
                f"The default cache ({backend.rsplit('.', 1)[-1]}) is local to each process, so every web "
                "worker would allow an API key its full rate limit.",
                hint="Unset NEWSROOM_CACHE_URL (the database cache) or point it at a shared cache, e.g. "
                "redis://127.0.0.1:6379/0.",
                id="api.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def webhooks_stay_public(app_configs, **kwargs):
    """NEWSROOM_WEBHOOK_ALLOW_PRIVATE is for a local receiver in development; in production it lets a member
    make the server POST to internal hosts (cloud metadata, databases, the admin on 127.0.0.1)."""
    if settings.NEWSROOM_WEBHOOK_ALLOW_PRIVATE and not settings.DEBUG:
        return [
            Warning(
                "NEWSROOM_WEBHOOK_ALLOW_PRIVATE is on: members may register webhooks that make this server POST "
                "to loopback and private addresses on its own network.",
                hint="Unset NEWSROOM_WEBHOOK_ALLOW_PRIVATE in production; it is meant for a local receiver "
                "in development and tests.",
                id="api.W002",
            )
        ]
    return []
