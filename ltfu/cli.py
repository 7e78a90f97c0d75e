"""The command line: the same services as the window, scriptable and headless.

Every command takes ``--db URL`` and ``--json``; bad input ends with one line on
stderr and a non-zero exit (1: refused input or an unusable database, 2: wrong usage
or a command this version does not have yet; 70: a bug, whose stack goes to the log, never to
the screen).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from ltfu import __version__, vocabulary
from ltfu.errors import ImportRowsError, LtfuError, log_bug

if TYPE_CHECKING:
    from ltfu.services.export import ExportSummary
    from ltfu.services.ical import IcalSummary
    from ltfu.services.odm import OdmSummary

log = logging.getLogger(__name__)

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_BUG = 70  # EX_SOFTWARE: an internal error, logged with its stack


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"ltfu: {message} (see ltfu --help)\n")
        raise SystemExit(EXIT_USAGE)


# Every date a command takes (--today, --as-of, --from, --to, --infusion, --effective)
# lies in these years: a follow-up desk has no business before 1990 or after 2100, and
# a date far outside them (9999-12-31) would overflow the date arithmetic.
EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
# The longest period a command looks ahead or covers (--days, --from .. --to): ten years.
MAX_SPAN_DAYS = 3660


def iso_date(text: str) -> dt.date:
    """An ISO calendar date between EARLIEST_DATE and LATEST_DATE, refused with the reason."""
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a calendar date (use YYYY-MM-DD)") from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise argparse.ArgumentTypeError(f"{text} is outside the dates ltfu takes ({EARLIEST_DATE} to {LATEST_DATE})")
    return value


def int_between(low: int, high: int) -> Callable[[str], int]:
    """An argument type: a whole number from `low` to `high`, refused with the range."""

    def whole_number(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is outside {low} to {high}")
        return value

    whole_number.bounds = (low, high)  # type: ignore[attr-defined]  # read back by the tests of the limits
    return whole_number


positive_int = int_between(1, 1_000_000)
YEARS = int_between(EARLIEST_DATE.year, LATEST_DATE.year)
SUBJECTS = int_between(1, 100_000)  # the demo cohort; the budgets go to 50,000
SEEDS = int_between(0, 2**32 - 1)
DAYS_AHEAD = int_between(0, MAX_SPAN_DAYS)


def check_ranges(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """What one argument's type cannot check alone: a --from .. --to period (with the
    defaults an iCalendar export fills in)."""
    if args.command == "case" and (args.action == "step") != (args.step is not None):
        parser.error("give the step with 'case step' only (ltfu case step CASE STEP ...)")
    if getattr(args, "format", None) == "ical":
        args.date_from = args.date_from or dt.date.today()
        args.date_to = args.date_to or args.date_from + dt.timedelta(days=30)
    date_from, date_to = getattr(args, "date_from", None), getattr(args, "date_to", None)
    if date_from is not None and date_to is not None:
        if date_to < date_from:
            parser.error(f"--to {date_to} is before --from {date_from}")
        if (date_to - date_from).days > MAX_SPAN_DAYS:
            parser.error(f"--from {date_from} --to {date_to} spans more than {MAX_SPAN_DAYS} days")


# -- output -------------------------------------------------------------------


def _emit(args: argparse.Namespace, data: Any, text: str | Callable[[], str]) -> None:
    if args.json:
        write_json(data, sys.stdout.write)
        sys.stdout.write("\n")
    else:
        print(text() if callable(text) else text)


def write_json(data: Any, write: Callable[[str], object]) -> None:
    """Write `json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)`,
    the same text, in pieces: Python's encoder runs a generator per value when it
    indents, and the whole text would sit in memory (the endpoints document at
    10,000 subjects holds ~3 million values, ~22 MB)."""
    out: list[str] = []
    _json_value(data, out, write, "\n")
    write("".join(out))


def _json_float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (_INFINITY, -_INFINITY):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


_INFINITY = float("inf")
_json_string: Callable[[str], str] = json.encoder.encode_basestring
_JSON_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _json_string,
    int: int.__repr__,
    float: _json_float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
}


def _json_key(key: object) -> str:
    if isinstance(key, str):
        return key
    if key is True or key is False or key is None:
        return _JSON_SCALARS[type(key)](key)
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return _json_float(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _json_value(value: Any, out: list[str], write: Callable[[str], object], newline: str) -> None:
    """One value at the indentation `newline` ends with, as the json module writes it."""
    scalar = _JSON_SCALARS.get(type(value))
    if scalar is not None:
        out.append(scalar(value))
    elif isinstance(value, str):
        out.append(_json_string(value))
    elif value is None or value is True or value is False:
        out.append(_JSON_SCALARS[type(value)](value))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_json_float(value))
    elif isinstance(value, (dict, list, tuple)):
        mapping = isinstance(value, dict)
        if not value:
            out.append("{}" if mapping else "[]")
            return
        inner = newline + "  "
        if _flat(value.values() if isinstance(value, dict) else value):
            # No container inside to indent further: one call of the C encoder, with the
            # line break and indentation as its item separator.
            text = "".join(_flat_encoder(inner)(value, 0))
            out.append(text[0] + inner + text[1:-1] + newline + text[-1])
        else:
            _json_container(value, mapping, out, write, newline, inner)
        if len(out) > 16384:
            write("".join(out))
            out.clear()
    else:
        _json_value(_json_default(value), out, write, newline)


def _flat(values: Collection[Any]) -> bool:
    """No non-empty container among `values`."""
    types = set(map(type, values))
    if types <= _SCALAR_TYPES:
        return True
    for kind in types - _SCALAR_TYPES:
        if issubclass(kind, (dict, list, tuple)):
            return not any(isinstance(item, (dict, list, tuple)) and item for item in values)
        _SCALAR_TYPES.add(kind)
    return True


_SCALAR_TYPES: set[type] = {str, int, float, bool, type(None)}  # and each type found not a container


_FLAT_ENCODERS: dict[str, Callable[[Any, int], Sequence[str]]] = {}


def _flat_encoder(inner: str) -> Callable[[Any, int], Sequence[str]]:
    """The C encoder writing one container of scalars with its items on lines of their own at `inner`."""
    encoder = _FLAT_ENCODERS.get(inner)
    if encoder is None:
        encoder = _FLAT_ENCODERS[inner] = json.encoder.c_make_encoder(  # type: ignore[attr-defined]
            None, _json_default, _json_string, None, ": ", "," + inner, False, False, True
        )
    return encoder


def _json_container(
    value: Any, mapping: bool, out: list[str], write: Callable[[str], object], newline: str, inner: str
) -> None:
    """A non-empty dict or list holding a container, item by item."""
    separator = ("{" if mapping else "[") + inner
    items = (
        ((_json_string(_json_key(key)) + ": ", item) for key, item in value.items())
        if isinstance(value, dict)
        else (("", item) for item in value)
    )
    deeper = inner + "  "
    flat = _flat_encoder(deeper)
    scalars = _SCALAR_TYPES
    for label, item in items:
        head = separator + label
        separator = "," + inner
        kind = type(item)
        scalar = _JSON_SCALARS.get(kind)
        if scalar is not None:
            out.append(head + scalar(item))
        elif kind is dict and item and set(map(type, item.values())) <= scalars:
            # A dict of scalars (a subject's row: tens of thousands of them), as
            # `_json_value` writes it, without its checks for every other kind of value.
            text = "".join(flat(item, 0))
            out.append(head + "{" + deeper + text[1:-1] + inner + "}")
            if len(out) > 16384:
                write("".join(out))
                out.clear()
        else:
            out.append(head)
            _json_value(item, out, write, inner)
    out.append(newline + ("}" if mapping else "]"))


def _json_default(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _read_password(path: str | None, prompt: str) -> str:
    """A password from a file given by path (unattended jobs) or typed at a prompt."""
    import getpass
    import os
    from pathlib import Path

    if path:
        try:
            return Path(path).expanduser().read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise LtfuError(f"Cannot read the password file {path}: {exc.strerror}.") from exc
    if not sys.stdin.isatty() and not os.environ.get("LTFU_FORCE_PROMPT"):
        raise LtfuError("No terminal to ask for the password; give --password-file PATH.")
    return getpass.getpass(prompt)


# -- who may run what ------------------------------------------------------------

COMMAND_PERMISSIONS: dict[str, tuple[str, ...] | dict[str, tuple[str, ...]]] = {
    "plan": (),  # no database at all
    "schedule": (),
    "transfer": ("transfer",),
    "worklist": (),
    "endpoints": (),
    "check": (),
    "verify": (),
    "demo": ("maintain",),
    "protocol": {"add": ("maintain",), "amend": ("maintain",), "list": ()},
    "import": ("import",),
    "letters": ("print",),
    "report": ("print",),
    "export": ("export",),
    "archive": ("archive",),
    "backup": ("backup",),
    "restore": ("restore",),
    "restore-archive": ("restore",),  # checked on the target, when it has accounts
    "audit": ("read_audit",),
    "user": {
        "list": ("list_users",),
        "add": ("manage_users",),
        "grant": ("manage_users",),
        "revoke": ("manage_users",),
        "show": ("list_users",),
    },
    "safety": (),
    "case": {"show": (), "step": ("safety",), "close": ("safety",)},
    "report-sent": ("safety",),
    "samples": (),
    "query": {
        "list": (),
        "raise": ("review_queries",),
        "answer": ("answer_queries",),
        "close": ("review_queries",),
    },
    "sdv": (),
    "freeze": (),
    "infusion": {"add": ("enrol",), "list": ()},
    "medication": {"add": ("record",), "stop": ("record",), "list": ()},
    "consent": {"add": ("record",), "list": ()},
    "sample": {
        "record": ("record",),
        "move": ("record",),
        "ship": ("record",),
        "test": ("record",),
        "destroy": ("destroy_samples",),
        "void": ("edit",),
    },
}
"""Command (or command and action) -> the rights of `users.PERMISSIONS` it needs.

