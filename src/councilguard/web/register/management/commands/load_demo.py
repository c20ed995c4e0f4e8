"""`python -m councilguard.web.manage load_demo`: create or refresh the demo data."""

from django.core.management.base import BaseCommand

from ...demo import load_demo, sign_in_help


class Command(BaseCommand):
    help = "Load the seed's Governance Committee of 18 July 2018 and fictional demo users (idempotent)."

    def handle(self, *args, **options):  # noqa: ANN002, ANN003, ANN201
        counts = load_demo()
        self.stdout.write("Demo data loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        self.stdout.write(sign_in_help())
