"""RSS 2.0 and Atom 1.0 feeds of each publication's published articles (Django syndication).

Feed items are read away from the site: every link and image address in them is absolute.
Every text goes through core.text.clean_text on its way into the XML writer, so a row
stored before input normalisation existed cannot make the feed unserializable. A feed asked
for at a publication's old slug answers 301 with its current address (editorial.slug_history).

Every entry names its authors — the bylines, or the publisher for an unsigned piece its publication
allows (Article.credits) — one element each: `dc:creator` in RSS (whose `<author>` must be an e-mail
address), `atom:author` in Atom. The Atom feed also names the publisher (else the publication) as the
feed's author, so that an entry without one still has the author RFC 4287 requires.
"""

import copy

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Publication
from articles.selectors import find_at_address, public_articles
from core.rendering import Addresses, markdown_to_text, render_markdown
from core.text import clean_text

FEED_LENGTH = 30
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


def _clean(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_clean(item) for item in value)
    return value


class _CleanTextFeedMixin:
    """Texts (titles, descriptions, names, categories) pass `clean_text` before they reach the XML writer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*_clean(args), **{key: _clean(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*_clean(args), **{key: _clean(value) for key, value in kwargs.items()})


class _NoSingleAuthor(dict):
    """An item as Django's generators see it, with its authors left to us (written one element each)."""

    def __init__(self, item):
        super().__init__(item, author_name=None, author_email=None, author_link=None)


class BylinedRssFeed(_CleanTextFeedMixin, Rss201rev2Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, _NoSingleAuthor(item))
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name, {"xmlns:dc": DUBLIN_CORE})


class BylinedAtomFeed(_CleanTextFeedMixin, Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, _NoSingleAuthor(item))
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class PublicationRssFeed(Feed):
    feed_type = BylinedRssFeed
    kind = "rss"
    request = None  # set on the per-request copy (see __call__)

    def __call__(self, request, *args, **kwargs):
        # The feed object is shared by all requests; the one that knows the request is a copy.
        per_request = copy.copy(self)
        per_request.request = request
        try:
            return Feed.__call__(per_request, request, *args, **kwargs)
        except Http404:
            publication, moved = find_at_address(publication=kwargs["slug"])
            if not moved:
                raise
            return HttpResponsePermanentRedirect(self.feed_url(publication))

    def get_object(self, request, slug):
        return get_object_or_404(Publication.objects.published().select_related("publisher"), slug=slug)

    def title(self, publication):
        return publication.name

    def link(self, publication):
        return publication.get_absolute_url()

    def feed_url(self, publication):
        return reverse(f"articles:publication_feed_{self.kind}", kwargs={"slug": publication.slug})

    def subtitle(self, publication):
        """Plain text (Atom's subtitle is type="text": readers show it as it is)."""
        return markdown_to_text(publication.description) or f"Latest articles from {publication.name}."

    def description(self, publication):
        # RSS readers render the channel description as HTML: text that looks like markup is escaped so
        # that it is shown, never run (an XML escape alone is undone by the reader before rendering).
        return escape(self.subtitle(publication))

    def items(self, publication):
        return public_articles().filter(issue__publication=publication).order_by("-publish_at", "-pk")[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        standfirst = f"<p><strong>{escape(article.standfirst)}</strong></p>" if article.standfirst else ""
        page = self.request.build_absolute_uri(article.get_absolute_url())
        return standfirst + render_markdown(article.body, addresses=Addresses(base_url=page))

    def item_link(self, article):
        return article.get_absolute_url()

    def item_guid(self, article):
        return f"tag:newsroom,article:{article.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_extra_kwargs(self, article):
        return {"authors": [byline.author.name for byline in article.credits]}

    def item_categories(self, article):
        categories = [article.get_kind_display()]
        if article.section_id:
            categories.append(article.section.title)
        return categories


class PublicationAtomFeed(PublicationRssFeed):
    feed_type = BylinedAtomFeed
    kind = "atom"

    def author_name(self, publication):
        return publication.publisher.name if publication.publisher_id else publication.name
