"""Role × state × transition, through the admin's HTTP endpoints, for articles, issues and events.

Allowed: the item moves to the new state, the log records who/from/to and the version goes up.
Refused: 403 when the role may not take the step, 409 when the state does not allow it,
and the item, its version and its log stay exactly as they were.
"""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from editorial.models import Revision, TransitionLog
from editorial.publishing import Status
from editorial.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from tests.factories import ArticleFactory, BylineFactory, EventFactory, IssueFactory
from tests.workflow.conftest import times_for

pytestmark = pytest.mark.django_db

# The specification, written out independently of editorial.workflow.
FROM = {
    "submit": {"draft"},
    "request_changes": {"in_review", "approved"},
    "approve": {"in_review"},
    "schedule": {"approved"},
    "publish": {"approved", "scheduled"},
    "unpublish": {"scheduled", "published"},
    "archive": {"draft", "approved", "published"},
    "reopen": {"archived"},
}
TO = {
    "submit": "in_review",
    "request_changes": "draft",
    "approve": "approved",
    "schedule": "scheduled",
    "publish": "published",
    "unpublish": "approved",
    "archive": "archived",
    "reopen": "draft",
}
MAY = {
    CONTRIBUTOR: {"submit"},
    EDITOR: {"submit", "request_changes", "approve"},
    CHIEF_EDITOR: set(FROM),
}
# Contributors cannot change issues at all, so every issue step is refused to them.
MAY_ON_ISSUES = {**MAY, CONTRIBUTOR: set()}


def _make(model: str, status: str, user):
    publish_at = times_for(status)
    if model == "article":
        obj = ArticleFactory(status=status, publish_at=publish_at, created_by=user)
        BylineFactory(article=obj)
    elif model == "event":
        obj = EventFactory(status=status, publish_at=publish_at, created_by=user)
    else:
        obj = IssueFactory(status=status, publish_at=publish_at, created_by=user)
        article = ArticleFactory(issue=obj, status=Status.APPROVED, publish_at=None)
        BylineFactory(article=article)
    return obj


def _log(obj):
    return TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)


@pytest.mark.parametrize("transition", sorted(FROM))
@pytest.mark.parametrize("status", [s.value for s in Status])
@pytest.mark.parametrize("role", [CONTRIBUTOR, EDITOR, CHIEF_EDITOR])
@pytest.mark.parametrize("model", ["article", "issue", "event"])
def test_transition_matrix(client, make_user, model, role, status, transition):
    user = make_user(role)
    client.force_login(user)
    obj = _make(model, status, user)
    before = (obj.status, obj.publish_at, obj.version)
    app = "events" if model == "event" else "articles"
    url = reverse(f"admin:{app}_{model}_transition", args=[obj.pk, transition])
    future = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    # "confirmed": unpublish and archive ask first unless the panel's "I am sure" box is ticked.
    data = {"comment": f"{role} does {transition}", "confirmed": "1"}
    if transition == "schedule":
        data["publish_at"] = future

    response = client.post(url, data)
    obj.refresh_from_db()

    may = (MAY_ON_ISSUES if model == "issue" else MAY)[role]
    if transition not in may:
        assert response.status_code == 403
    elif status not in FROM[transition]:
        assert response.status_code == 409
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert obj.status == TO[transition]
        assert obj.version == before[2] + 1
        entry = _log(obj).get()
        assert (entry.from_status, entry.to_status, entry.user, entry.transition) == (
            status,
            TO[transition],
            user,
            transition,
        )
        assert entry.comment == data["comment"]
        assert Revision.objects.filter(object_id=obj.pk, version=obj.version).exists()
        if TO[transition] == "published":
            assert obj.is_public()
        if TO[transition] == "scheduled":
            assert obj.publish_at > timezone.now() and not obj.is_public()
        return
    assert "Nothing was changed" in response.content.decode()
    assert (obj.status, obj.publish_at, obj.version) == before
    assert not _log(obj).exists()
