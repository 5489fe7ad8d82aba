"""Scratch PostgreSQL databases for the benchmarks that measure a fresh database."""

from __future__ import annotations


def recreate_database(url: str) -> bool:
    """Drop and create the database named by ``url``; return False (and say so) if it is unreachable."""
    import psycopg

    base, name = url.rsplit("/", 1)
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"\n[postgres] not reachable ({error}); skipped")
        return False
    return True


def drop_database(url: str) -> None:
    """Drop the database named by ``url``, closing any connection left to it."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
