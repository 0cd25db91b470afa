"""The content API under /api/ (Django REST framework). See README “Union content exchange”."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.decorators import method_decorator
from django.views.decorators.http import conditional_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api import ninjs, selectors, services
from api.errors import RequestTooLarge
from api.filters import ArticleFilter, EventFilter, IssueFilter
from api.manuscripts import ManuscriptError, from_markdown, from_ninjs
from api.models import ApiKey, ExchangeAction, ItemType, Manuscript, ManuscriptFormat, Scope, WebhookEndpoint
from api.parsers import MarkdownParser
from api.serializers import (
    FeedPageSerializer,
    ManuscriptInputSerializer,
    ManuscriptSerializer,
    NinjsPageSerializer,
    WebhookSerializer,
)


class NinjsPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


@method_decorator(conditional_page, name="dispatch")
class ExchangeView(APIView):
    """Every API view: size limit, ETag/304 on GET, and one exchange-log entry per request."""

    required_scope = Scope.READ
    items_count = 0

    def initial(self, request, *args, **kwargs):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > settings.NEWSROOM_API_MAX_REQUEST_BYTES:
            raise RequestTooLarge(
                f"The request body is {int(length):,} bytes; the limit is {settings.NEWSROOM_API_MAX_REQUEST_BYTES:,}."
            )
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        api_key = getattr(request, "auth", None)
        if isinstance(api_key, ApiKey):
            action = ExchangeAction.PULL if request.method in ("GET", "HEAD") else ExchangeAction.SUBMISSION
            services.log_exchange(
                action=action,
                what=f"{request.method} {request.get_full_path()}",
                api_key=api_key,
                status_code=response.status_code,
                items=self.items_count if response.status_code < 400 else 0,
            )
        response.setdefault("Cache-Control", "private, no-cache")
        return response

    def base_url(self) -> str:
        return self.request.build_absolute_uri("/")


class Root(ExchangeView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="The key in use and the endpoints")
    def get(self, request):
        api_key = request.auth
        org = api_key.organization
        return Response(
            {
                "key": {"name": api_key.name, "prefix": api_key.prefix, "scopes": api_key.scopes},
                "organization": {"name": org.name, "slug": org.slug} if org else None,
                "union": {"name": api_key.union.name, "slug": api_key.union.slug} if api_key.union_id else None,
                "endpoints": {
                    name: request.build_absolute_uri(f"/api/{name}/")
                    for name in ("articles", "feed", "issues", "events", "manuscripts", "webhooks", "schema")
                },
            }
        )


class NinjsListView(ExchangeView, generics.GenericAPIView):
    """A paginated, filtered list; subclasses give `get_queryset` and `item(obj) -> ninjs dict`."""

    pagination_class = NinjsPagination
    # drf-spectacular documents filters and paging only for views it takes for lists (ListModelMixin, a list
    # serializer); these answer a page object of their own, so their `get` names both.
    page_parameters = [
        OpenApiParameter("page", int, description="Page number, from 1."),
        OpenApiParameter(
            "page_size", int, description=f"Items per page, at most {NinjsPagination.max_page_size} (default 50)."
        ),
    ]

    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.items_count = len(page)
        return self.get_paginated_response([self.item(obj) for obj in page])


class ArticleList(NinjsListView):
    """Published articles, newest first, as ninjs (embargoed ones too for keys with the embargoed scope)."""

    filterset_class = ArticleFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model to document the filters
            return ArticleFilter._meta.model.objects.none()
        articles = selectors.visible_articles(self.request.auth)
        return ninjs.article_queryset(articles).order_by("-publish_at", "-pk")

    def item(self, article):
        return ninjs.article_item(article, base_url=self.base_url())

    @extend_schema(
        responses=NinjsPageSerializer,
        summary="Published articles as ninjs",
        operation_id="articles_list",
        parameters=NinjsListView.page_parameters,
        filters=True,
    )
    def get(self, request):
        return super().get(request)


class ArticleDetail(ExchangeView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="One published article as ninjs")
    def get(self, request, pk: int):
        article = ninjs.article_queryset(selectors.visible_articles(request.auth)).filter(pk=pk).first()
        if article is None:
            raise NotFound("No published article has this id.")
        self.items_count = 1
        return Response(ninjs.article_item(article, base_url=self.base_url()))


class Feed(ExchangeView):
    """Changes since a cursor: articles, issues and events published, updated, corrected or withdrawn."""

    @extend_schema(
        parameters=[
            OpenApiParameter("since", str, description="The next_cursor of the previous page; omit to start."),
            OpenApiParameter("limit", int, description="Changes per page, 1–500 (default 100)."),
            OpenApiParameter(
                "type", str, many=True, enum=ItemType.values,
                description="Only these kinds of item (repeat for several); default: all.",
            ),
        ],
        responses=FeedPageSerializer,
        summary="Change feed",
    )  # fmt: skip
    def get(self, request):
        since = request.query_params.get("since")
        try:
            position = selectors.decode_cursor(since) if since else None
        except selectors.BadCursor as problem:
            raise ValidationError({"since": [str(problem)]}) from problem
        limit_text = request.query_params.get("limit", "100")
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= 500:
            raise ValidationError({"limit": ["A whole number from 1 to 500."]})
        types = request.query_params.getlist("type")
        unknown = sorted(set(types) - set(ItemType.values))
        if unknown:
            raise ValidationError({"type": [f"Unknown type {', '.join(unknown)}: use {', '.join(ItemType.values)}."]})
        page = selectors.feed_page(request.auth, since=position, limit=int(limit_text), types=set(types))
        base_url = self.base_url()
        changes = []
        for entry in page.entries:
            change = entry.change
            if entry.item is None:
                kind, item = (
                    "withdrawn",
                    ninjs.withdrawal_item(entry.item_type, change.object_id, at=change.effective_at),
                )
            else:
                kind, item = change.kind, ninjs.change_item(entry.item_type, entry.item, base_url=base_url)
            changes.append(
                {
                    "change": kind,
                    "type": entry.item_type,
                    "id": change.object_id,
                    "changed_at": ninjs.stamp(change.effective_at),
                    "cursor": selectors.encode_cursor(change),
                    "item": item,
                }
            )
        self.items_count = len(changes)
        return Response({"changes": changes, "next_cursor": page.next_cursor, "has_more": page.has_more})


class IssueList(NinjsListView):
    """Published issues, newest first: ninjs packages whose associations name their articles (by uri)."""

    filterset_class = IssueFilter

    def get_queryset(self):
        return ninjs.issue_summary_queryset(selectors.visible_issues()).order_by("-date", "-pk")

    def item(self, issue):
        return ninjs.issue_summary(issue, base_url=self.base_url())

    @extend_schema(
        responses=NinjsPageSerializer,
        summary="Published issues as ninjs packages",
        operation_id="issues_list",
        parameters=NinjsListView.page_parameters,
        filters=True,
    )
    def get(self, request):
        return super().get(request)


class IssueDetail(ExchangeView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="One published issue as a full ninjs package")
    def get(self, request, pk: int):
        if not selectors.visible_issues().filter(pk=pk).exists():
            raise NotFound("No published issue has this id.")
        self.items_count = 1
        return Response(ninjs.issue_item(pk, base_url=self.base_url()))


class EventList(NinjsListView):
    filterset_class = EventFilter

    def get_queryset(self):
        return ninjs.event_queryset(selectors.visible_events()).order_by("-start", "-pk")

    def item(self, event):
        return ninjs.event_item(event, base_url=self.base_url())

    @extend_schema(
        responses=NinjsPageSerializer,
        summary="Published events as ninjs",
        operation_id="events_list",
        parameters=NinjsListView.page_parameters,
        filters=True,
    )
    def get(self, request):
        return super().get(request)


class EventDetail(ExchangeView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="One published event as ninjs")
    def get(self, request, pk: int):
        event = ninjs.event_queryset(selectors.visible_events()).filter(pk=pk).first()
        if event is None:
            raise NotFound("No published event has this id.")
        self.items_count = 1
        return Response(ninjs.event_item(event, base_url=self.base_url()))


def _field_error(name: str, message: str) -> ValidationError:
    return ValidationError({name: [message]})


class ManuscriptList(ExchangeView):
    """A member's manuscripts: send one in (POST), or list them with their status (GET)."""

    required_scope = Scope.MANUSCRIPTS
    parser_classes = [JSONParser, MarkdownParser, MultiPartParser]

    @extend_schema(responses=ManuscriptSerializer(many=True), summary="Your manuscripts and their status")
    def get(self, request):
        manuscripts = Manuscript.objects.filter(organization=request.auth.organization).select_related(
            "article__issue__publication"
        )
        self.items_count = len(manuscripts)
        return Response(ManuscriptSerializer(manuscripts, many=True, context={"request": request}).data)

    @extend_schema(
        request={
            "application/json": OpenApiTypes.OBJECT,
            "text/markdown": OpenApiTypes.STR,
            "multipart/form-data": ManuscriptInputSerializer,
        },
        responses={201: ManuscriptSerializer},
        summary="Send a manuscript (ninjs, or issue-file article Markdown, with optional images)",
    )
    def post(self, request):
        images = []
        try:
            if request.content_type.startswith(MarkdownParser.media_type):
                markdown = request.data if isinstance(request.data, str) else ""  # an empty body parses to {}
                source_format, source, text = ManuscriptFormat.MARKDOWN, markdown, from_markdown(markdown)
            elif request.content_type.startswith("application/json"):
                source = json.dumps(request.data, ensure_ascii=False)
                source_format, text = ManuscriptFormat.NINJS, from_ninjs(request.data)
            else:
                source_format, source, text = self._from_form(request)
                images = self._images(request)
        except ManuscriptError as problem:
            raise _field_error(problem.field, problem.message) from problem
        manuscript = services.submit_manuscript(
            api_key=request.auth, source_format=source_format, source=source, title=text.title, body=text.body,
            standfirst=text.standfirst, byline=text.byline, language=text.language, images=images,
        )  # fmt: skip
        self.items_count = 1
        data = ManuscriptSerializer(manuscript, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})

    def _from_form(self, request):
        data = request.data
        upload = request.FILES.get("manuscript")
        markdown, ninjs_text = data.get("markdown"), data.get("ninjs")
        if upload is not None:
            raw = upload.read()
            try:
                content = raw.decode("utf-8")
            except UnicodeDecodeError as problem:
                raise ManuscriptError("manuscript", "The file is not UTF-8 text.") from problem
            if upload.name.lower().endswith(".json"):
                ninjs_text = content
            elif upload.name.lower().endswith((".md", ".markdown", ".txt")):
                markdown = content
            else:
                raise ManuscriptError("manuscript", "Name the file .md (Markdown) or .json (ninjs).")
        if bool(markdown) == bool(ninjs_text):
            raise ManuscriptError("markdown", "Send either `markdown` or `ninjs` (or a `manuscript` file), not both.")
        if markdown:
            return ManuscriptFormat.MARKDOWN, markdown, from_markdown(markdown)
        try:
            parsed = json.loads(ninjs_text)
        except json.JSONDecodeError as problem:
            raise ManuscriptError("ninjs", f"Not JSON: {problem.msg} (line {problem.lineno}).") from problem
        return ManuscriptFormat.NINJS, ninjs_text, from_ninjs(parsed)

    def _images(self, request):
        files, alts = request.FILES.getlist("images"), request.data.getlist("image_alt")
        if len(alts) != len(files) or any(not alt.strip() for alt in alts):
            raise ManuscriptError("image_alt", "Give every image its alt text: one `image_alt` per image, in order.")
        return list(zip(files, alts, strict=True))


