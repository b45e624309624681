"""The bank model of samples/Bank, written for SimPy 2.3 (Debian's python3-simpy), for docs/benchmarks.md.

An M/M/c bank: customers arrive as a Poisson process (a Source process activates one Customer process per
arrival), queue FIFO for a Resource of c tellers, hold for an exponential service time and release. Prints
the mean wait in queue beside Erlang C, and the time per customer (wall and process CPU).
   Run:  /usr/bin/python3 bank.py [customers] [tellers] [arrival rate] [service rate] [seed] [--warm-up N] [--tsv]
   --warm-up N first simulates N customers unmeasured, as samples/Bank does (there the JIT's tiers settle).
   --tsv prints one line instead: bank-customer <TAB> wall ns per customer <TAB> CPU ns per customer <TAB> mean wait
The random numbers are Python's random.Random(seed); samples/Bank draws the same ones (its PythonRandom is the same
generator, seeded the same way) in the same order, so for the same arguments both simulate the same customers and
print the same mean wait (to the clock's resolution: ours rounds each delay to 100 ns).
"""
import random
import sys
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate


def erlang_c_wait(c, lam, mu):
    """W_q = C(c, a) / (c mu - lam), C through Erlang B's recursion B(k) = a B(k-1) / (k + a B(k-1))."""
    a = lam / mu
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return c * b / (c - a * (1 - b)) / (c * mu - lam)


class Customer(Process):
    def visit(self, tellers, mu, rng, waits):
        arrived = now()
        yield request, self, tellers
        waits.append(now() - arrived)
        yield hold, self, rng.expovariate(mu)
        yield release, self, tellers


class Source(Process):
    def generate(self, customers, lam, mu, tellers, rng, waits):
        for _ in range(customers):
            yield hold, self, rng.expovariate(lam)
            c = Customer()
            activate(c, c.visit(tellers, mu, rng, waits))


def run(customers, c, lam, mu, seed):
    rng = random.Random(seed)
    waits = []
    initialize()
    tellers = Resource(capacity=c, name="tellers")
    source = Source()
    activate(source, source.generate(customers, lam, mu, tellers, rng, waits))
    wall, cpu = time.perf_counter_ns(), time.process_time_ns()
    simulate(until=1e18)
    wall, cpu = time.perf_counter_ns() - wall, time.process_time_ns() - cpu
    return sum(waits) / len(waits), len(waits), now(), wall, cpu


def main():
    argv = sys.argv[1:]
    warm_up = 0
    if "--warm-up" in argv:
        at = argv.index("--warm-up")
        warm_up = int(argv[at + 1])
        del argv[at:at + 2]
    args = [a for a in argv if not a.startswith("--")]
    customers = int(args[0]) if len(args) > 0 else 200_000
    c = int(args[1]) if len(args) > 1 else 3
    lam = float(args[2]) if len(args) > 2 else 2.4
    mu = float(args[3]) if len(args) > 3 else 1.0
    seed = int(args[4]) if len(args) > 4 else 1
    if warm_up > 0:
        run(warm_up, c, lam, mu, seed)
    mean, served, end, wall, cpu = run(customers, c, lam, mu, seed)
    exact = erlang_c_wait(c, lam, mu)
    if "--tsv" in sys.argv:
        print(f"bank-customer\t{wall / customers:.0f}\t{cpu / customers:.0f}\t{mean:.4f}")
        return
    print(f"SimPy M/M/{c} bank: {served:,} customers, arrival rate {lam}/s, service rate {mu}/s per teller, seed {seed}")
    print(f"mean wait in queue: {mean:.4f} s   Erlang C: {exact:.4f} s (exact), simulated/exact = {mean / exact:.3f}")
    print(f"bank time simulated: {end:,.1f} s")
    warm = f", after a warm-up of {warm_up:,} customers" if warm_up > 0 else ""
    print(f"wall time {wall / 1e9:.3f} s: {wall / customers:.0f} ns per customer (process CPU time {cpu / customers:.0f} ns per customer){warm}")


if __name__ == "__main__":
    main()
