#!/usr/bin/env python3
"""Markdown tables for bench/results/pipeline/README.md from the result files.

usage: tables.py [RESULTS-DIR]   (default bench/results/pipeline); prints to stdout.
"""
import json
import os
import re
import sys

DIR = sys.argv[1] if len(sys.argv) > 1 else "bench/results/pipeline"


def load(name):
    path = os.path.join(DIR, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def m(x):
    """events/s in millions."""
    return "—" if x is None or x != x else f"{x / 1e6:.2f} M"


def us(ns):
    if ns is None:
        return "—"
    # the unit is chosen after rounding: 999,950 ns is "1.0 ms", not "1000.0 µs"
    if ns >= 1e9 or float(f"{ns / 1e6:.1f}") >= 1000:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6 or float(f"{ns / 1e3:.1f}") >= 1000:
        return f"{ns / 1e6:.1f} ms"
    return f"{ns / 1e3:.1f} µs"


def f1(x, digits=1):
    return "—" if x is None or x != x else f"{x:.{digits}f}"


def burst_table(report, title):
    rows = report["burst"]["summary"]
    print(f"#### {title}\n")
    print("| pipeline | journal | events/s (mean, min–max of rounds) | inputs/s | steady events/s | journal B/event "
          "| shard alloc B/event | shard CPU ns/event | publisher CPU ns/input | other processes (cores) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        e = r["eventsPerSecond"]
        journal = "on" if r["journal"] else "off"
        events = f"{m(e['mean'])} ({m(e['min'])}–{m(e['max'])})"
        if r["pipeline"] == "feed-only":
            journal = "—"
            events = "— (publishes only)"
        print(f"| {r['pipeline']} | {journal} | {events} "
              f"| {m(r['inputsPerSecond']['mean'])} | {m(r['steadyEventsPerSecond']['mean'])} "
              f"| {f1(r['journalBytesPerEvent']['mean'], 2)} | {f1(r['shardAllocatedBytesPerEvent']['mean'], 3)} "
              f"| {f1(r['shardCpuNanosPerEvent']['mean'], 0)} | {f1(r['publisherCpuNanosPerInput']['mean'], 0)} "
              f"| {f1(r['otherProcessesCoresBusy']['mean'], 2)} |")
    by = {(r["pipeline"], r["journal"]): r["eventsPerSecond"]["mean"] for r in rows}
    print()
    for p in ("disruptor", "abq"):
        if (p, True) in by and (p, False) in by and by[(p, False)]:
            print(f"- {p}: journaling on / off = {by[(p, True)] / by[(p, False)] * 100:.0f} %")
    for j in (True, False):
        if ("disruptor", j) in by and ("abq", j) in by and by[("abq", j)]:
            print(f"- journal {'on' if j else 'off'}: disruptor / abq = {by[('disruptor', j)] / by[('abq', j)]:.2f}")
    print()


def paced_table(report):
    paced = report["paced"]
    print(f"#### Paced latency (intended-time pacing, market model; max = {m(paced['maxRate'])} inputs/s)\n")
    print("| target inputs/s | pipeline | journal | achieved inputs/s | P50 | P99 | P99.9 | max | journaled P99 "
          "| journaled max | samples | shard alloc B/event |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    p99 = {}
    for r in paced["summary"]:
        lat = r["latencyNanos"]
        # null without a journal (older result files held the latency to the group commit there): "off"
        jl = r["journaledLatencyNanos"] if r["journal"] else None
        jp99, jmax = ("off", "off") if jl is None else (us(jl["p99"]), us(jl["max"]))
        p99[(r["targetRate"], r["pipeline"], r["journal"])] = lat["p99"]
        print(f"| {m(r['targetRate'])} | {r['pipeline']} | {'on' if r['journal'] else 'off'} "
              f"| {m(r['achievedPublishRate']['mean'])} | {us(lat['p50'])} | {us(lat['p99'])} | {us(lat['p999'])} "
              f"| {us(lat['max'])} | {jp99} | {jmax} | {lat['count']:,} "
              f"| {f1(r['shardAllocatedBytesPerEvent']['mean'], 3)} |")
    print()
    for (rate, pipeline, journal), value in p99.items():
        if journal and (rate, pipeline, False) in p99 and p99[(rate, pipeline, False)]:
            print(f"- {m(rate)} {pipeline}: P99 journaling on / off = "
                  f"{value / p99[(rate, pipeline, False)]:.2f}")
    print()


def replay_table(report):
    replay = report.get("replay")
    if not replay:
        return
    print(f"#### Replay --verify of `{replay['liveRun']}` ({replay['liveDispatched']:,} events, "
          f"{replay['journalBytes'] / 1e6:.0f} MB of blocks)\n")
    print("| pass | how | verified | state hash = live | events/s (replay time) | events/s (wall) "
          "| / live events/s | allocated B/event |")
    print("|---|---|---|---|---|---|---|---|")
    live = replay["liveEventsPerSecond"]
    for p in replay["passes"]:
        print(f"| {p['pass']} | {p['how']} | {p['verified']} | {p['stateHash'] == replay['liveStateHash']} "
              f"| {m(p['eventsPerSecond'])} | {m(p['wallEventsPerSecond'])} "
              f"| {p['eventsPerSecond'] / live:.2f} | {f1(p['allocatedBytesPerEvent'], 3)} |")
    print(f"\nLive run: {m(live)} events/s end to end.\n")


def sustained_table(report):
    s = report["sustained"]
    v = s["verdict"]
    run = s["run"]
    print("#### Sustained (journaled, max rate)\n")
    print("| | value |")
    print("|---|---|")
    print(f"| run length | {run['elapsedSeconds']:.0f} s, {run['dispatched']:,} events, {run['inputs']:,} inputs |")
    print(f"| disk write+fsync before / after | {s['diskProbeBefore']['megabytesPerSecond']:.0f} / "
          f"{s['diskProbeAfter']['megabytesPerSecond']:.0f} MB/s ({s['diskProbeBefore']['bytes'] / 2**30:.0f} GiB each) |")
    print(f"| journal bytes per event: blocks / on disk | {v['journalBlockBytesPerEvent']:.2f} / "
          f"{v['journalDiskBytesPerEvent']:.2f} B |")
    print(f"| disk-bound rate = bandwidth / disk bytes per event | {m(v['diskBoundEventsPerSecond'])} events/s |")
    print(f"| sustained events/s (after warm-up) | {m(v['sustainedEventsPerSecond'])} |")
    iv = v["intervalEventsPerSecond"]
    print(f"| 10 s intervals: min / median / max | {m(iv['min'])} / {m(iv['median'])} / {m(iv['max'])} |")
    before = s["diskProbeBefore"]["megabytesPerSecond"] * 1e6 / v["journalDiskBytesPerEvent"]
    after = s["diskProbeAfter"]["megabytesPerSecond"] * 1e6 / v["journalDiskBytesPerEvent"]
    print(f"| disk-bound rate with the other probe | {m(max(before, after))} events/s |")
    print(f"| sustained / disk-bound (slower probe; faster probe) | {v['ratioToDiskBound'] * 100:.1f} %; "
          f"{v['sustainedEventsPerSecond'] / max(before, after) * 100:.1f} % |")
    print(f"| journal write rate (disk bytes / run time) | "
          f"{v['journalDiskBytes'] / run['elapsedSeconds'] / 1e6:.0f} MB/s |")
    lat = run["latencyNanos"]
    print(f"| latency P50 / P99 / P99.9 / max (max rate: queueing) | {us(lat['p50'])} / {us(lat['p99'])} / "
          f"{us(lat['p999'])} / {us(lat['max'])} |")
    print(f"| shard alloc B/event | {f1(run.get('shardAllocatedBytesPerEvent'), 3)} |")
    print(f"| other processes (cores busy, mean) | {f1(run['cpu'].get('otherProcessesCoresBusy'), 2)} |")
    print()


def jmh_table():
    results = load("journal-append-jmh.json")
    if not results:
        return
    text = open(os.path.join(DIR, "journal-append-jmh.txt")).read()
    per_run = {}  # (benchmark method, flushEvery) -> bytes/event printed by each iteration of that run
    for section in text.split("# Benchmark: ")[1:]:
        method = section.split("\n", 1)[0].strip().rsplit(".", 1)[-1]
        for flush, value in re.findall(r"journal flushEvery=(\d+): ([\d.]+) bytes/event", section):
            per_run.setdefault((method, flush), []).append(float(value))
    print("#### Journal append (JMH, avgt, 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement)\n")
    print("| benchmark | flushEvery | ns/event (± 99.9 %) | worker CPU ns/event | alloc B/event | journal bytes/event |")
    print("|---|---|---|---|---|---|")
    for r in results:
        name = r["benchmark"].rsplit(".", 1)[1]
        flush = r.get("params", {}).get("flushEvery", "—")
        primary = r["primaryMetric"]
        sec = r.get("secondaryMetrics", {})
        cpu = sec.get("cpu.time.norm", {}).get("score")
        alloc = sec.get("gc.alloc.rate.norm", {}).get("score")
        sizes = per_run.get((name, flush))
        size = f"{sum(sizes) / len(sizes):.2f}" if sizes and name.startswith("journal") else "64 + 4 header"
        print(f"| {name} | {flush} | {primary['score']:.1f} ± {primary['scoreError']:.1f} | {f1(cpu)} "
              f"| {f1(alloc, 3)} | {size} |")
    print()


def main():
    suite = load("suite.json")
    if suite:
        burst_table(suite, "Burst, market model (2 × 30 s rounds per row)")
    trivial = load("burst-trivial.json")
    if trivial:
        burst_table(trivial, "Burst, trivial model (2 × 10 s rounds per row)")
    if suite:
        paced_table(suite)
        replay_table(suite)
    jmh_table()
    sustained = load("sustained.json")
    if sustained:
        sustained_table(sustained)


if __name__ == "__main__":
    main()
