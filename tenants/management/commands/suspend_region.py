from tenants.management.commands._region_status import RegionStatusCommand
from tenants.services.lifecycle import suspend_region


class Command(RegionStatusCommand):
    help = "Suspend a region: its host answers 503 until it is resumed."
    change = staticmethod(suspend_region)
