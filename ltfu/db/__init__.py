"""Storage: SQLAlchemy mappings, engines, migrations."""
