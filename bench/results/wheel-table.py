#!/usr/bin/env python3
"""Markdown tables for bench/results/wheel.md from the JMH JSON result files.

Usage: wheel-table.py wheel-hold.json [wheel-hold-sorted-1m.json] [wheel-hold-bounds-checks.json]
                      [wheel-hold-run2.json]
A file whose name contains "run2" is the repeat of the main run, "bounds-checks" the run with Agrona's bounds checks
on; every other file belongs to run 1.
"""
import json
import math
import sys

HOLD = [
    ("HoldBenchmark.eventWheel", "EventWheel"),
    ("HoldBenchmark.priorityQueue", "PriorityQueue"),
    ("HoldBenchmark.priorityQueueReusing", "PriorityQueue, reused objects"),
    ("HoldBenchmark.deadlineTimerWheel", "Agrona DeadlineTimerWheel"),
    ("HoldBenchmark.ssjSplayTree", "SSJ SplayTree"),
    ("HoldBenchmark.ssjHenriksen", "SSJ Henriksen"),
    ("SortedSlotWheelHoldBenchmark.sortedSlotWheel", "sorted-insert wheel"),
]
DISTRIBUTIONS = ["EXPONENTIAL", "UNIFORM", "DENSE"]
RUN1, RUN2, CHECKS = "run 1", "run 2", "checks on"


def load(paths):
    results = {}
    for path in paths:
        try:
            with open(path) as f:
                runs = json.load(f)
        except FileNotFoundError:
            continue
        tag = CHECKS if "bounds-checks" in path else RUN2 if "run2" in path else RUN1
        for run in runs:
            params = run.get("params", {})
            name = run["benchmark"].split("io.concurrengine.bench.wheel.")[-1]
            results[(tag, name, params.get("distribution"), int(params.get("size", 0)))] = run
    return results


def fmt(x):
    if x >= 10000:
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.1f}"


def metric(run, name):
    if run is None:
        return None
    return run["primaryMetric"] if name is None else run.get("secondaryMetrics", {}).get(name)


def value(run, name=None):
    m = metric(run, name)
    return None if m is None else m["score"]


def with_error(run, name=None):
    m = metric(run, name)
    if m is None:
        return "—"
    err = m["scoreError"]
    err = "?" if isinstance(err, str) or math.isnan(err) else fmt(err)
    return f"{fmt(m['score'])} ± {err}"


def alloc(run):
    s = value(run, "gc.alloc.rate.norm")
    if s is None:
        return "—"
    return "0" if s < 0.05 else f"{s:.1f}" if s < 10 else f"{s:.0f}"


def best(r, name, d, n, metric_name=None):
    """Lower of the two runs: a neighbour on a shared machine only ever adds time."""
    values = [v for v in (value(r.get((t, name, d, n)), metric_name) for t in (RUN1, RUN2)) if v is not None]
    return min(values) if values else None


def header(columns):
    print("| distribution | N | " + " | ".join(columns) + " |")
    print("|---|---:|" + "---:|" * len(columns))


def grid(r, sizes, cell):
    for d in DISTRIBUTIONS:
        for n in sizes:
            print(f"| {d} | {n:,} | " + " | ".join(cell(b, d, n) for b, _ in HOLD) + " |")


def ratio_grid(r, sizes, get):
    header([label for _, label in HOLD[1:]])
    for d in DISTRIBUTIONS:
        for n in sizes:
            ours = get(HOLD[0][0], d, n)
            cells = []
            for b, _ in HOLD[1:]:
                s = get(b, d, n)
                cells.append("—" if s is None or not ours else f"{s / ours:.2f}")
            print(f"| {d} | {n:,} | " + " | ".join(cells) + " |")


