from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.services import create_federal_operator
from tenants.context import in_federation


class Command(BaseCommand):
    help = "Create (or reset the password of) a federal operator in the public schema."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)

    def handle(self, *args: object, **options: str) -> None:
        if len(options["password"]) < 8:
            raise CommandError("password: at least 8 characters are needed.")
        with in_federation():
            user = create_federal_operator(email=options["email"], password=options["password"])
        self.stdout.write(f"Federal operator {user.email} is ready.")
