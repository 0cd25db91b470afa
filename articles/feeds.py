"""RSS 2.0 and Atom 1.0 feeds of each publication's published articles (Django syndication)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Publication
from articles.selectors import public_articles
from core.rendering import markdown_to_text

FEED_LENGTH = 30


class PublicationRssFeed(Feed):
    feed_type = Rss201rev2Feed
    kind = "rss"

    def get_object(self, request, slug):
        return get_object_or_404(Publication.objects.published(), slug=slug)

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
        return standfirst + article.body_html

    def item_link(self, article):
        return article.get_absolute_url()

    def item_guid(self, article):
        return f"tag:newsroom,article:{article.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        names = [byline.author.name for byline in article.bylines.all()]
        return ", ".join(names) or None

    def item_categories(self, article):
        categories = [article.get_kind_display()]
        if article.section_id:
            categories.append(article.section.title)
        return categories


class PublicationAtomFeed(PublicationRssFeed):
    feed_type = Atom1Feed
    kind = "atom"
