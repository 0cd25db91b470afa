from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Union content exchange"

    def ready(self):
        # Webhook pushes: every change members can see is handed to the task queue (see api.receivers).
        from api import receivers, schema  # noqa: F401  (schema: the OpenAPI description of API keys)
        from articles.signals import public_change

        public_change.connect(receivers.enqueue_push, dispatch_uid="api_enqueue_push")
