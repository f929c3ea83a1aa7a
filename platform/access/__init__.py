"""Who may see and change what in a region: the one permission layer.

API views and pages fetch region objects only through these functions. They
answer "not found" alike for what does not exist and what the user may not
see, so nobody learns that a pupil exists in a school they have no access to.
"""
