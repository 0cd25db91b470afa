import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the local admin account if missing, and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("NEWSROOM_ADMIN_USER", "admin"))
        parser.add_argument("--password", default=os.environ.get("NEWSROOM_ADMIN_PASSWORD", "newsroom-admin"))
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/", help="Where the admin is served.")

    def handle(self, *args, username, password, url, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username=username, email="", password=password)
            self.stdout.write(f"Created superuser {username!r}.")
        elif not user.check_password(password):
            self.stdout.write(f"Superuser {username!r} exists with another password; left unchanged.")
            return
        self.stdout.write(self.style.SUCCESS(f"Admin login: {username} / {password}  at {url}"))
