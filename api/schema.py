"""OpenAPI description of the API key authentication (drf-spectacular extension, loaded in ApiConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "nrk_<prefix>_<secret>",
            "description": "A key issued by staff to a union member organisation (shown once).",
        }