() is any signed-in user (or set-up mode). The rights are checked before any work, and
the services check them again; a command missing here cannot run."""

OPTION_PERMISSIONS: dict[tuple[str, str], str] = {
    ("export", "with_contacts"): "export_contacts",
    ("archive", "with_contacts"): "export_contacts",
    ("audit", "with_contacts"): "export_contacts",
    ("audit", "csv"): "export",
    ("audit", "pdf"): "export",
    ("report", "sign"): "sign",
    ("report", "plan_file"): "write_plan",
    ("check", "rebuild_derived"): "maintain",
    ("sdv", "visits"): "verify_source",
    ("sdv", "record"): "verify_source",
    ("freeze", "as_of"): "freeze_data",
}
"""(command, option) -> the further right that option needs when given."""


def needed_permissions(args: argparse.Namespace) -> tuple[str, ...]:
    """Every right the parsed command line needs, in the order they are checked."""
    base = COMMAND_PERMISSIONS[args.command]
    if isinstance(base, dict):
        base = base[args.action]
    extra = [
        right
        for (command, option), right in OPTION_PERMISSIONS.items()
        if command == args.command and getattr(args, option, None)
    ]
    return tuple(dict.fromkeys((*base, *extra)))


def _sign_in(db, args: argparse.Namespace) -> None:
    """Sign in as --user, or refuse when the database has accounts; then check the command's rights."""
    try:
        if args.user:
            db.sign_in(args.user, _read_password(args.password_file, f"Password for {args.user}: "))
        elif db.needs_sign_in():
            raise LtfuError("This database has user accounts: sign in with --user NAME (or set LTFU_USER).")
        db.require(*needed_permissions(args))
    except BaseException:
        db.dispose()
        raise


def _open(args: argparse.Namespace):
    """The database, signed in as --user when given (every action is attributed), once
    the acting user may run this command (`COMMAND_PERMISSIONS`)."""
    from ltfu.services.database import open_database

    db = open_database(args.db)
    _sign_in(db, args)
    from ltfu.services.backup import try_daily_backup

    problem = try_daily_backup(db, dt.date.today())
    if problem is not None:  # the work goes on without it; the log has it too
        sys.stderr.write(f"ltfu: warning: {problem} Carrying on without today's backup.\n")
    if db.damage is not None:
        sys.stderr.write(f"ltfu: warning: {db.read_only_message()}\n")
    return db


# -- commands -----------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from ltfu.services.demo import build_demo

    today = args.today or dt.date.today()
    with _open(args) as db:
        summary = build_demo(
            db, subjects=args.subjects, seed=args.seed, today=today, if_empty=args.if_empty, studies=args.studies
        )
    if summary is None:
        _emit(
            args,
            {"skipped": "the database already holds subjects"},
            "the database already holds subjects; demo skipped",
        )
    else:
        _emit(args, summary.to_dict(), summary.describe)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ltfu.services.maintenance import check_and_remember, rebuild_derived

    with _open(args) as db:
        if args.rebuild_derived:
            rebuild_derived(db)
        report = check_and_remember(db, "ltfu check", args.anchor or ())

    def describe() -> str:
        lines = [
            f"database:       {report.database}",
            f"schema version: {report.schema_version} (this program: {report.expected_schema})",
            f"integrity:      {report.integrity}",
            f"audit trail:    {report.audit_entries} entries, "
            + (
                (
                    f"chain intact, matches {report.anchors} anchor(s) kept outside the database"
                    if report.anchors
                    else "chain intact; no anchor outside the database to hold it against (give one with --anchor)"
                )
                if report.audit_problem is None
                else report.audit_problem
            ),
            "records:        "
            + (
                "not replayed: the audit trail itself does not hold (above)"
                if report.audit_problem is not None
                else "every current value has its audit entry"
                if not report.unexplained
                else f"{len(report.unexplained)} not explained by the audit trail:"
            ),
            *(f"  {line}" for line in report.unexplained),
            f"safety alerts:  {report.derived_text('safety_alert')}",
            f"result packs:   {report.derived_text('result_pack')}",
            "foreign keys:   " + ("; ".join(report.orphans) if report.orphans else "every row has its record"),
            "rows:",
        ]
        lines += [f"  {name:<20} {count:>9}" for name, count in report.row_counts.items()]
        lines.append("OK" if report.ok else "PROBLEMS FOUND")
        return "\n".join(lines)

    _emit(args, report.to_dict(), describe)
    return 0 if report.ok else EXIT_REFUSED


def cmd_backup(args: argparse.Namespace) -> int:
    from ltfu.services.backup import backup_to

    with _open(args) as db:
        target = backup_to(db, args.file)
    _emit(args, {"backup": str(target)}, f"backed up {db.display_name} to {target}")
    return 0


def _visit_dict(v) -> dict[str, object]:
    return {
        "code": v.code,
        "nominal_date": v.nominal_date.isoformat(),
        "window_start": v.window_start.isoformat(),
        "window_end": v.window_end.isoformat(),
        "mode": v.mode,
        "assessments": list(v.assessments),
    }


def cmd_plan(args: argparse.Namespace) -> int:
    from ltfu.schedule.plan import plan
    from ltfu.schedule.protocol import DEFAULT_PROTOCOL_ID, load_bundled, load_protocol

    protocol_arg = args.protocol or DEFAULT_PROTOCOL_ID
    is_file = protocol_arg.endswith(".toml")
    protocol = load_protocol(protocol_arg) if is_file else load_bundled(protocol_arg)
    visits = plan(protocol, args.infusion)
    data = {
        "protocol": protocol.id,
        "infusion_date": args.infusion.isoformat(),
        "visits": [_visit_dict(v) for v in visits],
    }

    def describe() -> str:
        lines = [
            f"{protocol.title}",
            f"Day 0 (infusion): {args.infusion}",
            "",
            f"{'visit':<6} {'nominal':<10}  {'window':<23}  {'mode':<7} assessments",
        ]
        for v in visits:
            lines.append(
                f"{v.code:<6} {v.nominal_date}  {v.window_start} .. {v.window_end}  {v.mode:<7} "
                + " ".join(v.assessments)
            )
        return "\n".join(lines)

    _emit(args, data, describe)
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    from ltfu.services.visits import subject_schedule

    today = args.today or dt.date.today()
    with _open(args) as db:
        view = subject_schedule(db, args.subject, today)

    def describe() -> str:
        lines = [
            f"{view.study_id}  study {view.study}  infusion {view.infusion_date}  follow-up to {view.follow_up_end}  "
            f"status {view.status}  (as of {today})",
        ]
        if view.rcl_alert:
            lines.append("SAFETY ALERT: RCL positive")
        lines.append(f"{'visit':<6} {'window':<24} {'status':<22} {'done':<11} assessments")
        for v in view.visits:
            status = v.status + (f" ({v.cause})" if v.cause else "") + (" out-of-window" if v.out_of_window else "")
            done = v.actual_date.isoformat() if v.actual_date else ""
            lines.append(
                f"{v.code:<6} {v.window_start} .. {v.window_end} {status:<22} {done:<11} {' '.join(v.assessments)}"
            )
        for u in view.unscheduled:
            lines.append(f"{'(unsch.)':<6} {'':<24} {'completed':<22} {u.actual_date}")
        return "\n".join(lines)

    _emit(args, view.to_dict(), describe)
    return 0


def cmd_transfer(args: argparse.Namespace) -> int:
    from ltfu.services.transfers import subject_transfers, transfer_subject

    with _open(args) as db:
        if args.to is None:
            moves = subject_transfers(db, args.subject)
        else:
            today = args.today or dt.date.today()
            moves = (transfer_subject(db, args.subject, args.to, args.on or today, args.reason or "", today),)
    _emit(
        args,
        [m.__dict__ for m in moves],
        lambda: "\n".join(f"{m.study_id}: {m.from_site} -> {m.to_site} on {m.transfer_date} ({m.reason})" for m in moves)
        or f"{args.subject}: never moved",
    )
    return 0


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def cmd_worklist(args: argparse.Namespace) -> int:
    from ltfu.services.queries import refresh_edit_checks
    from ltfu.services.worklist import worklist

    today = args.today or dt.date.today()
    with _open(args) as db:
        refresh_edit_checks(db, today)
        work = worklist(db, today, args.days, args.site, study=args.study)
    mixed = len({r.study for r in work.rows}) > 1  # then each row names its study

    def describe() -> str:
        where = (f", site {args.site}" if args.site else "") + (f", study {args.study}" if args.study else "")
        lines = [f"Worklist for {today}{where} (next {args.days} days)"]
        if work.alerts:
            lines.append("")
            lines.append("Safety alerts:")
            lines += [f"  {'!!' if a.blocking else ' !'} {a.study_id}: {a.message}" for a in work.alerts]
        if work.queries:
            lines += ["", f"Queries waiting for you ({len(work.queries)}):", *(_query_line(q) for q in work.queries)]
        for status, title in (("overdue", "Overdue"), ("due", "Due now"), ("upcoming", "Coming up")):
            rows = work.by_status(status)
            lines.append("")
            lines.append(f"{title} ({len(rows)}):")
            for r in rows:
                when = (
                    f"{_days(r.days_overdue)} overdue"
                    if status == "overdue"
                    else f"window closes in {_days(r.days_left)}"
                    if status == "due"
                    else f"window opens in {_days(r.days_left)}"
                )
                lines.append(
                    f"  {r.study_id:<12} {r.code:<5} {r.window_start} .. {r.window_end}  {r.mode:<6} {when:<28} "
                    + " ".join(r.assessments)
                    + (f"  [{r.study}]" if mixed else "")
                )
        return "\n".join(lines)

    _emit(args, work.to_dict(), describe)
    return 0


