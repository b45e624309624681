// Peer programs in Go for the Stackless for C# comparison (docs/benchmarks.md).
// The same workloads as tests/Stackless.Benchmarks' quick runner, with goroutines and unbuffered channels.
// Prints one line per measure: key <TAB> median ns per operation. Run it with GOMAXPROCS=1 and 2.
//
//	go build -o /tmp/peers-go main.go && GOMAXPROCS=1 /tmp/peers-go [-only key] [-memory]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

const runs = 7

var warmUp = 250 * time.Millisecond

// median runs f (which returns ns per op) until warm, then `runs` times, and returns the median.
func median(f func() float64) float64 {
	start := time.Now()
	for n := 0; time.Since(start) < warmUp || n < 2; n++ {
		f()
	}
	v := make([]float64, runs)
	for i := range v {
		v[i] = f()
	}
	sort.Float64s(v)
	return v[runs/2]
}

func nsPerOp(ops int, f func()) float64 {
	start := time.Now()
	f()
	return float64(time.Since(start).Nanoseconds()) / float64(ops)
}

func check(got, want int64) {
	if got != want {
		fmt.Fprintf(os.Stderr, "workload computed %d, expected %d\n", got, want)
		os.Exit(1)
	}
}

// ---- Gosched switch ----

func scheduleSwitch(goroutines, each int) {
	var wg sync.WaitGroup
	wg.Add(goroutines)
	for g := 0; g < goroutines; g++ {
		go func() {
			for i := 0; i < each; i++ {
				runtime.Gosched()
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// ---- ping-pong ----

func pingPong(pairs, roundTrips int) {
	var wg sync.WaitGroup
	wg.Add(2 * pairs)
	for p := 0; p < pairs; p++ {
		ping := make(chan int)
		pong := make(chan int)
		go func() {
			for i := 0; i < roundTrips; i++ {
				x := <-ping
				pong <- x
			}
			wg.Done()
		}()
		go func() {
			for i := 0; i < roundTrips; i++ {
				ping <- i
				<-pong
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// ---- select over 2 channels, one ready ----

// selectPingPong is ping-pong whose answering goroutine selects over ping and a quit channel that fires only at the end.
func selectPingPong(roundTrips int) {
	ping := make(chan int)
	pong := make(chan int)
	quit := make(chan int)
	done := make(chan bool)
	go func() {
		for {
			select {
			case x := <-ping:
				pong <- x
			case <-quit:
				done <- true
				return
			}
		}
	}()
	for i := 0; i < roundTrips; i++ {
		ping <- i
		<-pong
	}
	close(quit)
	<-done
}

// ---- thread-ring ----

func threadRing(nodes, passes int) int {
	chans := make([]chan int, nodes)
	for i := range chans {
		chans[i] = make(chan int)
	}
	winner := make(chan int)
	for id := 0; id < nodes; id++ {
		go func(id int) {
			in, out := chans[id], chans[(id+1)%nodes]
			for token := range in {
				if token == 0 {
					winner <- id
					return
				}
				out <- token - 1
			}
		}(id)
	}
	chans[0] <- passes
	w := <-winner
	for id, ch := range chans {
		if id != w {
			close(ch) // ends the other nodes, all blocked receiving
		}
	}
	return w
}

// ---- spawn and park (warm) ----

const spawnBatch = 10000
const spawnRounds = 10

func spawnPark() float64 {
	var total time.Duration
	for r := 0; r < spawnRounds; r++ {
		ch := make(chan int)
		var started, ended sync.WaitGroup
		started.Add(spawnBatch)
		ended.Add(spawnBatch)
		start := time.Now()
		for i := 0; i < spawnBatch; i++ {
			go func() {
				started.Done()
				<-ch
				ended.Done()
			}()
		}
		started.Wait()
		total += time.Since(start)
		close(ch)
		ended.Wait()
	}
	return float64(total.Nanoseconds()) / float64(spawnBatch*spawnRounds)
}

// ---- deep recursion ----

//go:noinline
func depth(n int) int64 {
	if n == 0 {
		return 0
	}
	return depth(n-1) + 1
}

func deepRecursion(n int) int64 {
	result := make(chan int64)
	go func() { result <- depth(n) }() // a fresh goroutine: its stack grows from 8 KB each time, like our fresh frames
	return <-result
}

// ---- fan-in ----

func fanIn(senders, each int) int64 {
	ch := make(chan int)
	for s := 0; s < senders; s++ {
		go func() {
			for i := 0; i < each; i++ {
				ch <- i
			}
		}()
	}
	var sum int64
	for i := 0; i < senders*each; i++ {
		sum += int64(<-ch)
	}
	return sum
}

// ---- 1,000,000 goroutines asleep (time.Sleep) ----

// Go has no virtual time: the cost of a sleep + wake is the process CPU time it takes (the waiting itself is idle),
// per sleep, with 1,000,000 goroutines each sleeping `rounds` times for 1-10 ms (spread, as on our side). The
// goroutines start sleeping together (released by closing a channel, so none is done before the last is spawned);
// the same run with no sleep is subtracted, which leaves the sleeps and wakes alone.
func cpuNs() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func sleepersCPU(n, rounds int) int64 {
	var wg sync.WaitGroup
	wg.Add(n)
	var started sync.WaitGroup
	started.Add(n)
	gate := make(chan struct{})
	for i := 0; i < n; i++ {
		d := time.Duration(1+(i*7919)%10) * time.Millisecond
		go func() {
			started.Done()
			<-gate
			for r := 0; r < rounds; r++ {
				time.Sleep(d)
			}
			wg.Done()
		}()
	}
	started.Wait()
	start := cpuNs()
	close(gate)
	wg.Wait()
	return cpuNs() - start
}

func sleepers(n, rounds int) float64 {
	return float64(sleepersCPU(n, rounds)-sleepersCPU(n, 0)) / float64(n*rounds)
}

func bytesPerSleeper(n int) float64 {
	var started sync.WaitGroup
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	started.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			started.Done()
			time.Sleep(time.Hour)
		}()
	}
	started.Wait()
	time.Sleep(100 * time.Millisecond) // every goroutine is inside time.Sleep
	runtime.GC()
	runtime.ReadMemStats(&m1)
	live0 := m0.HeapAlloc + m0.StackInuse
	live1 := m1.HeapAlloc + m1.StackInuse
	return float64(live1-live0) / float64(n)
}

// ---- bytes per parked goroutine ----

func bytesPerParked(n int) float64 {
	ch := make(chan int)
	var started sync.WaitGroup
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	started.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			started.Done()
			<-ch
		}()
	}
	started.Wait()
	runtime.GC()
	runtime.ReadMemStats(&m1)
	live0 := m0.HeapAlloc + m0.StackInuse
	live1 := m1.HeapAlloc + m1.StackInuse
	close(ch)
	return float64(live1-live0) / float64(n)
}

func main() {
	only := flag.String("only", "", "run only the measures whose key contains this")
	memory := flag.Bool("memory", false, "also measure bytes per parked and per sleeping goroutine (1,000,000 each)")
	flag.Parse()
	type measure struct {
		key string
		f   func() float64
	}
	measures := []measure{
		{"schedule-2", func() float64 { return nsPerOp(2_000_000, func() { scheduleSwitch(2, 1_000_000) }) }},
		{"schedule-1000", func() float64 { return nsPerOp(2_000_000, func() { scheduleSwitch(1000, 2000) }) }},
		{"pingpong", func() float64 { return nsPerOp(500_000, func() { pingPong(1, 500_000) }) }},
		{"pingpong-1000pairs", func() float64 { return nsPerOp(500_000, func() { pingPong(1000, 500) }) }},
		{"select-2", func() float64 { return nsPerOp(500_000, func() { selectPingPong(500_000) }) }},
		{"threadring", func() float64 {
			return nsPerOp(2_000_000, func() { check(int64(threadRing(503, 2_000_000)), 2_000_000%503) })
		}},
		{"spawn-park", spawnPark},
		{"recursion", func() float64 {
			return nsPerOp(1_000_000, func() { check(deepRecursion(1_000_000), 1_000_000) })
		}},
		{"fanin", func() float64 {
			return nsPerOp(500_000, func() { check(fanIn(10_000, 50), 10_000*(49*50/2)) })
		}},
		{"sleepers-1m", func() float64 { return sleepers(1_000_000, 3) }},
	}
	for _, m := range measures {
		if *only != "" && !strings.Contains(m.key, *only) {
			continue
		}
		fmt.Printf("%s\t%.1f\n", m.key, median(m.f))
	}
	if *memory {
		fmt.Printf("bytes-per-parked\t%.1f\n", bytesPerParked(1_000_000))
		fmt.Printf("bytes-per-sleeper\t%.1f\n", bytesPerSleeper(1_000_000))
	}
}
