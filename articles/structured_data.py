"""schema.org JSON-LD for article and issue pages, built as Python data (serialized by `json_ld`)."""


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


def _author(request, byline: dict) -> dict:
    """A byline as articles.selectors.byline_cards gives it."""
    data = {"@type": byline["type"], "name": byline["name"], "url": _absolute(request, byline["url"])}
    if byline["type"] == "Person" and byline["position_as_printed"]:
        data["jobTitle"] = byline["position_as_printed"]
    return data


def _publisher(publication) -> dict:
    publisher = publication.publisher
    if publisher is not None:
        data = {"@type": "Organization", "name": publisher.name}
        if publisher.website:
            data["url"] = publisher.website
        return data
    return {"@type": "Organization", "name": publication.name}


def article_json_ld(article, *, request, bylines: list[dict], image_url: str = "") -> dict:
    """`bylines` as articles.selectors.article_relations gives them (for an unsigned piece, the publisher)."""
    issue = article.issue
    publication = issue.publication
    url = _absolute(request, article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "url": url,
        "mainEntityOfPage": url,
        "dateModified": max(filter(None, (article.updated_at, article.publish_at))).isoformat(),
        "inLanguage": publication.language,
        "author": [_author(request, byline) for byline in bylines],
        "publisher": _publisher(publication),
        "isPartOf": {
            "@type": "PublicationIssue",
            "issueNumber": issue.number,
            "datePublished": issue.date.isoformat(),
            "url": _absolute(request, issue.get_absolute_url()),
            "isPartOf": {"@type": "Periodical", "name": publication.name},
        },
    }
    if article.publish_at:  # a staff preview of a draft has none yet
        data["datePublished"] = article.publish_at.isoformat()
    if article.standfirst:
        data["description"] = article.standfirst
    if article.section_id:
        data["articleSection"] = article.section.title
    if article.dateline_place:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline_place}
    if image_url:
        data["image"] = [image_url]
    return data


def issue_json_ld(issue, *, request, articles) -> dict:
    """`articles`: the issue's published articles, as model instances or as the plain cards of
    articles.selectors.issue_contents (dicts with "title" and "url")."""
    publication = issue.publication
    data = {
        "@context": "https://schema.org",
        "@type": "PublicationIssue",
        "issueNumber": issue.number,
        "datePublished": issue.date.isoformat(),
        "url": _absolute(request, issue.get_absolute_url()),
        "isPartOf": {"@type": "Periodical", "name": publication.name, "publisher": _publisher(publication)},
        "hasPart": [
            {"@type": "NewsArticle", "headline": title[:110], "url": _absolute(request, url)}
            for title, url in (
                (article["title"], article["url"]) if isinstance(article, dict) else (article.title, article.url)
                for article in articles
            )
        ],
    }
    if issue.title:
        data["name"] = issue.title
    return data
