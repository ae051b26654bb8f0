# Reading `perf script -F tid,cpu,time,event,trace` output, for the analysis scripts beside this file.
import re

_LINE = re.compile(r'\s*(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s*(.*)')
_SWITCH = re.compile(
    r'prev_comm=(.*) prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+) ==> next_comm=(.*) next_pid=(\d+)')


def events(path):
    """(tid, cpu, time in s, event name, its fields) for each event line."""
    for line in open(path):
        m = _LINE.match(line)
        if m:
            yield int(m.group(1)), int(m.group(2)), float(m.group(3)), m.group(4), m.group(5)


def switches(path):
    """(cpu, time, prev_comm, prev_pid, prev_state, next_comm, next_pid) for each sched:sched_switch."""
    for _, cpu, t, name, fields in events(path):
        if name == 'sched:sched_switch':
            yield (cpu, t) + switch(fields)


def switch(fields):
    """(prev_comm, prev_pid, prev_state, next_comm, next_pid) of a sched_switch's fields."""
    m = _SWITCH.search(fields)
    return m.group(1), int(m.group(2)), m.group(3), m.group(4), int(m.group(5))


def is_pipeline_thread(comm):
    """A shard thread or the bench's feed thread."""
    return comm.startswith('concurrengine') or comm.startswith('bench-pub')


def switches_and_calls(path):
    """Each sched_switch as ('switch', cpu, time, prev_comm, prev_pid, prev_state, next_comm, next_pid), and each traced
    system call, at its exit, as ('call', tid, name, enter time, exit time)."""
    entered = {}
    for tid, cpu, t, name, fields in events(path):
        if name == 'sched:sched_switch':
            yield ('switch', cpu, t) + switch(fields)
        elif '_enter_' in name:
            entered[tid] = (name.split('_enter_')[1], t)
        elif '_exit_' in name and tid in entered:
            call, t0 = entered.pop(tid)
            yield 'call', tid, call, t0, t
