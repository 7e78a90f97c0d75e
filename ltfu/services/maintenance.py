"""Health of a database: `ltfu check` and the start-up checks."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError as SADatabaseError

from ltfu.db.engine import explain_operational_error
from ltfu.db.migrate import current_revision
from ltfu.db.models import Base
from ltfu.db.schema import SCHEMA_HEAD
from ltfu.errors import DatabaseError
from ltfu.services import alerts, audit
from ltfu.services.database import Database


@dataclass(frozen=True)
class CheckReport:
    database: str
    schema_version: str | None
    expected_schema: str
    integrity: str  # "ok" or SQLite's first complaint; "n/a" on PostgreSQL
    row_counts: dict[str, int]
    audit_entries: int
    audit_problem: str | None
    alerts_out_of_step: tuple[str, ...] = ()  # study ids whose stored alerts differ from their results

    @property
    def ok(self) -> bool:
        return (
            self.integrity in ("ok", "n/a")
            and self.audit_problem is None
            and self.schema_version == self.expected_schema
            and not self.alerts_out_of_step
        )

    @property
    def alerts_text(self) -> str:
        if not self.alerts_out_of_step:
            return "in step with the results"
        shown = ", ".join(self.alerts_out_of_step[:5]) + (", ..." if len(self.alerts_out_of_step) > 5 else "")
        return (
            f"out of step with the results for {len(self.alerts_out_of_step)} subject(s) ({shown}); "
            "rebuild them with `ltfu check --rebuild-alerts`"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "database": self.database,
            "schema_version": self.schema_version,
            "expected_schema": self.expected_schema,
            "integrity": self.integrity,
            "row_counts": self.row_counts,
            "audit_entries": self.audit_entries,
            "audit_chain": "ok" if self.audit_problem is None else self.audit_problem,
            "safety_alerts": "ok" if not self.alerts_out_of_step else list(self.alerts_out_of_step),
            "ok": self.ok,
        }


def integrity(db: Database, quick: bool = False) -> str:
    """SQLite's verdict on the file: "ok", or its first complaints ("n/a" on PostgreSQL).

    A file too damaged to be checked at all raises `DatabaseError` saying so.
    """
    if db.engine.dialect.name != "sqlite":
        return "n/a"
    pragma = "quick_check" if quick else "integrity_check"
    try:
        with db.engine.connect() as conn:
            rows = [r[0] for r in conn.execute(text(f"PRAGMA {pragma}"))]
    except SADatabaseError as exc:
        raise DatabaseError(explain_operational_error(exc, db.display_name)) from exc
    return "ok" if rows == ["ok"] else "; ".join(rows[:3])


def check(db: Database) -> CheckReport:
    counts: dict[str, int] = {}
    with db.session() as session:
        for name, table in sorted(Base.metadata.tables.items()):
            counts[name] = session.scalar(select(func.count()).select_from(table)) or 0
        entries, problem = audit.verify_chain(session)
        # The stored alerts are derived: recomputed here from the results and compared.
        differing = alerts.out_of_step(session) if current_revision(db.engine) == SCHEMA_HEAD else ()
    return CheckReport(
        database=db.display_name,
        schema_version=current_revision(db.engine),
        expected_schema=SCHEMA_HEAD,
        integrity=integrity(db),
        row_counts=counts,
        audit_entries=entries,
        audit_problem=problem,
        alerts_out_of_step=differing,
    )


def rebuild_alerts(db: Database) -> int:
    """Recompute every stored safety alert from the results (audited); returns how many there are."""
    with db.session() as session:
        user_id = db.user_id(session, "maintain")
        count = alerts.refresh(session)
        audit.record(
            session,
            user_id=user_id,
            action="update",
            table_name="safety_alert",
            changes=(audit.Change("rows", None, count),),
            reason="stored safety alerts rebuilt from the results (ltfu check --rebuild-alerts)",
        )
    return count
