"""Names of the editorial groups created by editorial/migrations/0002_editorial_roles.py."""

CONTRIBUTOR = "Contributor"
EDITOR = "Editor"
CHIEF_EDITOR = "Chief editor"
ROLES = (CONTRIBUTOR, EDITOR, CHIEF_EDITOR)
