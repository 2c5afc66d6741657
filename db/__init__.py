"""Storage: SQLAlchemy models, engine and session setup, migrations, backups. Never imports Qt."""
