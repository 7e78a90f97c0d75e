"""What schema revision this program expects, known without importing Alembic.

Start-up compares the database's ``alembic_version`` with `SCHEMA_HEAD` using plain
SQL, so Alembic is imported only when a migration is actually due. A test checks
that this constant is Alembic's head.
"""

SCHEMA_HEAD = "0017"
KNOWN_REVISIONS = tuple(f"{n:04d}" for n in range(1, int(SCHEMA_HEAD) + 1))  # 0001 .. the head
