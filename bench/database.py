"""Which database the benchmark runs on, and making sure it exists.

SQLite in a cached file under bench/cache/ by default. PostgreSQL when BENCH_DATABASE_URL names one (used as
given), or when DATABASE_URL does (the same server, but the dedicated database `vidan_bench`, so a benchmark
never writes into a database that holds real or development data).
"""

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

CACHE_DIR = Path(__file__).resolve().parent / "cache"
SQLITE_PATH = CACHE_DIR / "bench.sqlite3"
POSTGRES_NAME = "vidan_bench"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


@dataclass(frozen=True)
class BenchDatabase:
    url: str
    engine: str  # "sqlite" or "postgresql"

    @property
    def parts(self):
        return urlsplit(self.url)

    @property
    def name(self) -> str:
        if self.engine == "sqlite":
            return unquote(self.parts.path[1:])  # sqlite:////abs/path → /abs/path
        return unquote(self.parts.path.lstrip("/"))

    @property
    def label(self) -> str:
        """Where the database is, without any password."""
        if self.engine == "sqlite":
            return f"SQLite {self.name}"
        parts = self.parts
        return f"PostgreSQL {parts.hostname or 'localhost'}:{parts.port or 5432}/{self.name}"


def sqlite_url() -> str:
    return f"sqlite:///{SQLITE_PATH}"


def bench_database(environ=os.environ) -> BenchDatabase:
    explicit = environ.get("BENCH_DATABASE_URL", "").strip()
    if explicit:
        scheme = urlsplit(explicit).scheme
        return BenchDatabase(explicit, "postgresql" if scheme in POSTGRES_SCHEMES else "sqlite")
    configured = environ.get("DATABASE_URL", "").strip()
    if configured and urlsplit(configured).scheme in POSTGRES_SCHEMES:
        parts = urlsplit(configured)
        return BenchDatabase(urlunsplit(parts._replace(path=f"/{POSTGRES_NAME}")), "postgresql")
    return BenchDatabase(sqlite_url(), "sqlite")


def _maintenance_conninfo(db: BenchDatabase) -> str:
    return urlunsplit(db.parts._replace(scheme="postgresql", path="/postgres"))


def database_ensure(db: BenchDatabase) -> bool:
    """Create the database if it does not exist. Returns whether it was created."""
    if db.engine == "sqlite":
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        return not Path(db.name).exists()
    import psycopg
    from psycopg import sql

    with psycopg.connect(_maintenance_conninfo(db), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db.name]).fetchone():
            return False
        print(f"bench: creating database {db.name}")
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db.name)))
        return True


def database_drop(db: BenchDatabase) -> None:
    """Throw the benchmark database away, so that everything is generated again.

    Refuses a PostgreSQL database whose name does not say it is a benchmark's.
    """
    if db.engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(db.name + suffix).unlink(missing_ok=True)
        return
    if "bench" not in db.name:
        raise SystemExit(f"bench: refusing to drop {db.name!r}: its name does not contain 'bench'.")
    import psycopg
    from psycopg import sql

    with psycopg.connect(_maintenance_conninfo(db), autocommit=True) as conn:
        print(f"bench: dropping database {db.name}")
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db.name)))
