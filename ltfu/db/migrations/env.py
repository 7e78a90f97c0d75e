"""Alembic environment, driven from `ltfu.db.migrate` (there is no alembic.ini)."""

from alembic import context

from ltfu.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