def _words(code: str | None) -> str:
    return "" if code is None else code.replace("_", " ")


def _case_lines(case) -> list[str]:
    what = "T-cell malignancy" if case.t_cell else "malignancy" if case.kind == "malignancy" else "RCL positive"
    term = f" ({case.term})" if case.term else ""
    lines = [f"Case {case.id}: {case.study_id} ({case.site}), {what}{term}, known {case.awareness_date}, {case.state}"]
    for step in case.steps:
        if step.state == "open":
            when = f"due {step.due_date}" if step.due_date else "no due date"
            state = f"OPEN, {when}" + (" (OVERDUE)" if step.overdue else "")
        else:
            found = f", {step.outcome}" if step.outcome else ""
            state = f"{_words(step.state)} {step.done_on}{found}" + (f": {step.note}" if step.note else "")
        lines.append(f"  {step.code:<22} {state}  [owner {step.owner}]")
    if case.state == "open":
        lines.append(f"  Stored samples to retrieve ({len(case.samples)}):")
        lines += [f"    {sample.describe()}" for sample in case.samples]
    return lines


def _clock_line(clock) -> str:
    sent = f", sent {clock.sent_on} to {clock.sent_to} (ref. {clock.reference})" if clock.sent_on else ""
    return (
        f"  report {clock.id:<5} {clock.study_id:<12} to {_words(clock.recipient):<17} due {clock.due_date}"
        f"  {_words(clock.state)}{sent}"
    )


def cmd_safety(args: argparse.Namespace) -> int:
    from ltfu.services import safety, screens

    as_of = args.as_of or dt.date.today()
    with _open(args) as db:
        cases = safety.open_cases(db, as_of)
        running = safety.clocks(db, as_of)
        log = safety.reports_log(db, as_of) if args.log else ()
        missing = screens.missing_screens(db, as_of)
    data = {
        "as_of": as_of,
        "cases": [c.to_dict() for c in cases],
        "clocks": [c.to_dict() for c in running],
        "screens_missing": [s.to_dict() for s in missing],
    }
    if args.log:
        data["reports_log"] = [c.to_dict() for c in log]

    def describe() -> str:
        lines = [
            f"Safety as of {as_of}: {len(cases)} open case(s), {len(running)} report(s) not yet sent, "
            f"{len(missing)} safety screen(s) missing"
        ]
        for case in cases:
            lines += ["", *_case_lines(case)]
        if running:
            lines += ["", "Reports not yet sent:", *map(_clock_line, running)]
        if args.log:
            lines += ["", f"Safety-reports log ({len(log)}):", *map(_clock_line, log)]
        if missing:
            lines += ["", f"Safety screens missing ({len(missing)}): the visit's window closed with no screen"]
            lines += [f"  {s.study_id:<12} {s.visit_code:<6} window ended {s.window_end}" for s in missing]
        return "\n".join(lines)

    _emit(args, data, describe)
    return 0


def cmd_case(args: argparse.Namespace) -> int:
    from ltfu.services import safety

    today = dt.date.today()
    with _open(args) as db:
        if args.action == "show":
            case = safety.case_detail(db, args.case, today)
        elif args.action == "close":
            case = safety.close_case(db, args.case, args.on or today, today)
        else:
            state = (
                "done" if args.done else "not_applicable" if args.not_applicable else "open" if args.reopen else None
            )
            change = safety.StepChange(state, args.on or today, args.note, args.outcome, args.owner, args.due)
            case = safety.set_step(db, args.case, args.step, change, today)
    _emit(args, case.to_dict(), lambda: "\n".join(_case_lines(case) + [_clock_line(c) for c in case.clocks]))
    return 0


def _query_line(q) -> str:
    field = f".{q.field}" if q.field else ""
    who = q.raised_by or f"edit check {q.check}"
    line = f"  #{q.id:<5} {q.study_id:<12} {q.state:<8} {q.target}{field} {q.about}: {q.text} (by {who})"
    if q.answer:
        line += f"\n         answer{' (corrected)' if q.corrected else ''} by {q.answered_by}: {q.answer}"
    if q.note:
        line += f"\n         note: {q.note}"
    return line


_QUERY_TARGETS = (("visit", "visit"), ("result", "result"), ("event", "clinical_event"), ("ae", "adverse_event"))


def cmd_query(args: argparse.Namespace) -> int:
    from ltfu.services import queries

    today = dt.date.today()
    if args.action != "list" and args.target is None:
        raise LtfuError(f"query {args.action}: give the {'subject' if args.action == 'raise' else 'query number'}.")
    with _open(args) as db:
        if args.action == "list":
            queries.refresh_edit_checks(db, today)
            found = queries.list_queries(db, args.subject, args.state)
            _emit(
                args,
                {"queries": [q.to_dict() for q in found]},
                lambda: "\n".join([f"Queries ({len(found)}):", *(_query_line(q) for q in found)]),
            )
            return 0
        if args.action == "raise":
            given = [(table, getattr(args, option)) for option, table in _QUERY_TARGETS if getattr(args, option)]
            if args.dose_level:
                given.append(("subject", None))
            if len(given) != 1:
                raise LtfuError("query raise: give one of --visit, --result, --event, --ae or --dose-level.")
            table, ref = given[0]
            query_id = queries.raise_query(db, args.target, table, ref, args.text or "", args.field)
        else:
            query_id = _query_number(args.target)
            if args.action == "answer":
                if args.correct is not None:
                    queries.correct_value(db, query_id, args.correct, args.reason or "", today)
                else:
                    queries.answer_query(db, query_id, args.text or "")
            else:
                queries.close_query(db, query_id, args.note, reopen=args.reopen)
        shown = next(q for q in queries.list_queries(db) if q.id == query_id)
    _emit(args, shown.to_dict(), lambda: _query_line(shown).strip())
    return 0


def _query_number(given: str) -> int:
    if not given.isdigit():
        raise LtfuError(f"{given!r} is not a query number (see ltfu query list).")
    return int(given)


def cmd_report_sent(args: argparse.Namespace) -> int:
    from ltfu.services import safety

    with _open(args) as db:
        clock = safety.record_report_sent(db, args.report, args.on, args.to, args.reference, dt.date.today())
    _emit(args, clock.to_dict(), lambda: _clock_line(clock).strip())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ltfu.services.imports import import_file

    with _open(args) as db:
        summary = import_file(db, args.kind, args.file, dt.date.today())
    _emit(args, summary.to_dict(), summary.describe)
    return 0


