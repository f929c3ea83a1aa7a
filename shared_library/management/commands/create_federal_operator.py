from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.services import create_federal_operator
from shared_library.models import Capability
from shared_library.services.grants import grant_capability
from tenants.context import in_federation


class Command(BaseCommand):
    help = (
        "Create (or reset the password of) a federal operator in the public schema and grant "
        "library capabilities (default: all of edit, moderate, release; existing grants are kept)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument(
            "--capability", action="append", choices=Capability.values,
            help="library capability to grant; repeat for several (default: all)",
        )

    def handle(self, *args: object, **options: object) -> None:
        if len(options["password"]) < 8:
            raise CommandError("password: at least 8 characters are needed.")
        capabilities = options["capability"] or Capability.values
        with in_federation():
            user = create_federal_operator(email=options["email"], password=options["password"])
            for capability in capabilities:
                grant_capability(user=user, capability=capability)
        self.stdout.write(
            f"Federal operator {user.email} is ready (library capabilities: {', '.join(capabilities)})."
        )
