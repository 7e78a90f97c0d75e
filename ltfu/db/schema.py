"""What schema revision this program expects, known without importing Alembic.

Start-up compares the database's ``alembic_version`` with `SCHEMA_HEAD` using plain
SQL, so Alembic is imported only when a migration is actually due. A test checks
that this constant is Alembic's head.
"""

SCHEMA_HEAD = "0013"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012", "0013")
