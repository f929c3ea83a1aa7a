from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.models import Role, User
from shared_library.models import Capability
from shared_library.services.grants import grant_capability, revoke_capability
from tenants.context import in_federation


class Command(BaseCommand):
    help = "Grant (or with --revoke take away) a federal operator's library capabilities."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--capability", action="append", required=True, choices=Capability.values,
                            help="edit, moderate or release; repeat for several")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        with in_federation():
            user = User.objects.filter(email=str(options["email"]).strip().lower(),
                                       role=Role.FEDERAL_OPERATOR).first()
            if user is None:
                raise CommandError(
                    "email: " + _("%(email)s is not a federal operator.") % {"email": options["email"]}
                )
            for capability in options["capability"]:
                if options["revoke"]:
                    revoke_capability(user=user, capability=capability)
                else:
                    grant_capability(user=user, capability=capability)
        verb = "revoked from" if options["revoke"] else "granted to"
        self.stdout.write(f"{', '.join(options['capability'])} {verb} {user.email}.")
