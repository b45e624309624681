using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    [CollectionDefinition(nameof(RealTime), DisableParallelization = true)]
    public sealed class RealTime { }

    /// <summary>Sleep in real time: the idle wait blocks the thread (no spinning), busy tasklets do not starve sleepers, another clock's timer wakes the scheduler.</summary>
    [Collection(nameof(RealTime))]
    public class RealTimeTests
    {
        [Fact]
        public void A500msSleep_TakesAlmostNoCpu()
        {
            Isolated.Run(() =>
            {
                Scheduler.Sleep(TimeSpan.FromMilliseconds(20)); // warm up the path
                var process = Process.GetCurrentProcess();
                process.Refresh();
                TimeSpan processBefore = process.TotalProcessorTime;
                TimeSpan threadBefore = ThreadCpu();
                var wall = Stopwatch.StartNew();
                TimeSpan nowBefore = Scheduler.Now;

                Scheduler.Sleep(TimeSpan.FromMilliseconds(500));

                wall.Stop();
                TimeSpan thread = ThreadCpu() - threadBefore;
                process.Refresh();
                TimeSpan processCpu = process.TotalProcessorTime - processBefore;
                Assert.True(Scheduler.Now - nowBefore >= TimeSpan.FromMilliseconds(500));
                Assert.True(wall.Elapsed >= TimeSpan.FromMilliseconds(495), $"woke after {wall.Elapsed.TotalMilliseconds} ms");
                // Spinning would use ~500 ms of the scheduler thread's CPU. The process's CPU time is shown, not asserted:
                // other test collections' threads (and GC, tiering) run in the same process meanwhile.
                Assert.True(thread < TimeSpan.FromMilliseconds(50),
                    $"the sleeping thread used {thread.TotalMilliseconds} ms of CPU (the process {processCpu.TotalMilliseconds} ms)");
            });
        }

        [Fact]
        public void Run_BlocksUntilARealTimeSleeperWakes()
        {
            Isolated.Run(() =>
            {
                var wakes = new List<long>();
                TimeSpan start = Scheduler.Now;
                TaskletFrame.Spawn(new SleepLoopFrame(3, TimeSpan.FromMilliseconds(15), wakes));
                Scheduler.Run();
                Assert.Equal(3, wakes.Count);
                for (int i = 0; i < 3; i++)
                    Assert.True(wakes[i] - start.Ticks >= TimeSpan.FromMilliseconds(15 * (i + 1)).Ticks);
            });
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        public void BusyTasklets_DoNotStarveARealTimeSleeper(int spinners)
        {
            Isolated.Run(() =>
            {
                bool woke = false;
                var log = new List<string>();
                for (int i = 0; i < spinners; i++)
                    TaskletFrame.Spawn(new ScheduleUntilFrame(() => woke));
                TaskletFrame.Spawn(new ScriptFrame("S", log, new SleepStep(TimeSpan.FromMilliseconds(10)), new ScriptFrame.ActionStep(_ => woke = true)));
                var wall = Stopwatch.StartNew();
                Scheduler.Run();
                Assert.True(woke);
                Assert.True(wall.Elapsed < TimeSpan.FromSeconds(10));
            });
        }

        [Fact]
        public void MainScheduleAlone_WakesADueSleeper()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("S", log, new SleepStep(TimeSpan.FromMilliseconds(5))));
                Scheduler.Schedule();
                Assert.Equal(1, Scheduler.RunCount); // the clock's poller in the ring is no tasklet to the user
                var wall = Stopwatch.StartNew();
                while (log.Count < 3 && wall.Elapsed < TimeSpan.FromSeconds(10))
                    Scheduler.Schedule(); // main alone in the ring: each Schedule() looks at the clock
                Assert.Equal("S done", log[^1]);
            });
        }

        [Fact]
        public void AnotherTimeProvider_WakesTheIdleSchedulerThroughItsTimer_NoWakeIsLost()
        {
            Isolated.Run(() =>
            {
                var clock = new ManualClock();
                Scheduler.TimeProvider = clock;
                TimeSpan start = Scheduler.Now;
                using var stop = new CancellationTokenSource();
                var driver = new Thread(() =>
                {
                    // Advances the clock in small random steps, racing with the scheduler's idle wait.
                    var rng = new Random(5);
                    while (!stop.IsCancellationRequested)
                    {
                        clock.Advance(TimeSpan.FromMilliseconds(rng.Next(1, 4)));
                        if (rng.Next(4) == 0)
                            Thread.Yield();
                    }
                });
                driver.Start();
                try
                {
                    for (int i = 0; i < 300; i++)
                        Scheduler.Sleep(TimeSpan.FromMilliseconds(2));
                }
                finally
                {
                    stop.Cancel();
                    driver.Join();
                }
                Assert.True(Scheduler.Now - start >= TimeSpan.FromMilliseconds(600));
                Scheduler.TimeProvider = TimeProvider.System;
            });
        }

        [Fact]
        public void TenThousandRealTimeSleepers_WhileTheRunQueueShrinksAndGrows_AllWakeOnce()
        {
            Isolated.Run(() =>
            {
                var wakes = new List<long>();
                TimeSpan start = Scheduler.Now;
                int spins = 0;
                TaskletFrame.Spawn(new ScheduleUntilFrame(() => wakes.Count == 20_000 || ++spins > 50_000_000));
                for (int i = 0; i < 10_000; i++)
                    TaskletFrame.Spawn(new SleepLoopFrame(2, TimeSpan.FromMilliseconds(1 + i % 7), wakes));
                Scheduler.Run();
                Assert.Equal(20_000, wakes.Count);
                Assert.All(wakes, w => Assert.True(w - start.Ticks >= TimeSpan.FromMilliseconds(2).Ticks));
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        /// <summary>CPU time of the calling thread (Linux: CLOCK_THREAD_CPUTIME_ID; elsewhere the process's, a weaker check).</summary>
        private static TimeSpan ThreadCpu()
        {
            if (OperatingSystem.IsLinux() && ClockGetTime(3, out TimeSpec t) == 0)
                return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
            return Process.GetCurrentProcess().TotalProcessorTime;
        }

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        /// <summary>A clock that moves only when told to, firing its timers from the thread that moves it.</summary>
        private sealed class ManualClock : TimeProvider
        {
            private readonly object gate = new object();
            private readonly List<ManualTimer> timers = new List<ManualTimer>();
            private long now;

            public override long TimestampFrequency => TimeSpan.TicksPerSecond;

            public override long GetTimestamp() => Interlocked.Read(ref now);

            public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            {
                var t = new ManualTimer(this, callback, state);
                t.Change(dueTime, period);
                return t;
            }

            public void Advance(TimeSpan by)
            {
                var due = new List<ManualTimer>();
                lock (gate)
                {
                    now += by.Ticks;
                    foreach (ManualTimer t in timers)
                    {
                        if (t.due >= 0 && t.due <= now)
                        {
                            t.due = -1;
                            due.Add(t);
                        }
                    }
                }
                foreach (ManualTimer t in due)
                    t.Fire();
            }

            private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
            {
                internal long due = -1;

                public bool Change(TimeSpan dueTime, TimeSpan period)
                {
                    lock (clock.gate)
                    {
                        if (!clock.timers.Contains(this))
                            clock.timers.Add(this);
                        due = dueTime == Timeout.InfiniteTimeSpan ? -1 : clock.now + dueTime.Ticks;
                    }
                    if (dueTime == TimeSpan.Zero)
                        Fire();
                    return true;
                }

                internal void Fire() => callback(state);

                public void Dispose()
                {
                    lock (clock.gate)
                        clock.timers.Remove(this);
                }

                public System.Threading.Tasks.ValueTask DisposeAsync()
                {
                    Dispose();
                    return default;
                }
            }
        }
    }
}
