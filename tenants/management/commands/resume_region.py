from tenants.management.commands._region_status import RegionStatusCommand
from tenants.services.lifecycle import resume_region


class Command(RegionStatusCommand):
    help = "Resume a suspended region."
    change = staticmethod(resume_region)
