#!/usr/bin/env python3
"""GC pauses of the measured run in a JFR recording of `run --warmup`, in two windows: from the second start of
concurrengine-shard-0 (the first is the warm-up's throwaway engine) to the start of the concurrengine-feed thread,
that is while the measured engine starts, and from the feed's start on, where a pause can delay an input."""
import json, subprocess, sys


def events(path, name):
    out = subprocess.run(["jfr", "print", "--json", "--events", name, path], capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def starts(path, thread):
    return sorted(e["values"]["startTime"] for e in events(path, "jdk.ThreadStart")
                  if (e["values"].get("thread") or {}).get("javaName") == thread)


def millis(duration):
    return float(duration[2:].rstrip("S")) * 1000 if duration.startswith("PT") else 0.0


for path in sys.argv[1:]:
    shard = starts(path, "concurrengine-shard-0")
    engine_start = shard[1] if len(shard) > 1 else shard[0]
    feed_start = starts(path, "concurrengine-feed")[-1]
    windows = {"engine start": [], "feed": []}
    for e in events(path, "jdk.GarbageCollection"):
        v = e["values"]
        if v["startTime"] >= engine_start:
            windows["feed" if v["startTime"] >= feed_start else "engine start"].append((v["name"], millis(v["sumOfPauses"])))
    print(path + ": " + "; ".join(
        f"{name}: {len(p)} collections, pauses {sum(x[1] for x in p):.1f} ms, longest {max((x[1] for x in p), default=0):.1f} ms"
        for name, p in windows.items()))
