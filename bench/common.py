"""Shared pieces of the benchmarks: timing, the result rows, the Markdown table.

Every measured operation is timed against a baseline in the same run, the two
interleaved (baseline, measured, baseline, measured, ...) so that load from other
work on the machine hits both alike; the table shows medians.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TODAY = "2026-11-29"  # the demo cohort's "today"; every benchmark asks about this day
SIZES = (1_000, 10_000)
LARGE_SIZES = (1_000, 10_000, 50_000)  # bench/run --large
JUDGED = 10_000  # the size the targets are judged on
GROWTH_LIMIT = 10.0  # 1,000 -> 10,000 subjects costs at most ~10x (each step: as much as the data grows)
GROWTH_SLACK = 1.1  # "about": 10 % for the noise of a shared machine


def timed(fn: Callable[[], object]) -> float:
    """Seconds `fn` takes; a float it returns is taken as its own measurement (subprocesses)."""
    gc.collect()
    start = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - start
    return float(out) if isinstance(out, float) else elapsed


def interleaved(
    measured: Callable[[], object],
    baseline: Callable[[], object] | None,
    runs: int,
    setup: Callable[[], None] | None = None,
) -> tuple[float, float | None, list[float], list[float]]:
    """(median measured, median baseline, all measured, all baseline), runs interleaved.

    `setup` (not timed) runs before every timed call, e.g. a fresh database copy.
    """
    times: list[float] = []
    base: list[float] = []
    for _ in range(runs):
        if baseline is not None:
            if setup:
                setup()
            base.append(timed(baseline))
        if setup:
            setup()
        times.append(timed(measured))
    return statistics.median(times), (statistics.median(base) if base else None), times, base


VERY_SLOW = 30.0  # seconds: a first run this slow is the only sample
SLOW = 10.0  # seconds: a first run this slow is kept as a sample, and one more run is made
MEDIUM = 4.0  # seconds: ... kept, and two more runs are made


@dataclass
class Measured:
    seconds: float
    baseline: float | None
    samples: list[float]
    baseline_samples: list[float]
    first_output: object


def measure(
    measured: Callable[[], object],
    make_baseline: Callable[[object], Callable[[], object] | None],
    runs: int,
    setup: Callable[[], None] | None = None,
) -> Measured:
    """One warm-up run (its output is kept), then `runs` timed runs interleaved with the baseline.

    `make_baseline(output of the warm-up)` gives the baseline (so that it can size itself
    on what the operation made). A slow operation's warm-up counts as a sample and fewer runs follow,
    so the whole bench/run stays within 10 minutes.
    """
    holder: list[object] = []

    def first() -> object:
        out = measured()
        holder.append(out)
        return out if isinstance(out, float) else None

    if setup:
        setup()
    first_time = timed(first)
    baseline = make_baseline(holder[0] if holder else None)
    if baseline is not None:
        if setup:
            setup()
        timed(baseline)  # its warm-up
    kept: list[float] = []
    if first_time > VERY_SLOW:
        kept, runs = [first_time], 0
    elif first_time > SLOW:
        kept, runs = [first_time], 1
    elif first_time > MEDIUM:
        kept, runs = [first_time], min(runs, 2)
    _, _, samples, base = interleaved(measured, baseline, runs, setup) if runs else (0.0, None, [], [])
    if baseline is not None and not base:
        if setup:
            setup()
        base = [timed(baseline)]
    samples = kept + samples
    return Measured(
        statistics.median(samples),
        statistics.median(base) if base else None,
        samples,
        base,
        holder[0] if holder else None,
    )


@dataclass
class Row:
    """One line of the table."""

    operation: str
    size: str
    seconds: float | None = None  # None: not measured (see note)
    baseline: float | None = None
    baseline_label: str = ""
    target: str = ""
    max_ratio: float | None = None  # the target as a ratio to the baseline ...
    max_value: float | None = None  # ... or as a limit on the time (s) or memory (MB)
    passed: bool | None = None  # None: no target, or not measured
    growth: float | None = None  # time at this size / time at the size before (10,000 / 1,000)
    growth_limit: float = GROWTH_LIMIT  # how much the data grew in that step
    baseline_growth: float | None = None  # the same for the baseline
    unit: str = "s"  # "s" times, "MB" memory
    note: str = ""
    key: str = ""  # the operation's id, to pair the 1,000 and 10,000 rows
    samples: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.seconds is None or not self.baseline:
            return None
        return self.seconds / self.baseline

    @property
    def grew_too_much(self) -> bool:
        """Grew by more than about 10x, and faster than its own baseline did (a baseline
        that grows as much, e.g. B-tree inserts into a ten times larger table, shows the
        cost comes with the data, not from a quadratic step of ours)."""
        if self.growth is None or self.growth <= self.growth_limit * GROWTH_SLACK:
            return False
        return self.baseline_growth is None or self.growth > self.baseline_growth * GROWTH_SLACK

    def judge(self) -> None:
        """Pass when every limit given holds (the table judges the 10,000-subject rows)."""
        if self.seconds is None or (self.max_ratio is None and self.max_value is None):
            return
        ok = True
        if self.max_ratio is not None:
            ok = ok and self.ratio is not None and self.ratio <= self.max_ratio
        if self.max_value is not None:
            ok = ok and self.seconds < self.max_value
        self.passed = ok


def fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def growth_text(row: Row) -> str:
    if row.growth is None:
        return ""
    text = f"{row.growth:.1f}x {'✗' if row.grew_too_much else '✓'}"
    if row.growth > row.growth_limit * GROWTH_SLACK and row.baseline_growth is not None:
        text += f" (baseline {row.baseline_growth:.1f}x)"
    return text


def markdown_table(rows: list[Row], growth_head: str = "1k → 10k") -> str:
    head = f"| operation | size | time | baseline | ratio | target | pass/fail | {growth_head} |"
    lines = [head, "|---|---|---:|---|---:|---|---|---:|"]
    for r in rows:
        base = ""
        if r.baseline is not None:
            base = f"{fmt_value(r.baseline, r.unit)} {r.baseline_label}".strip()
        elif r.baseline_label:
            base = r.baseline_label
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        verdict = {True: "pass", False: "**FAIL**", None: ""}[r.passed]
        time_text = fmt_value(r.seconds, r.unit) if r.seconds is not None else (r.note or "not available")
        lines.append(
            f"| {r.operation} | {r.size} | {time_text} | {base} | {ratio} | {r.target} | {verdict} | {growth_text(r)} |"
        )
    return "\n".join(lines)


def run_json(args: list[str], env: dict[str, str] | None = None, timeout: float = 300) -> dict:
    """Run a Python helper in a fresh process; its last stdout line is JSON."""
    full_env = os.environ.copy()
    full_env.update(env or {})
    done = subprocess.run([PYTHON, *args], cwd=REPO, env=full_env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])} failed ({done.returncode}): {done.stderr[-2000:]}")
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError(f"{' '.join(args[:3])} printed nothing: {done.stderr[-2000:]}")
    return json.loads(lines[-1])


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
