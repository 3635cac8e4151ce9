"""Engine session behaviour that needs no server: settings and their reset values."""

from __future__ import annotations

from engine.database import Database
from engine.session import Session


def test_reset_returns_to_the_session_start_values() -> None:
    """RESET goes back to what the startup packet asked for (guc.c reset_val)."""
    db = Database()
    db.publish(1)
    s = Session(db, {"options": "-c datestyle=Postgres,\\ MDY -c timezone=America/New_York"})
    list(s.execute_simple("SET DateStyle = ISO; SET TimeZone = UTC"))
    list(s.execute_simple("RESET DateStyle; SET TimeZone TO DEFAULT"))
    assert s.show("DateStyle") == "Postgres, MDY"
    assert s.show("TimeZone") == "America/New_York"
    list(s.execute_simple("SET DateStyle = ISO; RESET ALL"))
    assert s.show("DateStyle") == "Postgres, MDY"




def _value(s: Session, sql: str) -> tuple[str | None, ...]:
    return [r.rows for r in s.execute_simple(sql)][-1][0]


def test_clock_follows_transactions_as_postgres_defines_it() -> None:
    """now() is the transaction start: fixed in a block, shared by the statements of one Query
    message, new for the next message outside a block; statement_timestamp() is per message."""
    import time

    db = Database()
    db.publish(1)
    s = Session(db, {"user": "postgres"})
    first = _value(s, "SELECT now()::text")
    time.sleep(0.002)
    assert _value(s, "SELECT now()::text") != first
    one, two = [r.rows[0] for r in s.execute_simple("SELECT now(); SELECT now()")]
    assert one == two
    list(s.execute_simple("BEGIN"))
    start = _value(s, "SELECT now()::text")
    time.sleep(0.002)
    now, stmt, today = _value(
        s, "SELECT now()::text, statement_timestamp()::text, (current_date = 'today')::text"
    )
    list(s.execute_simple("COMMIT"))
    assert now == start[0] and stmt != now and today == "true"
    time.sleep(0.002)
    assert _value(s, "SELECT now()::text") != start
