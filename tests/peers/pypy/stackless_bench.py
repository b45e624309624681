"""Peer programs for PyPy's stackless.py (Debian pypy3), for the Stackless for C# comparison (docs/benchmarks.md).

The same workloads as tests/Stackless.Benchmarks' quick runner. Prints one line per measure:
key <TAB> median ns per operation.   Run:  pypy3 stackless_bench.py [--only key] [--memory]
"""
import gc
import sys
import time

import stackless

RUNS = 5
WARM_UP_NS = 300_000_000  # PyPy's JIT needs longer than .NET's tiering


def median(f):
    start = time.perf_counter_ns()
    n = 0
    while time.perf_counter_ns() - start < WARM_UP_NS or n < 2:
        f()
        n += 1
    values = sorted(f() for _ in range(RUNS))
    return values[RUNS // 2]


def ns_per_op(ops, f):
    start = time.perf_counter_ns()
    f()
    return (time.perf_counter_ns() - start) / ops


def check(got, want):
    if got != want:
        sys.exit(f"workload computed {got}, expected {want}")


# ---- schedule() switch ----

def schedule_loop(count):
    for _ in range(count):
        stackless.schedule()


def schedule_switch(tasklets, each):
    for _ in range(tasklets):
        stackless.tasklet(schedule_loop)(each)
    stackless.run()


# ---- ping-pong ----

def ping(a, b, count):
    for i in range(count):
        a.send(i)
        b.receive()


def pong(a, b, count):
    for _ in range(count):
        x = a.receive()
        b.send(x)


def ping_pong(pairs, round_trips):
    for _ in range(pairs):
        a, b = stackless.channel(), stackless.channel()
        stackless.tasklet(pong)(a, b, round_trips)
        stackless.tasklet(ping)(a, b, round_trips)
    stackless.run()


# ---- thread-ring ----

def ring_node(chans, ident, result):
    inp, out = chans[ident], chans[(ident + 1) % len(chans)]
    while True:
        token = inp.receive()
        if token == 0:
            result.append(ident)
            return  # the others stay blocked on their input; run() returns when nothing is runnable
        out.send(token - 1)


def thread_ring(nodes, passes):
    chans = [stackless.channel() for _ in range(nodes)]
    result = []
    for ident in range(nodes):
        stackless.tasklet(ring_node)(chans, ident, result)
    stackless.tasklet(chans[0].send)(passes)
    stackless.run()
    return result[0]


# ---- spawn and park (warm) ----

SPAWN_BATCH = 10_000
SPAWN_ROUNDS = 1


def park(ch):
    ch.receive()


def spawn_park():
    total = 0
    for _ in range(SPAWN_ROUNDS):
        ch = stackless.channel()
        start = time.perf_counter_ns()
        for _ in range(SPAWN_BATCH):
            stackless.tasklet(park)(ch)
        stackless.run()
        total += time.perf_counter_ns() - start
        check(ch.balance, -SPAWN_BATCH)
        for _ in range(SPAWN_BATCH):
            ch.send(1)
    return total / (SPAWN_BATCH * SPAWN_ROUNDS)


# ---- deep recursion inside a tasklet ----

def depth(n):
    return 0 if n == 0 else depth(n - 1) + 1


def deep_recursion(n):
    result = []
    stackless.tasklet(lambda: result.append(depth(n)))()
    stackless.run()
    return result[0]


# ---- fan-in ----

def sender(ch, count):
    for i in range(count):
        ch.send(i)


def gather(ch, count, result):
    total = 0
    for _ in range(count):
        total += ch.receive()
    result.append(total)


def fan_in(senders, each):
    ch = stackless.channel()
    result = []
    stackless.tasklet(gather)(ch, senders * each, result)
    for _ in range(senders):
        stackless.tasklet(sender)(ch, each)
    stackless.run()
    return result[0]


# ---- bytes per parked tasklet (resident set growth, measured first: PyPy has no exact live-heap count) ----

def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def bytes_per_parked(n):
    ch = stackless.channel()
    gc.collect()
    before = rss_bytes()
    for _ in range(n):
        stackless.tasklet(park)(ch)
    stackless.run()
    gc.collect()
    after = rss_bytes()
    check(ch.balance, -n)
    return (after - before) / n


def main():
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
    # Recursion inside a stackless.py tasklet runs on the C stack of a continulet: PyPy 7.3.11 segfaults
    # above ~20,000 frames there (and at 1,000,000 even outside a tasklet), so it is measured at 10,000.
    recursion_depth = 10_000
    sys.setrecursionlimit(recursion_depth + 1000)
    measures = [
        ("schedule-2", lambda: ns_per_op(200_000, lambda: schedule_switch(2, 100_000))),
        ("schedule-1000", lambda: ns_per_op(200_000, lambda: schedule_switch(1000, 200))),
        ("pingpong", lambda: ns_per_op(100_000, lambda: ping_pong(1, 100_000))),
        ("pingpong-1000pairs", lambda: ns_per_op(20_000, lambda: ping_pong(1000, 20))),
        ("threadring", lambda: ns_per_op(200_000, lambda: check(thread_ring(503, 200_000), 200_000 % 503))),
        ("spawn-park", spawn_park),
        ("recursion", lambda: ns_per_op(10 * recursion_depth, lambda: [check(deep_recursion(recursion_depth), recursion_depth) for _ in range(10)])),
        ("fanin", lambda: ns_per_op(20_000, lambda: check(fan_in(10_000, 2), 10_000 * 1))),
    ]
    if "--memory" in sys.argv:  # first, while the heap has not grown yet
        print(f"bytes-per-parked\t{bytes_per_parked(10_000):.1f}", flush=True)
    for key, f in measures:
        if only in key:
            try:
                print(f"{key}\t{median(f):.1f}", flush=True)
            except RecursionError:
                print(f"{key}\tRecursionError", flush=True)


if __name__ == "__main__":
    main()
