"""The city's database (市直机关工委): its own models and migrations, SQLite or PostgreSQL."""
