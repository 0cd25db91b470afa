from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The editorial engine every content app builds on (see editorial/registry.py for how they plug in).

    It keeps the app label "newsroom" it had when it lived in the project package: its tables
    (newsroom_transitionlog, newsroom_revision), migration history, content types and permission
    codenames (newsroom.publish_content...) stay exactly as they are in existing databases.
    """

    name = "editorial"
    label = "newsroom"
    verbose_name = "Editorial workflow"
