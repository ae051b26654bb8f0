#!/usr/bin/env python3
"""GC pauses of the measured run in a JFR recording of `run --warmup`: those after the second start of
concurrengine-shard-0 (the first is the warm-up's throwaway engine). Prints count, total and longest pause."""
import json, subprocess, sys

def events(path, name):
    out = subprocess.run(["jfr", "print", "--json", "--events", name, path], capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]

for path in sys.argv[1:]:
    starts = sorted(e["values"]["startTime"] for e in events(path, "jdk.ThreadStart")
                    if (e["values"].get("thread") or {}).get("javaName") == "concurrengine-shard-0")
    measured = starts[1] if len(starts) > 1 else starts[0]
    pauses = []
    for e in events(path, "jdk.GarbageCollection"):
        v = e["values"]
        if v["startTime"] >= measured:
            d = v["sumOfPauses"]
            ms = float(d[2:].rstrip("S")) * 1000 if d.startswith("PT") else 0.0
            pauses.append((v["name"], ms))
    total = sum(p[1] for p in pauses)
    longest = max((p[1] for p in pauses), default=0.0)
    concurrent = sum(1 for p in pauses if p[0] == "G1Old")
    print(f"{path}: {len(pauses)} collections in the measured run ({concurrent} concurrent cycles), pauses {total:.1f} ms"
          f" in all, longest {longest:.1f} ms")