def main(paths):
    r = load(paths)
    sizes = sorted({k[3] for k in r if k[1].startswith("HoldBenchmark")})
    labels = [label for _, label in HOLD]

    print("### Hold model, best of the two runs: wall-clock ns per operation (pop earliest + push one)\n")
    header(labels)
    grid(r, sizes, lambda b, d, n: "—" if best(r, b, d, n) is None else fmt(best(r, b, d, n)))
    print("\n### Ratios, best of the two runs: peer ns/op ÷ EventWheel ns/op (above 1: EventWheel faster)\n")
    ratio_grid(r, sizes, lambda b, d, n: best(r, b, d, n))

    for tag in (RUN1, RUN2):
        if not any(k[0] == tag and k[1].startswith("HoldBenchmark") for k in r):
            continue
        print(f"\n### Hold model, {tag}: wall-clock ns/op, mean ± 99.9% error\n")
        header(labels)
        grid(r, sizes, lambda b, d, n: with_error(r.get((tag, b, d, n))))
        print(f"\n### Hold model, {tag}: CPU ns/op of the benchmark thread (cpu.time.norm), mean ± 99.9% error\n")
        header(labels)
        grid(r, sizes, lambda b, d, n: with_error(r.get((tag, b, d, n)), "cpu.time.norm"))

    print("\n### Allocation, run 1: gc.alloc.rate.norm, bytes per operation (-prof gc)\n")
    header(labels)
    grid(r, sizes, lambda b, d, n: alloc(r.get((RUN1, b, d, n))))

    cancel = sorted({k[3] for k in r if k[1].startswith("CancelBenchmark")})
    if cancel:
        print("\n### Cancel: push a victim, cancel it, one hold step; ns per operation (EXPONENTIAL)\n")
        print("| run | N | EventWheel | PriorityQueue | PQ ÷ EventWheel | EventWheel minus its hold | "
              "PriorityQueue minus its hold | EventWheel CPU | PriorityQueue CPU | EventWheel B/op | PriorityQueue B/op |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for tag in (RUN1, RUN2):
            for n in cancel:
                w = r.get((tag, "CancelBenchmark.eventWheel", "EXPONENTIAL", n))
                q = r.get((tag, "CancelBenchmark.priorityQueue", "EXPONENTIAL", n))
                if w is None and q is None:
                    continue
                wh = value(r.get((tag, "HoldBenchmark.eventWheel", "EXPONENTIAL", n)))
                qh = value(r.get((tag, "HoldBenchmark.priorityQueue", "EXPONENTIAL", n)))
                ratio = f"{value(q) / value(w):.1f}" if w and q else "—"
                dw = fmt(value(w) - wh) if w and wh else "—"
                dq = fmt(value(q) - qh) if q and qh else "—"
                print(f"| {tag} | {n:,} | {with_error(w)} | {with_error(q)} | {ratio} | {dw} | {dq} | "
                      f"{with_error(w, 'cpu.time.norm')} | {with_error(q, 'cpu.time.norm')} | {alloc(w)} | {alloc(q)} |")

    if any(k[0] == CHECKS for k in r):
        print("\n### EventWheel with Agrona's bounds checks on (a third run) against off (best of runs 1 and 2)\n")
        print("| distribution | N | checks off, best of two | checks on | on ÷ off | CPU off, best of two | CPU on | "
              "on ÷ off (CPU) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for d in DISTRIBUTIONS:
            for n in sizes:
                off = best(r, HOLD[0][0], d, n)
                on = r.get((CHECKS, HOLD[0][0], d, n))
                coff = best(r, HOLD[0][0], d, n, "cpu.time.norm")
                con = value(on, "cpu.time.norm")
                ratio = f"{value(on) / off:.2f}" if on and off else "—"
                cratio = f"{con / coff:.2f}" if con and coff else "—"
                print(f"| {d} | {n:,} | {fmt(off)} | {with_error(on)} | {ratio} | {fmt(coff)} | "
                      f"{with_error(on, 'cpu.time.norm')} | {cratio} |")


if __name__ == "__main__":
    main(sys.argv[1:])
