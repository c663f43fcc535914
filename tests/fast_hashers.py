"""Argon2 at its cheapest, for tests only (installed by tests/conftest.py).

Production's Argon2 (Django's defaults: 100 MiB, 2 passes, 8 lanes) costs about 0.3 s of CPU per
hash on the build machine, and the suite hashes and checks a password hundreds of times (every
made user, every login, every demo seed). The hashes made here are real Argon2id hashes with the
same algorithm name and format; only the cost parameters, which each hash carries, are lower.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64  # KiB
    parallelism = 1
