#!/usr/bin/env python3
"""Top frames of a JFR recording's execution samples: self (top frame, with line) and inclusive (per method).

Usage: jfr print --json --events jdk.ExecutionSample profile.jfr | jfr-top.py [rows]
"""
import collections
import json
import sys


def name(frame):
    method = frame["method"]
    return method["type"]["name"].split("/")[-1] + "." + method["name"]


def main(rows):
    events = json.load(sys.stdin)["recording"]["events"]
    own = collections.Counter()
    inclusive = collections.Counter()
    samples = 0
    for event in events:
        frames = (event["values"].get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        samples += 1
        own[f"{name(frames[0])}:{frames[0]['lineNumber']}"] += 1
        for method in {name(frame) for frame in frames}:
            inclusive[method] += 1
    print(f"execution samples: {samples}")
    print("self (top frame):")
    for key, count in own.most_common(rows):
        print(f"  {100.0 * count / samples:5.1f}%  {key}")
    print("inclusive (method anywhere on the stack):")
    for key, count in inclusive.most_common(rows):
        print(f"  {100.0 * count / samples:5.1f}%  {key}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
