"""Shapes of what the API reads and writes (also what the OpenAPI schema documents).

Content comes out as ninjs 2.1 objects built by api.ninjs; these serializers describe the
envelopes around them and validate what members send in.
"""

from django.conf import settings
from rest_framework import serializers

from api.models import ItemType, Manuscript, WebhookEndpoint
from editorial.models import PublicChangeKind


class NinjsField(serializers.JSONField):
    """An IPTC ninjs 2.1 object (https://www.iptc.org/std/ninjs/)."""


class FeedEntrySerializer(serializers.Serializer):
    change = serializers.ChoiceField(choices=PublicChangeKind.choices, help_text="What happened to the item.")
    type = serializers.ChoiceField(choices=ItemType.choices, help_text="What the item is.")
    id = serializers.IntegerField(help_text="The item's id (as in /api/<type>s/<id>/ and its ninjs uri).")
    changed_at = serializers.DateTimeField()
    cursor = serializers.CharField(help_text="Resume after this entry with ?since=<cursor>.")
    item = NinjsField(
        help_text="The article or event as ninjs, the issue as a partial ninjs package, or for `withdrawn` a "
        "ninjs object with pubstatus “canceled”."
    )


class FeedPageSerializer(serializers.Serializer):
    changes = FeedEntrySerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True, help_text="Pass as ?since= to read on.")
    has_more = serializers.BooleanField(help_text="More changes are waiting: ask again at once with next_cursor.")


class NinjsPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = NinjsField(help_text="ninjs objects.")


class WebhookSerializer(serializers.ModelSerializer):
    secret = serializers.SerializerMethodField(help_text="Only in the answer to the POST that created it.")

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "active", "created_at", "secret"]
        read_only_fields = ["id", "active", "created_at", "secret"]

    def get_secret(self, endpoint) -> str | None:
        return endpoint.secret if self.context.get("show_secret") else None

    def validate_url(self, url: str) -> str:
        if settings.NEWSROOM_API_REQUIRE_HTTPS and not url.lower().startswith("https://"):
            raise serializers.ValidationError("A webhook address must use HTTPS.")
        return url


class ManuscriptInputSerializer(serializers.Serializer):
    """multipart/form-data: one of `markdown` or `ninjs` (text fields, or a file named `manuscript`
    whose name ends in .md or .json), plus any number of `images` with one `image_alt` each, in order.
    JSON bodies (a ninjs object) and text/markdown bodies are accepted directly too."""

    markdown = serializers.CharField(required=False, trim_whitespace=False)
    ninjs = serializers.JSONField(required=False)
    manuscript = serializers.FileField(required=False)
    images = serializers.ListField(child=serializers.ImageField(), required=False)
    image_alt = serializers.ListField(child=serializers.CharField(), required=False)


class ManuscriptSerializer(serializers.ModelSerializer):
    article = serializers.SerializerMethodField(help_text="Once accepted: the article's workflow state and address.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Manuscript
        fields = ["id", "url", "title", "status", "comment", "submitted_at", "decided_at", "byline", "article"]

    def get_url(self, manuscript) -> str:
        return self.context["request"].build_absolute_uri(manuscript.get_absolute_url())

    def get_article(self, manuscript) -> dict | None:
        article = manuscript.article
        if article is None:
            return None
        public = article.is_public() and article.issue.is_public()
        return {
            "status": article.status,
            "url": self.context["request"].build_absolute_uri(article.get_absolute_url()) if public else None,
        }
