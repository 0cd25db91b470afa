"""Editorial roles as Django groups (see editorial.workflow for what each transition needs).

Contributor: writes articles and events and submits their own drafts.
Editor: also edits anything, reviews (request changes, approve), manages issues, corrections, share links, people.
Chief editor: also publishes, schedules, unpublishes, archives and deletes.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = ("view",)
WRITE = ("view", "add", "change")
ALL = ("view", "add", "change", "delete")

CONTRIBUTOR = {
    "articles": {"publication": VIEW, "section": VIEW, "issue": VIEW, "headline": VIEW, "article": WRITE,
                 "byline": ALL, "correction": VIEW},
    "events": {"event": WRITE, "eventorganization": ALL, "eventperson": ALL, "venue": WRITE, "eventseries": VIEW},
    "people": {"person": VIEW, "organization": VIEW, "position": VIEW, "membership": VIEW},
    "newsroom": {"submit_own_content": None},
}
EDITOR = {
    "articles": {"publication": VIEW, "section": ALL, "issue": WRITE, "headline": ALL, "article": WRITE,
                 "byline": ALL, "correction": ALL, "sharelink": ALL},
    "events": {"event": WRITE, "eventorganization": ALL, "eventperson": ALL, "venue": ALL, "eventseries": ALL},
    "people": {"person": WRITE, "organization": WRITE, "position": ALL, "membership": ALL},
    "newsroom": {"submit_own_content": None, "review_content": None},
}
CHIEF_EDITOR = {
    "articles": {name: ALL for name in ("publication", "section", "issue", "headline", "article", "byline",
                                         "correction", "sharelink")},
    "events": {name: ALL for name in ("event", "eventorganization", "eventperson", "venue", "eventseries")},
    "people": {name: ALL for name in ("person", "organization", "position", "membership")},
    "newsroom": {"submit_own_content": None, "review_content": None, "publish_content": None},
}
ROLES = {"Contributor": CONTRIBUTOR, "Editor": EDITOR, "Chief editor": CHIEF_EDITOR}


def _codenames(spec):
    for app_label, models in spec.items():
        for name, actions in models.items():
            if actions is None:
                yield app_label, name
            else:
                for action in actions:
                    yield app_label, f"{action}_{name}"


def assign_roles(Group, Permission):
    """Create the groups and give each exactly its permissions (also used by tests after a database flush)."""
    for group_name, spec in ROLES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = list(_codenames(spec))
        permissions = [
            permission
            for app_label, codename in wanted
            for permission in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        ]
        missing = {f"{a}.{c}" for a, c in wanted} - {
            f"{p.content_type.app_label}.{p.codename}" for p in permissions
        }
        if missing:
            raise RuntimeError(f"Permissions missing for role {group_name}: {sorted(missing)}")
        group.permissions.set(permissions)


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    assign_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_editorial_workflow"),
        ("articles", "0002_editorial_workflow"),
        ("events", "0002_editorial_workflow"),
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
