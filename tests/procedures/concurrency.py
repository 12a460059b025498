"""Races on a real PostgreSQL server: several actions let go at the same instant."""

import threading

import pytest
from django.db import connection

# The PostgreSQL-only marks of a race test module.
POSTGRESQL_RACE = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="runs on PostgreSQL (make test does, in CI)"
    ),
]


def race(*actions):
    """Run the actions at once; [(result or exception)] in order."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:  # noqa: BLE001 — the outcome is what is tested
            outcomes[index] = error
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
