"""The portal's PostgreSQL connections: no JIT compilation (settings/base.py), which cost
tens of milliseconds of LLVM on short queries whose estimates crossed jit_above_cost."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.postgres
def test_pas_de_compilation_jit(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
