"""Persistence: engine and sessions (`engine`), the ORM models (`models`), and Alembic migrations."""
