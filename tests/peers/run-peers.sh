#!/usr/bin/env bash
# The peer comparison (docs/benchmarks.md): the same workloads timed in one run for
#   - Stackless for C#   (tests/Stackless.Benchmarks --quick, with its C# Task + System.Threading.Channels baseline)
#   - Go                 (tests/peers/go, goroutines + unbuffered channels, GOMAXPROCS=1 and 2)
#   - PyPy stackless.py  (tests/peers/pypy)
#   - SimPy 2.3          (tests/peers/simpy/bank.py, Debian's python3-simpy): the bank model of samples/Bank, per customer
# and one table of medians (ns per operation) with ratios (peer / ours: how many times faster we are).
# Not part of CI. It installs nothing: a missing tool is reported, and that column is left empty.
#   Usage: tests/peers/run-peers.sh [--no-pypy] [--no-go] [--no-simpy] [--memory] [--bank-only] [--bank-customers N]
#   --memory also measures bytes per parked tasklet (ours 1,000,000 parked; Go 1,000,000; PyPy 10,000 by RSS growth).
#   --bank-only runs only the bank model (ours and SimPy); --bank-customers N simulates N customers on each side (default 1,000,000).
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mktemp -d /tmp/stackless-peers.XXXXXX)"
run_go=1; run_pypy=1; run_simpy=1; run_memory=0; run_quick=1; bank_customers=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --no-go) run_go=0 ;;
    --no-pypy) run_pypy=0 ;;
    --no-simpy) run_simpy=0 ;;
    --memory) run_memory=1 ;;
    --bank-only) run_quick=0; run_go=0; run_pypy=0 ;;
    --bank-customers) shift; bank_customers="${1:?--bank-customers needs a number}" ;;
    *) echo "unknown option: $1 (use --no-go, --no-pypy, --no-simpy, --memory, --bank-only, --bank-customers N)" >&2; exit 2 ;;
  esac
  shift
done

missing=()
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is missing: it is needed to build and run our side." >&2; exit 1; }
if [ $run_go = 1 ] && ! command -v go >/dev/null; then
  missing+=("go: Go is not installed (Debian: apt-get install golang-go); the Go columns are skipped")
  run_go=0
fi
if [ $run_pypy = 1 ] && ! command -v pypy3 >/dev/null; then
  missing+=("pypy3: PyPy is not installed (Debian: apt-get install pypy3); the PyPy column is skipped")
  run_pypy=0
fi
# SimPy 2.3 is Debian's python3-simpy, installed for the system Python (not a pyenv or venv one).
simpy_python=/usr/bin/python3
if [ $run_simpy = 1 ] && ! "$simpy_python" -c 'import SimPy.Simulation' 2>/dev/null; then
  if [ ! -x "$simpy_python" ]; then
    missing+=("python3: $simpy_python does not exist (Debian: apt-get install python3 python3-simpy); the bank comparison is skipped")
  else
    missing+=("python3-simpy: SimPy 2.3 is not importable by $simpy_python (Debian: apt-get update && apt-get install -y python3-simpy); the bank comparison is skipped")
  fi
  run_simpy=0
fi
for m in "${missing[@]+"${missing[@]}"}"; do echo "MISSING $m" >&2; done

echo "== machine" >&2
lscpu 2>/dev/null | grep -E '^(Model name|CPU\(s\))' >&2
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# Our side: a Release build of the benchmark app in its own artifacts folder.
export STACKLESS_ARTIFACTS="${STACKLESS_ARTIFACTS:-/tmp/art-peers}"
touch "$out/go1.tsv" "$out/go2.tsv" "$out/pypy.tsv" "$out/ours.tsv"
if [ $run_quick = 1 ]; then # the quick runner and the peers (not with --bank-only)
echo "== building tests/Stackless.Benchmarks (Release)" >&2
dotnet build "$root/tests/Stackless.Benchmarks" -c Release -v quiet -nologo >"$out/build.log" 2>&1 \
  || { cat "$out/build.log" >&2; echo "build failed" >&2; exit 1; }
dll="$(find "$STACKLESS_ARTIFACTS/bin/Stackless.Benchmarks" -name Stackless.Benchmarks.dll -path '*release*' | head -1)"

echo "== ours + C# baseline (quick runner)" >&2
dotnet "$dll" --quick --tsv "$out/ours.tsv" >"$out/ours.txt" 2>&1 || { cat "$out/ours.txt" >&2; exit 1; }
if [ $run_memory = 1 ]; then
  dotnet "$dll" --memory 1000000 --tsv "$out/ours-mem.tsv" >"$out/ours-mem.txt" 2>&1 || cat "$out/ours-mem.txt" >&2
  cat "$out/ours-mem.tsv" >>"$out/ours.tsv"
fi

if [ $run_go = 1 ]; then
  echo "== Go $(go version | cut -d' ' -f3)" >&2
  export GOCACHE="${GOCACHE:-$out/gocache}" GOPATH="${GOPATH:-$out/gopath}"
  go build -o "$out/peers-go" "$here/go/main.go" || exit 1
  go_args=(); [ $run_memory = 1 ] && go_args=(-memory)
  GOMAXPROCS=1 "$out/peers-go" "${go_args[@]+"${go_args[@]}"}" >"$out/go1.tsv" || exit 1
  GOMAXPROCS=2 "$out/peers-go" >"$out/go2.tsv" || exit 1
fi