class ManuscriptDetail(ExchangeView):
    required_scope = Scope.MANUSCRIPTS

    @extend_schema(responses=ManuscriptSerializer, summary="One of your manuscripts: status and editors' comment")
    def get(self, request, pk: int):
        manuscript = (
            Manuscript.objects.filter(organization=request.auth.organization, pk=pk)
            .select_related("article__issue__publication")
            .first()
        )
        if manuscript is None:
            raise NotFound("You have no manuscript with this id.")
        self.items_count = 1
        return Response(ManuscriptSerializer(manuscript, context={"request": request}).data)


class WebhookList(ExchangeView):
    required_scope = Scope.WEBHOOKS

    @extend_schema(responses=WebhookSerializer(many=True), summary="Your webhook endpoints")
    def get(self, request):
        endpoints = WebhookEndpoint.objects.filter(organization=request.auth.organization)
        return Response(WebhookSerializer(endpoints, many=True).data)

    @extend_schema(request=WebhookSerializer, responses={201: WebhookSerializer}, summary="Register an endpoint")
    def post(self, request):
        serializer = WebhookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint = services.register_webhook(api_key=request.auth, url=serializer.validated_data["url"])
        self.items_count = 1
        data = WebhookSerializer(endpoint, context={"show_secret": True}).data
        return Response(data, status=status.HTTP_201_CREATED)


class WebhookDetail(ExchangeView):
    required_scope = Scope.WEBHOOKS

    @extend_schema(responses={204: None}, summary="Remove an endpoint")
    def delete(self, request, pk: int):
        deleted, _ = WebhookEndpoint.objects.filter(organization=request.auth.organization, pk=pk).delete()
        if not deleted:
            raise NotFound("You have no webhook endpoint with this id.")
        return Response(status=status.HTTP_204_NO_CONTENT)
