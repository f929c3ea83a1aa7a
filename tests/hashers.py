"""Argon2 with the cheapest parameters, for tests only: the same algorithm and format,
without spending 0.1 s of CPU on every person a test creates."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8
    parallelism = 1