if [ $run_pypy = 1 ]; then
  echo "== $(pypy3 --version 2>&1 | tail -1)" >&2
  pypy_args=(); [ $run_memory = 1 ] && pypy_args=(--memory)
  pypy3 "$here/pypy/stackless_bench.py" "${pypy_args[@]+"${pypy_args[@]}"}" >"$out/pypy.tsv" || echo "pypy run failed" >&2
fi

echo
cat "$out/ours.txt" | sed -n '/^| measure/,/^$/p'
echo
echo "Peers: median ns per operation (bytes-per-parked: bytes). Ratios are peer / ours (x faster or smaller than the peer)."
awk -F'\t' '
  FILENAME ~ /ours.tsv$/ { order[++n] = $1; ours[$1] = $2; cs[$1] = $3; next }
  FILENAME ~ /go1.tsv$/  { go1[$1] = $2; next }
  FILENAME ~ /go2.tsv$/  { go2[$1] = $2; next }
  FILENAME ~ /pypy.tsv$/ { py[$1] = $2; next }
  function cell(v) { return v == "" ? "—" : v }
  function ratio(v, o) { return (v == "" || v !~ /^[0-9.]+$/ || o + 0 == 0) ? "—" : sprintf("%.1fx", v / o) }
  END {
    print "| measure | ours | C# Task+Channels | Go GOMAXPROCS=1 | Go GOMAXPROCS=2 | PyPy stackless.py | C#/ours | Go1/ours | Go2/ours | PyPy/ours |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
      k = order[i]
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", k, ours[k], cs[k], cell(go1[k]), cell(go2[k]), cell(py[k]),
        ratio(cs[k], ours[k]), ratio(go1[k], ours[k]), ratio(go2[k], ours[k]), ratio(py[k], ours[k])
    }
  }' "$out/ours.tsv" "$out/go1.tsv" "$out/go2.tsv" "$out/pypy.tsv"
echo
echo "PyPy's recursion row is 10,000 frames deep (stackless.py recurses on the C stack and segfaults above ~20,000);"
echo "ours is 1,000,000 deep, Go's 1,000,000 on a growable goroutine stack."
fi

if [ $run_simpy = 1 ]; then
  # The bank model (M/M/3, utilisation 0.8, seed 1), the same on both sides: the same customer count, the same
  # random numbers (samples/Bank draws from PythonRandom, Python's generator seeded as Python seeds it, in the order
  # SimPy's processes draw), so both simulate the same customers and must print the same mean wait. Each side first
  # simulates half as many customers unmeasured (ours: the JIT promotes hot methods after ~100 ms of calls and a
  # background compile; a tenth of 200,000 customers was too short and measured tier-0 code), then times the run with
  # the process CPU clock (on a shared machine wall time is mostly waiting for a core).
  warm=$((bank_customers / 2)); [ "$warm" -lt 1000 ] && warm=0 # a tiny run: no warm-up (the sample needs ≥ 20 customers a run)
  echo
  echo "== bank model: samples/Bank vs SimPy $("$simpy_python" -c 'import SimPy; print(SimPy.__version__)'), $bank_customers customers each (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  dotnet build "$root/samples/Bank" -c Release -v quiet -nologo >"$out/bank-build.log" 2>&1 \
    || { cat "$out/bank-build.log" >&2; echo "bank build failed" >&2; exit 1; }
  bank_dll="$(find "$STACKLESS_ARTIFACTS/bin/Bank" -name Bank.dll -path '*release*' | head -1)"
  dotnet "$bank_dll" "$bank_customers" --warm-up "$warm" >"$out/bank-ours.txt" 2>&1 || { cat "$out/bank-ours.txt" >&2; exit 1; }
  "$simpy_python" "$here/simpy/bank.py" "$bank_customers" --warm-up "$warm" >"$out/bank-simpy.txt" 2>&1 || { cat "$out/bank-simpy.txt" >&2; exit 1; }
  awk -v n="$bank_customers" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
    /^mean wait in queue:/ { wait[FILENAME] = $5 }
    /^wall time/ { wall[FILENAME] = $5; cpu[FILENAME] = $12 }
    END {
      for (f in wall) if (f ~ /ours/) o = f; else p = f
      print "Bank model, M/M/3 at utilisation 0.8, seed 1, " n " customers on each side (Erlang C mean wait 1.0787 s): ns per customer, load average " load
      print "| | ours | SimPy 2.3 | SimPy/ours |"
      print "|---|---:|---:|---:|"
      printf "| process CPU time | %s | %s | %.1fx |\n", cpu[o], cpu[p], cpu[p] / cpu[o]
      printf "| wall time | %s | %s | %.1fx |\n", wall[o], wall[p], wall[p] / wall[o]
      printf "| mean wait in queue (s) | %s | %s | |\n", wait[o], wait[p]
      # The same random numbers: the means differ only by our 100 ns rounding of each delay (last digit at most).
      d = wait[o] - wait[p]; if (d < 0) d = -d
      if (wait[o] == "" || wait[p] == "") { print "CHECK FAILED: a side printed no mean wait"; exit 1 }
      if (d > 0.00015) { print "CHECK FAILED: the two sides did not simulate the same customers (mean waits " wait[o] " and " wait[p] ")"; exit 1 }
      print "check: both sides simulated the same customers (mean waits agree to the printed digits)"
    }' "$out/bank-ours.txt" "$out/bank-simpy.txt" || exit 1
fi
echo "(raw results in $out)"