def _fmt(value: object, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _km_line(name: str, km: dict) -> str:
    lo, hi = km["median_ci95"]
    median = "not reached" if km["median_days"] is None else f"{km['median_days']:.0f} days"
    s365, s730 = km["survival_at"]["365"], km["survival_at"]["730"]
    pct = lambda v: "n/a" if v is None else f"{100 * v:.0f}%"  # noqa: E731
    return (
        f"{name:<30} n={km['n']:<4} events={km['events']:<4} median {median} "
        f"(95% CI {_fmt(lo)}-{_fmt(hi)}); 1 year {pct(s365)}, 2 years {pct(s730)}"
    )


DATA_PROBLEMS_SHOWN = 50

_DECISIONS = {
    "enrolling": "cohort not complete yet",
    "pending": "awaiting the DLT window",
    "escalate": "escalate to the next dose level",
    "expand": "expand the dose level to 6 subjects",
    "exceeds_mtd": "the dose exceeds the MTD; de-escalate",
    "mtd": "the MTD",
    "stopped": "stopped: a lower dose level exceeds the MTD",
    "stay": "stay at this dose level",
    "de_escalate": "de-escalate",
    "eliminate": "eliminated (with every higher dose level)",
}
_BOIN_DECISIONS = {**_DECISIONS, "stopped": "stopped: a lower dose level was eliminated"}
_MTD_STATUS = {
    "open": "not determined yet (escalation still open)",
    "none_tolerated": "none: the lowest dose level treated exceeds the MTD",
}


def _percent_ci(events: int, n: int, lower: float | None, upper: float | None) -> str:
    if not n or lower is None or upper is None:
        return f"{events}/{n}"
    return f"{events}/{n} = {100 * events / n:.0f}% (exact 95% CI {100 * lower:.0f}-{100 * upper:.0f}%)"


def _dose_lines(dlt: dict) -> list[str]:
    """The dose decision of `ltfu endpoints` as text: per level, the history, the MTD."""
    boin = dlt["design"] == "boin"
    words = _BOIN_DECISIONS if boin else _DECISIONS
    title = f"BOIN, target DLT rate {dlt['target']:.2f}" if boin else "3+3"
    lines = [f"DLT by dose level ({title}; DLTs from Day 0 to Day {dlt['window_days']}):"]
    for level, row in dlt["levels"].items():
        who = f" ({', '.join(row['dlt_subjects'])})" if row["dlt_subjects"] else ""
        lines.append(
            f"  {level}: {row['treated']} treated, {row['evaluable']} evaluable, {row['dlt']} with a DLT{who}; "
            f"dose-finding {row['dose_finding_dlt']}/{len(row['dose_finding'])}: {words[row['decision']]}"
        )
        expansion = row["expansion"]
        if expansion:
            flag = "  FLAG: overall DLT rate >= 33%" if expansion["flagged"] else ""
            rate = _percent_ci(
                expansion["overall_dlt"], expansion["overall_evaluable"], expansion["lower"], expansion["upper"]
            )
            lines.append(
                f"    expansion cohort: {len(expansion['subjects'])} subject(s), {expansion['n_dlt']} DLT; "
                f"overall DLT rate {rate}{flag}"
            )
    lines.append("  Escalation history (cohorts in infusion order):")
    for cohort in dlt["history"]:
        lines.append(
            f"    {cohort['step']}. {cohort['dose_level']} cohort {cohort['number']} ({', '.join(cohort['subjects'])}): "
            f"{cohort['level_dlt']}/{cohort['level_n']} DLT at the level: {words[cohort['decision']]}"
        )
    if dlt["mtd"]:
        lines.append(f"  MTD: {dlt['mtd']}")
    else:
        none = _MTD_STATUS[dlt["mtd_status"]]
        lines.append(f"  MTD: {none.replace('exceeds the MTD', 'is eliminated') if boin else none}")
    if boin:
        b = dlt["boundaries"]
        lines.append(
            f"  BOIN boundaries: escalate when the DLT rate <= {b['lambda_e']:.3f}, "
            f"de-escalate when >= {b['lambda_d']:.3f}; eliminate when P(rate > {b['target']:.2f}) > 0.95"
        )
        lines.append("    n treated:        " + " ".join(f"{r['n']:>3}" for r in b["table"]))
        for key, name in (
            ("escalate_at_most", "escalate if DLTs <="),
            ("de_escalate_at_least", "de-escalate if >="),
            ("eliminate_at_least", "eliminate if >="),
        ):
            cells = " ".join(f"{'-' if r[key] is None or r[key] < 0 else r[key]:>3}" for r in b["table"])
            lines.append(f"    {name:<18}{cells}")
    return lines


def _num(value: float | None) -> str:
    """A measured value to about three significant digits."""
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def _median_range(stat: dict) -> str:
    if stat["median"] is None:
        return "n/a"
    return f"{_num(stat['median'])} ({_num(stat['min'])}-{_num(stat['max'])})"


def _pd_lines(pd: dict[str, Any]) -> list[str]:
    """The pharmacodynamics table of `ltfu endpoints`: per analyte and dose level, then
    the fold change by worst CRS grade."""
    lines = ["", "Pharmacodynamics, Day 0-28 (median (range); fold = peak / baseline):"]
    for analyte, block in pd.items():
        if not block["subjects"]:
            continue
        for level, g in block["by_dose_level"].items():
            lines.append(
                f"  {analyte} {block['unit']} {level}: n={g['n_subjects']}  baseline {_median_range(g['baseline'])}"
                f"  peak {_median_range(g['peak'])} on day {_median_range(g['peak_day'])}"
                f"  fold {_median_range(g['fold_change'])}  AUC0-28d {_median_range(g['auc0_28'])}"
            )
        by_grade = "  ".join(
            f"{grade}: {_num(g['fold_change']['median'])} (n={g['fold_change']['n']})"
            for grade, g in block["by_crs_grade"].items()
        )
        lines.append(f"  {analyte} median fold by worst CRS grade: {by_grade}")
    if len(lines) == 2:
        lines.append("  no sample of " + ", ".join(pd))
    return lines


def cmd_endpoints(args: argparse.Namespace) -> int:
    """`ltfu endpoints` with the cyclic garbage collector paused throughout: the cohort's
    records, then the document's ~3 million values at 10,000 subjects, stay alive to the
    end, and the first collection after the computation would walk every object it made
    (~0.2 s at 10,000 subjects, five times that at 50,000), the writing's all of them
    again. One pass, then the process ends; reference counting frees what it can."""
    from ltfu.memory import collector_paused

    with collector_paused():
        return _endpoints(args)


def _endpoints(args: argparse.Namespace) -> int:
    from ltfu.services.endpoints import compute, summary

    as_of = args.as_of or dt.date.today()
    with _open(args) as db:
        result: dict[str, Any] = summary(compute(db, as_of, args.study))  # the JSON document; describe() reads it

    def describe() -> str:
        orr = result["orr"]
        lines = [f"Endpoints as of {as_of} (records dated later are ignored)", ""]
        if orr["evaluable"]:
            lo, hi = orr["ci95"]
            lines.append(
                f"ORR at 3 months (CR/CRi by Day 98): {orr['responders']}/{orr['evaluable']} = "
                f"{100 * orr['rate']:.0f}% (exact 95% CI {100 * lo:.0f}-{100 * hi:.0f}%)"
            )
        else:
            lines.append("ORR at 3 months: no subject evaluable yet (Day 98 not reached)")
        lines.append("")
        for key, name in (
            ("os", "Overall survival"),
            ("pfs", "Progression-free survival"),
            ("pfs_censored_hsct", "PFS, censored at HSCT/therapy"),
            ("dor", "Duration of remission"),
            ("bcell_recovery", "Time to B-cell recovery"),
        ):
            lines.append(_km_line(name, result[key]))
        lines += ["", "CAR-T expansion (qPCR copies/ug gDNA) by dose level, geometric mean (CV%):"]
        for level, pk in result["pk_by_dose_level"].items():
            cmax, auc = pk["cmax"], pk["auc_0_28"]
            lines.append(
                f"  {level}: n={pk['n_subjects']}  Cmax {_fmt(cmax['geometric_mean'])} ({_fmt(cmax['geometric_cv_percent'])}%)"
                f"  Tmax median day {_fmt(pk['tmax_day']['median'])}  AUC0-28d {_fmt(auc['geometric_mean'])} (n={auc['n']})"
            )
        missing = [f"{s}: {p['reason']}" for s, p in result["pk"].items() if p["auc0_28"] is None and p["reason"]]
        if missing:
            lines.append(f"  AUC0-28d not computed for {len(missing)} subject(s), e.g. {missing[0]}")
        lines += _pd_lines(result["pd"])
        lines += ["", *_dose_lines(result["dlt"])]
        hama: dict[str, int] = {}
        for category in result["hama"].values():
            hama[category] = hama.get(category, 0) + 1
        lines += ["", "HAMA: " + ", ".join(f"{k} {v}" for k, v in sorted(hama.items()))]
        alerts = result["rcl"].get("alerts", [])
        lines.append(
            f"RCL: {len(alerts)} positive alert(s)"
            + (": " + ", ".join(a["subject_id"] for a in alerts) if alerts else "")
        )
        problems = result["data_problems"]
        if problems:
            lines += ["", f"Data problems: {len(problems)} stored value(s) left out of the analyses; correct them:"]
            for p in problems[:DATA_PROBLEMS_SHOWN]:
                when = f" of {p['date']}" if p["date"] else ""
                lines.append(f"  {p['subject_id']}: {p['what']}{when} {p['value']}: {p['reason']}")
            if len(problems) > DATA_PROBLEMS_SHOWN:
                lines.append(f"  ... and {len(problems) - DATA_PROBLEMS_SHOWN} more (all of them with --json)")
        return "\n".join(lines)

    _emit(args, result, describe)
    return 0


def _write_pdf(path: str, pdf: bytes) -> None:
    from pathlib import Path

    from ltfu.errors import LtfuError as _LtfuError
    from ltfu.safefile import write_atomic

    target = Path(path).expanduser()
    try:
        write_atomic(target, pdf)
    except OSError as exc:
        raise _LtfuError(f"Cannot write {target}: {exc.strerror}.") from exc


def cmd_letters(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ltfu.services.letters import make_letters

    today = dt.date.today()
    with _open(args) as db:
        # Written in the same unit of work: a PDF that cannot be written records no letter.
        run = make_letters(
            db,
            args.date_from,
            args.date_to,
            today,
            physician_letters=args.physician,
            output=Path(args.output).expanduser(),
        )
    _emit(
        args,
        run.to_dict() | {"output": args.output if run.pdf else None},
        lambda: run.describe() + (f"\nwritten to {args.output}" if run.pdf else "\nno letters to print"),
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from ltfu.services import letters

    today = args.as_of or dt.date.today()
    with _open(args) as db:
        if args.kind == "labels":
            if not args.subject:
                raise LtfuError("'ltfu report labels' needs the subject's study id.")
            from ltfu.services.samples import labels_pdf

            pdf, rows = labels_pdf(db, args.subject, args.sample or ())
            _write_pdf(args.output, pdf)
            _emit(
                args,
                {"report": "labels", "output": args.output, "samples": [r.sample_code for r in rows]},
                f"{len(rows)} sample label(s) written to {args.output}",
            )
            return 0
        if args.kind == "schedule":
            if not args.subject:
                raise LtfuError("'ltfu report schedule' needs the subject's study id.")
            pdf = letters.schedule_pdf(db, args.subject, today)
        elif args.kind == "calendar":
            if not (args.site and args.date_from and args.date_to):
                raise LtfuError("'ltfu report calendar' needs --site, --from and --to.")
            pdf = letters.calendar_pdf(db, args.site, args.date_from, args.date_to, today)
        elif args.kind == "ind":
            from ltfu.services import ind_report
            from ltfu.services.annual_report import ReportRequest

            request = ReportRequest(args.as_of, language=args.language, study=args.study)
            if args.plan_file:
                period = ind_report.ind_period_of(db, args.as_of, args.study)
                ind_report.save_ind_plan(db, period.end, _read_text(args.plan_file, "--plan-file"), args.study)
            if args.sign:
                password = _read_password(args.password_file, "Password to sign: ")
                return _signed(args, ind_report.sign_ind_report(db, request, password, args.meaning))
            pdf, _ = ind_report.render_ind_report(db, request)
        else:
            if args.year is None:
                raise LtfuError("'ltfu report annual' needs --year.")
            from ltfu.reports.dates import default_data_cut
            from ltfu.services import annual_report

            if args.from_cut is not None:
                return _from_cut(
                    args,
                    annual_report.rebuild_from_cut(
                        db, args.year, args.from_cut, language=args.language, study=args.study
                    ),
                )
            as_of = args.as_of or default_data_cut(args.year, dt.date.today())
            request = annual_report.ReportRequest(as_of, language=args.language, study=args.study)
            if args.sign:
                password = _read_password(args.password_file, "Password to sign: ")
                return _signed(args, annual_report.sign_annual_report(db, args.year, request, password, args.meaning))
            pdf, _ = annual_report.render_annual_report(db, args.year, request)
    _write_pdf(args.output, pdf)
    _emit(
        args,
        {"report": args.kind, "output": args.output, "bytes": len(pdf)},
        f"{args.kind} report written to {args.output}",
    )
    return 0


def _from_cut(args: argparse.Namespace, rebuilt: Any) -> int:
    """Write the annual report rebuilt from a data cut and say whether it is the signed one."""
    _write_pdf(args.output, rebuilt.at_cut.pdf)
    data = {"report": args.kind, "output": args.output, **rebuilt.to_dict()}

    def describe() -> str:
        cut = rebuilt.cut
        if rebuilt.identical_to_signed:
            signature = rebuilt.at_cut.signature
            head = (
                f"annual report rebuilt from cut {cut.cut_id} ({cut.as_of}): identical to the report signed by "
                f"{signature.printed_name} on {signature.signed_at:%Y-%m-%d %H:%M} UTC (sha256 {rebuilt.sha256})"
            )
        else:
            head = (
                f"annual report rebuilt from cut {cut.cut_id} ({cut.as_of}): no report signed from these data "
                f"(sha256 {rebuilt.sha256})"
            )
        lines = [head + f", written to {args.output}"]
        if rebuilt.data_changed or cut.corrections:
            lines.append(f"today's data differ: {_changed_line(cut)}")
            lines += [_correction_line(c) for c in cut.corrections]
        else:
            lines.append("today's data give the same numbers")
        return "\n".join(lines)

    _emit(args, data, describe)
    return 0


def _changed_line(cut: Any) -> str:
    return f"changed after the {cut.as_of.year} cut (cut {cut.cut_id}, {cut.as_of}): {cut.records_changed} record(s)"


def _correction_line(c: Any) -> str:
    return (
        f"  {c.at:%Y-%m-%d} {c.study_id or '':<12} {c.record_table} {c.record_id} {c.field}: "
        f"{c.old_value} -> {c.new_value} by {c.user} ({c.reason})"
    )


def cmd_sdv(args: argparse.Namespace) -> int:
    from ltfu.services import review

    with _open(args) as db:
        if args.progress:
            progress = review.sdv_progress(db)
            _emit(args, progress.to_dict(), lambda: _progress_text(progress))
            return 0
        if not args.subject:
            raise LtfuError("'ltfu sdv' needs a SUBJECT (and the visits to mark), or --progress.")
        records = [_record_arg(text) for text in args.record or ()]
        if args.visits or records:
            marks = review.mark_verified(db, args.subject, args.visits, records)
        else:
            marks = review.subject_marks(db, args.subject)
    _emit(args, [mark.to_dict() for mark in marks], lambda: "\n".join(map(_mark_line, marks)) or "nothing verified yet")
    return 0


def _record_arg(text: str) -> tuple[str, int]:
    table, _, number = text.partition(":")
    if table not in vocabulary.VERIFIED_TABLES or not number.isdigit():
        raise LtfuError(
            f"--record {text!r}: give TABLE:ID, TABLE one of {', '.join(vocabulary.VERIFIED_TABLES)} (e.g. result:12)."
        )
    return table, int(number)


def _mark_line(mark: Any) -> str:
    what = f"visit {mark.visit_code}" if mark.visit_code else f"{mark.record_table} {mark.record_id}"
    line = f"{mark.study_id} {what}: verified by {mark.verified_by} {mark.verified_at:%Y-%m-%d %H:%M} UTC"
    if not mark.verified:
        line += f"; cleared {mark.cleared_at:%Y-%m-%d %H:%M} UTC by {mark.cleared_by} ({mark.clear_reason})"
    return line


def _progress_text(progress: Any) -> str:
    lines = ["Source data verification: done visits verified"]
    lines += [
        f"  site {s.site}: {s.visits_verified} of {s.visits_done} visits ({s.subjects} subjects)"
        for s in progress.sites
    ]
    lines += [
        f"  {s.study_id:<12} {s.visits_verified} of {s.visits_done} visits, {s.records_verified} other record(s)"
        for s in progress.subjects
    ]
    return "\n".join(lines)


def cmd_freeze(args: argparse.Namespace) -> int:
    from ltfu.services import review

    with _open(args) as db:
        if args.as_of is not None:
            cut = review.freeze(db, args.as_of, args.reason or "", dt.date.today())
            _emit(
                args,
                cut.to_dict(),
                f"data cut {cut.cut_id}: data up to {cut.as_of} frozen by {cut.cut_by} at audit entry {cut.audit_last_id}",
            )
            return 0
        cuts = review.data_cuts(db)

    def describe() -> str:
        lines = []
        for cut in cuts:
            lines.append(
                f"cut {cut.cut_id}: as of {cut.as_of}, frozen by {cut.cut_by} {cut.cut_at:%Y-%m-%d %H:%M} UTC ({cut.reason})"
            )
            lines.append(f"  {_changed_line(cut)}")
            lines += [_correction_line(c) for c in cut.corrections]
        return "\n".join(lines) or "no data cut yet"

    _emit(args, [cut.to_dict() for cut in cuts], describe)
    return 0


def _signed(args: argparse.Namespace, signed: tuple[bytes, Any]) -> int:
    """Write a signed report (annual or IND) and say who signed it."""
    pdf, info = signed
    _write_pdf(args.output, pdf)
    _emit(
        args,
        {
            "report": args.kind,
            "output": args.output,
            "signed_by": info.printed_name,
            "meaning": info.meaning,
            "sha256": info.document_sha256,
        },
        f"{args.kind} report signed by {info.printed_name} ({info.meaning}) written to {args.output}",
    )
    return 0


def _read_text(path: str, option: str) -> str:
    """A UTF-8 text file given with `option`; a clear error naming it when it cannot be read."""
    from pathlib import Path

    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LtfuError(f"{option} {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise LtfuError(f"{option} {path}: cannot be read as UTF-8 text ({error})") from None


def cmd_samples(args: argparse.Namespace) -> int:
    from ltfu.services.samples import list_samples

    with _open(args) as db:
        rows = list_samples(db, args.subject, stored_only=args.stored)
    _emit(
        args,
        [r.to_dict() for r in rows],
        lambda: "\n".join(r.describe() for r in rows) or "no samples",
    )
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from ltfu.services import samples

    today = dt.date.today()
    day = args.date or today
    place = samples.StoragePlace(args.freezer or "", args.rack or "", args.box or "", args.position or "")
    with _open(args) as db:
        if args.action == "record":
            if not args.type:
                raise LtfuError("'ltfu sample record' needs SUBJECT, --type, --freezer, --rack, --box and --position.")
            row = samples.record_sample(db, args.target, samples.NewSample(args.type, day, place, args.aliquots), today)
        elif args.action == "move":
            row = samples.move_sample(db, args.target, place, today, args.reason)
        elif args.action == "ship":
            row = samples.ship_sample(db, args.target, day, args.to or "", today)
        elif args.action == "test":
            row = samples.add_test(db, args.target, args.test or "", day, args.result or "", today)
        elif args.action == "void" and args.test_id is not None:
            row = samples.void_test(db, args.target, args.test_id, args.reason or "")
        elif args.action == "void":
            row = samples.void_sample(db, args.target, args.reason or "")
            _emit(args, {**row.to_dict(), "voided": True}, lambda: f"sample {row.sample_code} voided")
            return 0
        else:
            row = samples.destroy_sample(db, args.target, day, args.reason or "", today)
    _emit(args, row.to_dict(), row.describe)
    return 0


def _dose(text: str | None) -> float | None:
    """--dose as a number (a decimal or 2e6); the service checks that it is above 0."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise LtfuError(f"--dose {text!r} is not a number (e.g. 0.4 or 2e6).") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise LtfuError(f"--dose {text!r} is not a finite number.")
    return value


def cmd_course(args: argparse.Namespace) -> int:
    """ltfu infusion|medication|consent add|list (and medication stop)."""
    from ltfu.services import course_records as cr

    today = dt.date.today()
    with _open(args) as db:
        if args.action == "list":
            rows: Sequence[cr.InfusionRow | cr.MedicationRow | cr.ConsentRow]
            if args.command == "infusion":
                rows = cr.infusions(db, args.target)
            elif args.command == "medication":
                rows = cr.medications(db, args.target)
            else:
                rows = cr.consents(db, args.target)
            _emit(args, [r.to_dict() for r in rows], lambda: "\n".join(r.describe() for r in rows) or "none")
            return 0
        if args.command == "medication" and args.action == "stop":
            if not args.target.isdigit() or args.date is None:
                raise LtfuError("'ltfu medication stop' needs the medication's id (see 'medication list') and --date.")
            row: cr.InfusionRow | cr.MedicationRow | cr.ConsentRow = cr.stop_medication(
                db, int(args.target), args.date, today, args.reason
            )
        elif args.date is None:
            raise LtfuError(f"'ltfu {args.command} add' needs --date.")
        elif args.command == "infusion":
            new = cr.NewInfusion(args.date, args.product, _dose(args.dose), args.dose_level)
            row = cr.record_infusion(db, args.target, new, today, args.reason)
        elif args.command == "medication":
            if not args.kind:
                raise LtfuError("'ltfu medication add' needs --kind ivig or scig.")
            medication = cr.NewMedication(args.kind, args.date, args.stop, _dose(args.dose))
            row = cr.record_medication(db, args.target, medication, today, args.reason)
        else:
            if not args.version or not args.by:
                raise LtfuError("'ltfu consent add' needs --version and --by subject or guardian.")
            row = cr.record_consent(db, args.target, cr.NewConsent(args.version, args.date, args.by), today)
    _emit(args, row.to_dict(), row.describe)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    summary: ExportSummary | OdmSummary | IcalSummary
    with _open(args) as db:
        if args.format == "csv":
            from ltfu.services.export import export_csv

            summary = export_csv(db, args.target, with_contacts=args.with_contacts)
        elif args.format == "odm":
            from ltfu.services.odm import export_odm

            summary = export_odm(db, args.target, study=args.study)
        else:
            from ltfu.services.ical import export_ical

            summary = export_ical(
                db, args.target, args.date_from, args.date_to, site=args.site, subject=args.subject, study=args.study
            )
    _emit(args, summary.to_dict(), summary.describe)
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    from ltfu.services.archive import write_handover_archive

    with _open(args) as db:
        summary = write_handover_archive(db, args.file, dt.date.today(), with_contacts=args.with_contacts)
    _emit(args, summary.to_dict(), summary.describe)
    return 0


def _check_restore_target(args: argparse.Namespace, url: str) -> None:
    """A target with accounts: only a user who may restore gets further (to the emptiness check).

    A new, empty target has no accounts (set-up mode), like any new database: nothing
    is written to it here (a sign-in would be an audit entry, and it must stay empty)."""
    from ltfu.services.archive import restore_target

    with restore_target(url) as target:
        if target is not None:
            _sign_in(target, args)


def cmd_restore_archive(args: argparse.Namespace) -> int:
    from ltfu.config import resolve_db_url
    from ltfu.services.archive import restore_archive
    from ltfu.services.maintenance import check

    if not args.db:
        raise LtfuError("'ltfu restore-archive' needs --db with the new, empty database to rebuild.")
    _check_restore_target(args, resolve_db_url(args.db))
    with restore_archive(args.file, resolve_db_url(args.db)) as db:
        report = check(db, [args.file])  # the archive's own head is an anchor of the trail
    _emit(
        args,
        report.to_dict(),
        lambda: (
            f"restored {args.file} into {report.database}: "
            f"{report.row_counts.get('subject', 0)} subjects, audit chain "
            f"{'intact' if report.audit_problem is None else report.audit_problem}"
        ),
    )
    return 0 if report.ok else EXIT_REFUSED


def cmd_user(args: argparse.Namespace) -> int:
    from ltfu.services import browse

    with _open(args) as db:
        if args.action == "list":
            rows = browse.user_list(db)
            _emit(
                args,
                [r.__dict__ for r in rows],
                lambda: "\n".join(
                    f"{r.username:<16} {r.role:<12} {'active' if r.active else 'inactive':<9} "
                    f"{'' if r.has_password else '(no password: set-up login)'} {r.full_name}"
                    for r in rows
                ),
            )
            return 0
        if args.action in ("grant", "revoke", "show"):
            return _user_grants(args, db)
        if not (args.username and args.role and args.name):
            raise LtfuError("'ltfu user add' needs USERNAME, --role and --name.")
        password = _read_password(args.new_password_file, f"New password for {args.username}: ")
        if not args.new_password_file and password != _read_password(None, "Again: "):
            raise LtfuError("The two passwords differ; nothing was changed.")
        browse.add_user(db, args.username, args.name, args.role, password)
    _emit(args, {"created": args.username, "role": args.role}, f"user {args.username} ({args.role}) created")
    return 0


def _user_grants(args: argparse.Namespace, db) -> int:
    from ltfu.services import browse

    if not args.username:
        raise LtfuError(f"'ltfu user {args.action}' needs USERNAME.")
    if args.action == "grant":
        browse.grant_access(db, args.username, args.study, args.site)
    elif args.action == "revoke":
        browse.revoke_access(db, args.username, args.study, args.site)
    rows = browse.user_grants(db, args.username)
    _emit(
        args,
        {"user": args.username, "grants": [{"study": r.study, "site": r.site} for r in rows]},
        lambda: "\n".join(
            [f"{args.username}: sees every study at every site (no grants)"]
            if not rows
            else [f"{args.username} sees:"]
            + [f"  study {r.study or '(every study)'} at site {r.site or '(every site)'}" for r in rows]
        ),
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ltfu.services.backup import restore_from

    with _open(args) as db:
        done = restore_from(db, args.file)
    checked = done.backup
    _emit(
        args,
        {
            "restored": str(checked.path),
            "sha256": done.sha256,
            "subjects": checked.subjects,
            "previous_kept_as": str(done.previous_kept_as),
            "schema": done.schema,
        },
        f"restored {checked.path} ({checked.subjects} subjects, SHA-256 {done.sha256}); it passed the full "
        f"check, and the restore is in its audit trail; the previous database is kept as {done.previous_kept_as}",
    )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ltfu.services.signatures import verify_details

    try:
        pdf = Path(args.file).expanduser().read_bytes()
    except OSError as exc:
        raise LtfuError(f"Cannot read {args.file}: {exc.strerror}.") from exc
    with _open(args) as db:
        info, problem = verify_details(db, pdf)
    if info is not None and problem is not None:
        _emit(
            args,
            {"file": args.file, "verified": False, "problem": problem},
            f"{args.file}: NOT VERIFIED - {problem}",
        )
        return EXIT_REFUSED
    if info is None:
        _emit(
            args,
            {"file": args.file, "verified": False},
            f"{args.file}: NOT VERIFIED - no signature in this database matches these exact bytes "
            "(changed after signing, or never signed here)",
        )
        return EXIT_REFUSED
    _emit(
        args,
        {
            "file": args.file,
            "verified": True,
            "signed_by": info.printed_name,
            "user": info.username,
            "meaning": info.meaning,
            "signed_at_utc": info.signed_at.isoformat(),
            "sha256": info.document_sha256,
            "audit_entries": info.audit_head.entries if info.audit_head else None,
            "audit_hash": info.audit_head.hash if info.audit_head else None,
        },
        f"{args.file}: signed by {info.printed_name} ({info.username}), {info.meaning}, "
        f"{info.signed_at:%Y-%m-%d %H:%M} UTC; SHA-256 {info.document_sha256}"
        + (
            f"; audit trail at entry {info.audit_head.entries:,} when signed, still in the trail"
            if info.audit_head and info.audit_head.entries
            else ""
        ),
    )
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from ltfu.services import audit_view

    with _open(args) as db:
        contacts = args.with_contacts
        if args.csv:
            count = audit_view.write_audit_csv(db, args.csv, args.subject, with_contacts=contacts)
            _emit(args, {"entries": count, "output": args.csv}, f"{count} audit entries written to {args.csv}")
            return 0
        if args.pdf:
            audit_view.write_audit_pdf(db, args.pdf, dt.date.today(), args.subject, with_contacts=contacts)
            _emit(args, {"output": args.pdf}, f"audit trail written to {args.pdf}")
            return 0
        rows = audit_view.audit_trail(
            db, args.subject, limit=None if args.subject else args.last, with_contacts=contacts
        )

    def describe() -> str:
        return "\n".join(
            f"{r.entry_id:>7} {r.at:%Y-%m-%d %H:%M:%S}Z {r.username or '-':<10} {r.action:<12} "
            f"{r.table_name}:{r.record_id or ''} {r.study_id or ''} {r.field or ''} "
            f"{r.old_value or ''} -> {(r.new_value or '')[:80]} {('(' + r.reason + ')') if r.reason else ''}"
            for r in rows
        )

    from ltfu.services.audit import AUDIT_COLUMNS, as_cells

    _emit(args, [dict(zip(AUDIT_COLUMNS, as_cells(r), strict=True)) for r in rows], describe)
    return 0


def cmd_protocol(args: argparse.Namespace) -> int:
    from ltfu.services import protocols

    if args.action == "list":
        with _open(args) as db:
            studies = protocols.list_studies(db)
        _emit(
            args,
            [s.to_dict() for s in studies],
            lambda: "\n".join(s.describe() for s in studies) or "no study yet: enrol or import subjects, or add one",
        )
        return 0
    if not args.file:
        raise LtfuError(f"'ltfu protocol {args.action}' needs the protocol FILE.")
    if args.action == "add":
        with _open(args) as db:
            study = protocols.add(db, args.file, dt.date.today())
        _emit(
            args, study.to_dict(), lambda: ("added " if study.added else "already here, unchanged: ") + study.describe()
        )
        return 0
    if not (args.effective and args.reason):
        raise LtfuError("'ltfu protocol amend' needs FILE, --effective DATE and --reason.")
    with _open(args) as db:
        summary = protocols.amend(db, args.file, args.effective, dt.date.today(), args.reason)
    _emit(args, summary.to_dict(), summary.describe)
    return 0


# -- parser -------------------------------------------------------------------

STUDY_HELP = "the study (its protocol id, see 'ltfu protocol list'); needed when the database holds several"


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database URL or SQLite file (default: $LTFU_DB or the embedded file)",
    )
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    common.add_argument(
        "--user",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="sign in as this user (default: $LTFU_USER); the password is asked for",
    )
    common.add_argument(
        "--password-file",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="read the password from this file instead of asking (unattended jobs)",
    )

    parser = _Parser(
        prog="ltfu",
        description="Long-term follow-up of cell-therapy trial subjects. With no command, opens the window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"ltfu {__version__}")
    parser.add_argument(
        "--screenshot",
        metavar="PNG",
        help="open the window, save a picture of it once the worklist has loaded, and quit "
        "(to check an installation, or to show a problem to support)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(handler=handler)
        return p

    p = add("demo", cmd_demo, "fill an empty database with a synthetic, realistic cohort")
    p.add_argument("--subjects", type=SUBJECTS, default=40, help="1 to 100000 (default 40)")
    p.add_argument("--seed", type=SEEDS, default=1, help="0 to 4294967295 (default 1)")
    p.add_argument("--today", type=iso_date, help="the day the cohort is built around (default: today)")
    p.add_argument("--if-empty", action="store_true", help="do nothing when the database already holds subjects")
    p.add_argument(
        "--studies",
        type=int_between(1, 3),  # services.demo.DEMO_STUDIES (not imported: the command line starts quickly)
        default=1,
        help="1 to 3: also a phase II study (2), and a BCMA trial (3), each with half as many subjects (default 1)",
    )

    p = add(
        "import",
        cmd_import,
        "import subjects, visits, events, results, adverse events, infusions, medications or consents from CSV "
        "(all or nothing)",
    )
    p.add_argument(
        "kind",
        choices=["subjects", "visits", "events", "results", "adverse-events", "infusions", "medications", "consents"],
    )
    p.add_argument("file")

    p = add("plan", cmd_plan, "a protocol's visit plan for an infusion date (no database)")
    p.add_argument("--infusion", type=iso_date, required=True)
    p.add_argument("--protocol", default=None, help="a bundled protocol id or a .toml file")

    p = add("schedule", cmd_schedule, "one subject's visits with their status")
    p.add_argument("subject")
    p.add_argument("--today", type=iso_date)

    p = add("transfer", cmd_transfer, "move a subject to another site (or, without --to, list their moves)")
    p.add_argument("subject")
    p.add_argument("--to", metavar="SITE", help="the site code the subject moves to")
    p.add_argument("--on", type=iso_date, help="the day of the move (default: today; never in the future)")
    p.add_argument("--reason", help="why the subject moves (required with --to)")
    p.add_argument("--today", type=iso_date)

    p = add("worklist", cmd_worklist, "visits due, overdue and upcoming; safety alerts")
    p.add_argument("--today", type=iso_date)
    p.add_argument("--days", type=DAYS_AHEAD, default=7, help=f"0 to {MAX_SPAN_DAYS} (default 7)")
    p.add_argument("--site")
    p.add_argument("--study", metavar="ID", help="only this study's subjects (default: every study)")

    p = add("safety", cmd_safety, "open malignancy and RCL positive cases with their steps; reporting clocks")
    p.add_argument("--as-of", type=iso_date)
    p.add_argument("--log", action="store_true", help="also every safety report, sent or not, on time or late")

    p = add("case", cmd_case, "a safety case: show it, mark a step done or not applicable, close it")
    p.add_argument("action", choices=["show", "step", "close"])
    p.add_argument("case", type=positive_int, help="the case number (see ltfu safety)")
    p.add_argument("step", nargs="?", choices=list(vocabulary.STEP_CODES), help="step: which step")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--done", action="store_true", help="step: it is done (on --on, default today)")
    state.add_argument("--not-applicable", action="store_true", help="step: it does not apply (--note: why)")
    state.add_argument("--reopen", action="store_true", help="step: open it again (--note: why)")
    p.add_argument("--on", type=iso_date, help="the day it was done (or the case closed); default today")
    p.add_argument("--outcome", choices=list(vocabulary.STEP_OUTCOMES), help="step: what the test found")
    p.add_argument("--note", help="step: a note; the reason when not applicable or reopened")
    p.add_argument("--owner", help="step: a role or a username who owns it from now on")
    p.add_argument("--due", type=iso_date, help="step: a new due date")

    p = add("sdv", cmd_sdv, "source data verification: mark a subject's visits or records verified; progress")
    p.add_argument("subject", nargs="?")
    p.add_argument("visits", nargs="*", metavar="VISIT", help="visit codes to mark verified (e.g. M6 M12)")
    p.add_argument("--record", action="append", metavar="TABLE:ID", help="a record to mark verified (e.g. result:12)")
    p.add_argument("--progress", action="store_true", help="visits verified per subject and per site")

    p = add("freeze", cmd_freeze, "freeze the data up to a date (PI) before a report; list the cuts")
    p.add_argument("--as-of", type=iso_date, help="freeze the records dated on or before this day")
    p.add_argument("--reason", help="why (e.g. the annual report 2026)")
    p.add_argument("--list", action="store_true", help="every cut with what was corrected since (the default)")

    p = add("report-sent", cmd_report_sent, "record a safety report as sent: stops its clock")
    p.add_argument("report", type=positive_int, help="the report number (see ltfu safety)")
    p.add_argument("--on", type=iso_date, required=True, help="the day it was sent")
    p.add_argument("--to", required=True, help="who it was sent to")
    p.add_argument("--reference", required=True, help="the report's reference")

    p = add("endpoints", cmd_endpoints, "the trial's endpoints as of a date")
    p.add_argument("--as-of", type=iso_date)
    p.add_argument("--study", metavar="ID", help=STUDY_HELP)

    p = add("letters", cmd_letters, "visit letters for windows opening in a date range")
    p.add_argument("--from", dest="date_from", type=iso_date, required=True)
    p.add_argument("--to", dest="date_to", type=iso_date, required=True)
    p.add_argument("--physician", action="store_true", help="also a letter to each subject's local physician")
    p.add_argument("-o", "--output", required=True)

    p = add(
        "report",
        cmd_report,
        "printed reports: a subject's schedule, a site calendar, the annual and IND annual reports, sample labels",
    )
    p.add_argument("kind", choices=["schedule", "annual", "ind", "calendar", "labels"])
    p.add_argument("subject", nargs="?")
    p.add_argument("--year", type=YEARS)
    p.add_argument("--as-of", type=iso_date, help="the day the report is made for (default: today)")
    p.add_argument("--site", help="calendar: the site code")
    p.add_argument("--study", metavar="ID", help="annual, ind: " + STUDY_HELP)
    p.add_argument("--sign", action="store_true", help="annual, ind: sign it (PI; the password is asked again)")
    p.add_argument(
        "--plan-file",
        metavar="FILE",
        help="ind: store this UTF-8 text as the plan for the coming year (PI), then print",
    )
    p.add_argument("--meaning", default="approved", choices=["approved", "reviewed", "authored"])
    p.add_argument(
        "--from-cut",
        type=positive_int,
        metavar="CUT",
        help="annual: rebuild from the data as they were at this frozen data cut (ltfu freeze --list), "
        "and compare with the signed report and today's data",
    )
    p.add_argument("--language", default="en", help="annual, ind: the report's language, en or zh (default: en)")
    p.add_argument("--from", dest="date_from", type=iso_date)
    p.add_argument("--to", dest="date_to", type=iso_date)
    p.add_argument(
        "--sample",
        action="append",
        metavar="ID",
        help="labels: only this sample (repeatable; default: every stored one)",
    )
    p.add_argument("-o", "--output", required=True)

    p = add("samples", cmd_samples, "archived samples (all, or one subject's) with their storage place and state")
    p.add_argument("subject", nargs="?")
    p.add_argument("--stored", action="store_true", help="only the samples in storage")

    p = add("query", cmd_query, "data queries: list, raise (monitor), answer or correct (site), close or re-open")
    p.add_argument("action", choices=["list", "raise", "answer", "close"])
    p.add_argument("target", nargs="?", metavar="SUBJECT|ID", help="raise: the subject; answer, close: the query number")
    p.add_argument("--subject", help="list: one subject's queries")
    p.add_argument("--state", choices=list(vocabulary.QUERY_STATES), help="list: only queries in this state")
    p.add_argument("--visit", metavar="CODE", help="raise: about this visit (its date)")
    p.add_argument("--result", type=positive_int, metavar="ID", help="raise: about this result")
    p.add_argument("--event", type=positive_int, metavar="ID", help="raise: about this clinical event")
    p.add_argument("--ae", type=positive_int, metavar="ID", help="raise: about this adverse event")
    p.add_argument("--dose-level", action="store_true", help="raise: about the subject's dose level")
    p.add_argument("--field", help="raise: the field queried (default: the whole record)")
    p.add_argument("--text", help="raise: the question; answer: the answer")
    p.add_argument("--correct", metavar="VALUE", help="answer: correct the queried value to this (with --reason)")
    p.add_argument("--reason", help="answer --correct: why the value changes")
    p.add_argument("--reopen", action="store_true", help="close: re-open the query instead (--note: why)")
    p.add_argument("--note", help="close: a closing note; --reopen: the reason")

    p = add("sample", cmd_sample, "record, move, ship, test, destroy or void an archived sample")
    p.add_argument("action", choices=["record", "move", "ship", "test", "destroy", "void"])
    p.add_argument("target", metavar="SUBJECT|SAMPLE", help="record: the subject's study id; otherwise the sample id")
    p.add_argument("--date", type=iso_date, help="the day it was drawn, shipped, tested or destroyed (default: today)")
    p.add_argument("--type", choices=list(vocabulary.SAMPLE_TYPES), help="record: the kind of sample")
    p.add_argument("--aliquots", type=int_between(1, 999), default=1, help="record: 1 to 999 (default 1)")
    p.add_argument("--freezer", help="record, move: the storage place (with --rack, --box and --position)")
    p.add_argument("--rack")
    p.add_argument("--box")
    p.add_argument("--position")
    p.add_argument("--to", help="ship: where it goes")
    p.add_argument("--test", help="test: the test's name, e.g. 'RCL culture'")
    p.add_argument("--result", help="test: the result as reported")
    p.add_argument("--test-id", type=positive_int, help="void: only this test of the sample (its id in 'ltfu samples')")
    p.add_argument("--reason", help="destroy, void (required), move: why")

    p = add("infusion", cmd_course, "a re-infusion: the plan restarts from its Day 0; or list the infusions")
    p.add_argument("action", choices=["add", "list"])
    p.add_argument("target", metavar="SUBJECT")
    p.add_argument("--date", type=iso_date, help="add: the infusion date (the new Day 0)")
    p.add_argument("--product", help="add: the product (lot)")
    p.add_argument("--dose", help="add: the cell dose, CAR+ cells/kg (e.g. 2e6)")
    p.add_argument("--dose-level", help="add: the dose level (default: the subject's)")
    p.add_argument("--reason", help="add: why (kept in the audit trail)")

    p = add("medication", cmd_course, "immunoglobulin replacement (IVIG, SCIG): add, stop or list")
    p.add_argument("action", choices=["add", "stop", "list"])
    p.add_argument("target", metavar="SUBJECT|MEDICATION", help="stop: the medication's id; otherwise the subject")
    p.add_argument("--kind", choices=list(vocabulary.MEDICATION_KINDS), help="add: ivig or scig")
    p.add_argument("--date", type=iso_date, help="add: the start date; stop: the stop date")
    p.add_argument("--stop", type=iso_date, help="add: the stop date (none: ongoing)")
    p.add_argument("--dose", help="add: g/kg per administration (e.g. 0.4)")
    p.add_argument("--reason", help="why (kept in the audit trail)")

    p = add("consent", cmd_course, "record an informed consent (the subject's consent version follows), or list them")
    p.add_argument("action", choices=["add", "list"])
    p.add_argument("target", metavar="SUBJECT")
    p.add_argument("--version", help="add: the consent form's version")
    p.add_argument("--date", type=iso_date, help="add: the day consent was given")
    p.add_argument("--by", choices=list(vocabulary.CONSENTERS), help="add: the subject, or a parent or guardian")

    p = add("export", cmd_export, "export CSV with a data dictionary, iCalendar or CDISC ODM")
    p.add_argument("format", choices=["csv", "ical", "odm"])
    p.add_argument("--study", metavar="ID", help="odm: " + STUDY_HELP + "; ical: only this study's visits")
    p.add_argument("target")
    p.add_argument("--from", dest="date_from", type=iso_date, help="ical: first day (default: today)")
    p.add_argument("--to", dest="date_to", type=iso_date, help="ical: last day (default: 30 days on)")
    p.add_argument("--site", help="ical: one site only")
    p.add_argument("--subject", help="ical: one subject only")
    p.add_argument(
        "--with-contacts", action="store_true", help="csv: include names and addresses (PHI; administrators)"
    )

    p = add("archive", cmd_archive, "write a handover archive with checksums")
    p.add_argument("file")
    p.add_argument(
        "--with-contacts",
        action="store_true",
        help="include names, addresses and phones (PHI; administrators): what a new keeper restores",
    )
    p = add("restore-archive", cmd_restore_archive, "rebuild a database from a handover archive")
    p.add_argument("file")

    p = add("backup", cmd_backup, "copy the database to FILE (SQLite online backup)")
    p.add_argument("file")
    p = add("restore", cmd_restore, "replace the database with a checked backup")
    p.add_argument("file")

    p = add("check", cmd_check, "schema version, row counts, integrity, audit chain and the derived tables")
    p.add_argument(
        "--rebuild-derived",
        "--rebuild-alerts",  # its name before the packed results joined the alerts
        dest="rebuild_derived",
        action="store_true",
        help="rebuild the stored safety alerts and packed results from the results first",
    )
    p.add_argument(
        "--anchor",
        metavar="FILE",
        action="append",
        help="also hold the audit trail against the head recorded in FILE: a backup or its manifest, "
        "an export manifest, an archive, a signed PDF, an anchor file (repeatable)",
    )

    p = add(
        "protocol",
        cmd_protocol,
        "studies: add a new study's protocol file, list them, or register an amendment (re-plans future visits only)",
    )
    p.add_argument("action", choices=["add", "list", "amend"])
    p.add_argument("file", nargs="?")
    p.add_argument("--effective", type=iso_date, help="amend: the day the amendment takes effect")
    p.add_argument("--reason", help="amend: e.g. the amendment number")

    p = add("verify", cmd_verify, "check that a signed PDF is exactly the one that was signed")
    p.add_argument("file")

    p = add("audit", cmd_audit, "the audit trail, of one subject or the latest entries; or as CSV or PDF")
    p.add_argument("subject", nargs="?")
    p.add_argument("--last", type=positive_int, default=50, help="how many of the latest entries (default 50)")
    p.add_argument("--csv", metavar="FILE", help="write the whole trail (or the subject's) as CSV")
    p.add_argument("--pdf", metavar="FILE", help="write it as a PDF")
    p.add_argument(
        "--with-contacts",
        action="store_true",
        help="show the old and new values of contact details (PHI; administrators); withheld otherwise",
    )

    p = add("user", cmd_user, "user accounts: list, add one (the first must be an admin), grant, revoke, show grants")
    p.add_argument("action", choices=["list", "add", "grant", "revoke", "show"])
    p.add_argument("username", nargs="?")
    p.add_argument("--role", choices=list(vocabulary.ROLES))
    p.add_argument("--name", help="full name, printed with signatures")
    p.add_argument("--new-password-file", metavar="PATH", help="the new user's password, from a file")
    p.add_argument("--study", help="grant/revoke: one study (a protocol id); every study when left out")
    p.add_argument("--site", help="grant/revoke: one site code; every site when left out")
    return parser


# What may follow a bare `ltfu` that opens the window.
WINDOW_OPTIONS = ("--db", "--screenshot")


def window_options(argv: Sequence[str]) -> dict[str, str] | None:
    """The options of a window start (only `--db URL` and `--screenshot PNG`, each at
    most once), read without the whole parser; None for anything else (a command,
    --help, an abbreviation, a value missing), which goes to the parser.

    Building the parser of every command takes a tenth of the time to the window's
    first paint, and the window takes none of its other options.
    """
    found: dict[str, str] = {}
    rest = list(argv)
    while rest:
        name, equals, value = rest.pop(0).partition("=")
        if name not in WINDOW_OPTIONS or name in found:
            return None
        if not equals:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        found[name] = value
    return found


def run() -> NoReturn:
    """The program (the `ltfu` script, ``python -m ltfu``, the frozen build): `main`; then, after
    a command, the process ends at once with its output flushed and its logs closed, skipping the
    interpreter's teardown of every module and object (0.3-0.5 s at the end of every command that
    nobody waits for; its work is committed and its files closed by then). After the window (Qt
    loaded) the interpreter ends as usual, so that Qt's own teardown runs.

    In the frozen build, a second process (spawned: a large export's tables, the handover
    archive's documents) starts here too and is sent on its way by `freeze_support`."""
    import multiprocessing

    multiprocessing.freeze_support()
    code = main()
    if "PySide6.QtWidgets" in sys.modules:
        raise SystemExit(code)
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # as in `main`: the reader closed the pipe
        code = code or 141
    logging.shutdown()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    window = window_options(sys.argv[1:] if argv is None else argv)
    if window is not None:
        from ltfu.app import run_window

        return run_window(window.get("--db"), screenshot=window.get("--screenshot"))
    parser = build_parser()
    args = parser.parse_args(argv)
    check_ranges(parser, args)
    import os

    defaults = (("db", None), ("json", False), ("user", os.environ.get("LTFU_USER")), ("password_file", None))
    for name, default in defaults:
        if not hasattr(args, name):
            setattr(args, name, default)
    if args.command is None:
        from ltfu.app import run_window

        return run_window(args.db, screenshot=args.screenshot)
    from ltfu.logs import configure_logging, log_file

    configure_logging()
    try:
        return args.handler(args)
    except ImportRowsError as exc:
        sys.stderr.write(f"ltfu: {exc.file_name}: {len(exc.problems)} bad row(s), nothing imported\n")
        for line, reason in exc.problems:
            sys.stderr.write(f"  line {line}: {reason}\n")
        return EXIT_REFUSED
    except LtfuError as exc:
        sys.stderr.write(f"ltfu: {exc}\n")
        return EXIT_REFUSED
    except KeyboardInterrupt:
        sys.stderr.write("ltfu: interrupted; the last unit of work was rolled back\n")
        return 130
    except BrokenPipeError:  # `ltfu ... | head`: the reader closed the pipe, it had what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the final flush has nowhere to fail
        return 141
    except Exception as exc:  # a bug: its stack goes to the log, never its message (PHI)
        log_bug(exc, f"'ltfu {args.command}'")
        where = log_file()
        sys.stderr.write(
            f"ltfu: internal error in '{args.command}' (a bug; the unit of work was rolled back); "
            + (f"see the log {where}\n" if where else "its details are above\n")
        )
        return EXIT_BUG


if __name__ == "__main__":
    raise SystemExit(main())
