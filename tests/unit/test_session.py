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


