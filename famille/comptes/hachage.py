"""Password hashing cost: Argon2id with OWASP's password storage parameters.

Django's default Argon2 (100 MiB, 2 iterations, 8 lanes) costs about 160 ms of CPU per login
on our 2-core reference server: on a booking opening morning 2,500 logins would hold both cores
for more than three minutes. OWASP's Password Storage Cheat Sheet lists Argon2id with 19 MiB,
2 iterations and 1 degree of parallelism as its first minimum configuration; we use it.

The algorithm name stays « argon2 », so hashes made with Django's parameters are still read by
this hasher; Django's ``must_update`` sees the different parameters and re-hashes the password
at the next successful login (``check_password``'s setter). Measure with
``scripts/bench_connexion.py``.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2OwaspHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1 (OWASP Password Storage Cheat Sheet, first option)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
