from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Union content exchange"

    def ready(self):
        # Webhook pushes: every change members can see is handed to the task queue (see api.receivers).
        # schema: the OpenAPI description of API keys; checks: the deploy check of the rate-limit cache.
        from api import checks, receivers, schema  # noqa: F401
        from editorial.changes import public_change

        public_change.connect(receivers.enqueue_push, dispatch_uid="api_enqueue_push")
