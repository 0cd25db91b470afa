"""Where the original files of imports are kept: outside MEDIA_ROOT, so no URL serves them.

Staff download them through the admin (a view that checks permissions), never from the web
server's media folder.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at settings.NEWSROOM_PRIVATE_ROOT (read at each use, so tests can move it)."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.NEWSROOM_PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None  # no public address: see the admin's download view


private_storage = PrivateStorage()
