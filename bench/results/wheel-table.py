#!/usr/bin/env python3
"""Markdown tables for bench/results/README.md from JMH JSON result files (any number, merged)."""
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


def short(name):
    return name.split("io.concurrengine.bench.wheel.")[-1]


def load(paths):
    results = {}
    for path in paths:
        try:
            with open(path) as f:
                runs = json.load(f)
        except FileNotFoundError:
            continue
        tag = "checks" if "bounds-checks" in path else ""
        for run in runs:
            params = run.get("params", {})
            key = (short(run["benchmark"]) + tag, params.get("distribution"), int(params.get("size", 0)))
            results[key] = run
    return results


def fmt(x):
    if x >= 10000:
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.1f}"


def cell(run):
    if run is None:
        return "—"
    m = run["primaryMetric"]
    err = m["scoreError"]
    err = "?" if isinstance(err, str) or math.isnan(err) else fmt(err)
    return f"{fmt(m['score'])} ± {err}"


def alloc(run):
    if run is None:
        return "—"
    m = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    if m is None:
        return "n/a"
    s = m["score"]
    return "0" if s < 0.05 else f"{s:.1f}" if s < 10 else f"{s:.0f}"


def cpu(run):
    if run is None:
        return "—"
    m = run.get("secondaryMetrics", {}).get("cpu.time.norm")
    if m is None:
        return "n/a"
    err = m["scoreError"]
    err = "?" if isinstance(err, str) or math.isnan(err) else fmt(err)
    return f"{fmt(m['score'])} ± {err}"


def cpu_score(run):
    m = None if run is None else run.get("secondaryMetrics", {}).get("cpu.time.norm")
    return None if m is None else m["score"]


def score(run):
    return None if run is None else run["primaryMetric"]["score"]


def main(paths):
    r = load(paths)
    sizes = sorted({k[2] for k in r if k[0].startswith("HoldBenchmark")})

    print("### Hold model: ns per operation (pop earliest + push one), mean ± 99.9% error\n")
    print("| distribution | N | " + " | ".join(label for _, label in HOLD) + " |")
    print("|---|---:|" + "---:|" * len(HOLD))
    for d in DISTRIBUTIONS:
        for n in sizes:
            print(f"| {d} | {n:,} | " + " | ".join(cell(r.get((b, d, n))) for b, _ in HOLD) + " |")

    print("\n### Ratios: peer ns/op ÷ EventWheel ns/op (above 1: EventWheel faster)\n")
    print("| distribution | N | " + " | ".join(label for _, label in HOLD[1:]) + " |")
    print("|---|---:|" + "---:|" * (len(HOLD) - 1))
    for d in DISTRIBUTIONS:
        for n in sizes:
            ours = score(r.get((HOLD[0][0], d, n)))
            cells = []
            for b, _ in HOLD[1:]:
                s = score(r.get((b, d, n)))
                cells.append("—" if s is None or not ours else f"{s / ours:.2f}")
            print(f"| {d} | {n:,} | " + " | ".join(cells) + " |")

    print("\n### Hold model: CPU ns per operation of the benchmark thread (cpu.time.norm), mean ± 99.9% error\n")
    print("| distribution | N | " + " | ".join(label for _, label in HOLD) + " |")
    print("|---|---:|" + "---:|" * len(HOLD))
    for d in DISTRIBUTIONS:
        for n in sizes:
            print(f"| {d} | {n:,} | " + " | ".join(cpu(r.get((b, d, n))) for b, _ in HOLD) + " |")

    print("\n### Ratios of CPU ns/op: peer ÷ EventWheel\n")
    print("| distribution | N | " + " | ".join(label for _, label in HOLD[1:]) + " |")
    print("|---|---:|" + "---:|" * (len(HOLD) - 1))
    for d in DISTRIBUTIONS:
        for n in sizes:
            ours = cpu_score(r.get((HOLD[0][0], d, n)))
            cells = []
            for b, _ in HOLD[1:]:
                c = cpu_score(r.get((b, d, n)))
                cells.append("—" if c is None or not ours else f"{c / ours:.2f}")
            print(f"| {d} | {n:,} | " + " | ".join(cells) + " |")

    print("\n### Allocation: gc.alloc.rate.norm, bytes per operation (-prof gc)\n")
    print("| distribution | N | " + " | ".join(label for _, label in HOLD) + " |")
    print("|---|---:|" + "---:|" * len(HOLD))
    for d in DISTRIBUTIONS:
        for n in sizes:
            print(f"| {d} | {n:,} | " + " | ".join(alloc(r.get((b, d, n))) for b, _ in HOLD) + " |")

    cancel = sorted(k for k in r if k[0].startswith("CancelBenchmark"))
    if cancel:
        print("\n### Cancel: push victim + cancel it + one hold step, ns per operation (EXPONENTIAL)\n")
        print("| N | EventWheel | PriorityQueue | PQ ÷ EventWheel | EventWheel minus its hold | "
              "PriorityQueue minus its hold | EventWheel CPU | PriorityQueue CPU | EventWheel B/op | PriorityQueue B/op |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n in sorted({k[2] for k in cancel}):
            w = r.get(("CancelBenchmark.eventWheel", "EXPONENTIAL", n))
            q = r.get(("CancelBenchmark.priorityQueue", "EXPONENTIAL", n))
            wh = score(r.get(("HoldBenchmark.eventWheel", "EXPONENTIAL", n)))
            qh = score(r.get(("HoldBenchmark.priorityQueue", "EXPONENTIAL", n)))
            ratio = f"{score(q) / score(w):.1f}" if w and q else "—"
            dw = fmt(score(w) - wh) if w and wh else "—"
            dq = fmt(score(q) - qh) if q and qh else "—"
            print(f"| {n:,} | {cell(w)} | {cell(q)} | {ratio} | {dw} | {dq} | {cpu(w)} | {cpu(q)} | "
                  f"{alloc(w)} | {alloc(q)} |")

    checks = sorted(k for k in r if k[0].endswith("checks"))
    if checks:
        print("\n### EventWheel with Agrona bounds checks on vs off (hold model, ns per operation)\n")
        print("| distribution | N | checks off | checks on | on ÷ off | CPU checks off | CPU checks on | on ÷ off (CPU) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for d in DISTRIBUTIONS:
            for n in sizes:
                off = r.get(("HoldBenchmark.eventWheel", d, n))
                on = r.get(("HoldBenchmark.eventWheelchecks", d, n))
                ratio = f"{score(on) / score(off):.2f}" if on and off else "—"
                con, coff = cpu_score(on), cpu_score(off)
                cratio = f"{con / coff:.2f}" if con and coff else "—"
                print(f"| {d} | {n:,} | {cell(off)} | {cell(on)} | {ratio} | {cpu(off)} | {cpu(on)} | {cratio} |")


if __name__ == "__main__":
    main(sys.argv[1:])
