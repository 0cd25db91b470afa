from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo.data import load_demo, seeds_dir_from_environment
from demo.seed_facts import FactsError


class Command(BaseCommand):
    help = (
        "Load the demo: the registry the newsletter seeds print (demo/seed_facts.toml), the fictional samples, "
        "and both seed files through import_issue --publish. Idempotent: running it again writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seeds",
            type=Path,
            help="folder holding the seed files (default: NEWSROOM_SEEDS_DIR, else ../shared/seeds); "
            "without them the issues are left out",
        )

    def handle(self, *args, seeds=None, **options):
        try:
            counts = load_demo(seeds_dir=seeds or seeds_dir_from_environment(), stdout=self.stdout)
        except FactsError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {summary}."))
