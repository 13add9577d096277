"""Django's PostgreSQL backend, with timestamps loaded by psycopg's compiled loader (see base.py)."""
