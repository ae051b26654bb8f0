#!/usr/bin/env python3
"""Where a shard thread's CPU goes, from a JFR recording's execution samples.

usage: jfr-breakdown.py RECORDING.jfr [THREAD-REGEX ...]

Each jdk.ExecutionSample of a thread whose name matches (default: the engine's and the blocking-queue pipeline's
shard threads, and the publisher) is charged to the first frame, walking from the top of the stack outwards, whose
class belongs to a component: ring (Disruptor), queue (ArrayBlockingQueue and its lock), wheel, journal (the
journal module and Chronicle), model, histogram (HdrHistogram), idle (idle strategies, yield, park), glue (ShardCore,
ShardAgent, RunLoop, the blocking-queue shard, Agrona's AgentRunner), feed (the synthetic order flow). JDK and Agrona
utility frames (hash maps, buffers, VarHandles, atomics) are charged to whoever called them. JFR samples threads in
Java code only, so time in the kernel (futex, page faults, sched_yield) is not in these shares.

Then the heaviest allocation sites of the shard threads (jdk.ObjectAllocationSample weights, which JFR throttles:
relative, not exact totals).
"""
import collections
import re
import subprocess
import sys

COMPONENTS = [
    ("ring", r"^com\.lmax\.disruptor\."),
    ("queue", r"^java\.util\.concurrent\.(ArrayBlockingQueue|locks\.)"),
    ("wheel", r"^io\.concurrengine\.core\.wheel\."),
    ("journal", r"^(io\.concurrengine\.journal\.|io\.concurrengine\.pipeline\.journal\.|net\.openhft\.)"),
    ("model", r"^(io\.concurrengine\.model\.market\.(MarketModel|OrderBooks|OrderPool|Bars|StateHash|MarketCounters)"
              r"|io\.concurrengine\.tools\.run\.MarketShardModel|io\.concurrengine\.bench\.pipeline\.TrivialModel)"),
    ("feed", r"^(io\.concurrengine\.model\.market\.(SyntheticOrderFlow|LiveOrders|ZipfSampler|MarketInput)"
             r"|io\.concurrengine\.core\.rng\.|io\.concurrengine\.bench\.pipeline\.MarketFeed)"),
    ("histogram", r"^org\.HdrHistogram\."),
    ("idle", r"^(org\.agrona\.concurrent\.\w*IdleStrategy|java\.lang\.Thread\.(yield|onSpinWait|sleep)"
             r"|java\.util\.concurrent\.locks\.LockSupport)"),
    ("glue", r"^(io\.concurrengine\.pipeline\.|io\.concurrengine\.core\.loop\.|io\.concurrengine\.bench\.pipeline\."
             r"|org\.agrona\.concurrent\.AgentRunner)"),
]
DEFAULT_THREADS = [r"^concurrengine-shard-\d+$", r"^abq-shard-\d+$", r"^bench-publisher$"]


def component(frames):
    for frame in frames:
        for name, pattern in COMPONENTS:
            if re.search(pattern, frame):
                return name
    return "other"


def main():
    recording = sys.argv[1]
    threads = [re.compile(p) for p in (sys.argv[2:] or DEFAULT_THREADS)]
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", recording],
                          check=True, capture_output=True, text=True).stdout
    by_group = collections.defaultdict(collections.Counter)
    top = collections.defaultdict(collections.Counter)
    for event in text.split("jdk.ExecutionSample")[1:]:
        m = re.search(r'sampledThread = "([^"]+)"', event)
        if not m or not any(p.search(m.group(1)) for p in threads):
            continue
        group = re.sub(r"\d+$", "N", m.group(1))
        frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
        by_group[group][component(frames)] += 1
        if frames:
            top[group][frames[0]] += 1
    for group, counts in sorted(by_group.items()):
        total = sum(counts.values())
        print(f"{group}: {total} samples")
        for name, count in counts.most_common():
            print(f"  {name:<10} {count:6d}  {100.0 * count / total:5.1f} %")
        print("  top frames:")
        for frame, count in top[group].most_common(12):
            print(f"    {count:6d}  {100.0 * count / total:5.1f} %  {frame}")
        print()

    allocations(recording)


def allocations(recording):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ObjectAllocationSample", recording],
                          check=True, capture_output=True, text=True).stdout
    units = {"bytes": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}
    sites = collections.Counter()
    for event in text.split("jdk.ObjectAllocationSample")[1:]:
        thread = re.search(r'eventThread = "([^"]+)"', event)
        if not thread or not re.search(r"^(concurrengine|abq)-shard-\d+$", thread.group(1)):
            continue
        weight = re.search(r"weight = ([\d.,]+) (\w+)", event)
        cls = re.search(r"objectClass = ([\w.\[\]$]+)", event)
        frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
        site = " < ".join(f for f in frames if not f.startswith("java.util.Arrays"))[:160]
        sites[(cls.group(1) if cls else "?", site)] += float(weight.group(1).replace(",", "")) * units.get(
            weight.group(2), 1)
    print("shard-thread allocation samples (weight, class, site):")
    for (cls, site), weight in sites.most_common(8):
        print(f"  {weight / 1e6:8.1f} MB  {cls}  {site}")


if __name__ == "__main__":
    main()
