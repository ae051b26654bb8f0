#!/usr/bin/env python3
"""Share of a fight's CPU samples spent in the timing wheel, from async-profiler's collapsed stacks.

Usage: profile-summary.py collapsed-cpu-SPEC.csv.gz
"""
import gzip
import sys

WHEEL = 'io/concurrengine/core/wheel/'
MODEL = 'io/concurrengine/model/'
RUN_LOOP = 'io/concurrengine/core/loop/RunLoop.run'

total = in_wheel = wheel_by_loop = 0
with gzip.open(sys.argv[1], 'rt') as lines:
    for line in lines:
        stack, _, count = line.rstrip().rpartition(' ')
        if not stack:
            continue
        count = int(count)
        frames = [frame.split('_[')[0] for frame in stack.split(';')]
        if 'io/concurrengine/bench/combat/CombatBenchmark.fight' not in frames:
            continue
        total += count
        if any(frame.startswith(WHEEL) for frame in frames):
            in_wheel += count
            below = frames[frames.index(RUN_LOOP):] if RUN_LOOP in frames else frames
            if not any(frame.startswith(MODEL) for frame in below):
                wheel_by_loop += count  # the loop's own poll, not a handler's push or cancel
print(f'{sys.argv[1]}: {total} samples; an EventWheel frame on the stack {100 * in_wheel / total:.1f} %, '
      f'of which the run loop\'s own calls (poll) {100 * wheel_by_loop / total:.1f} %')
