using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// Budgeted runs and atomic (Stackless's run(timeout, soft=, totaltimeout=) and atomic), driven by hand-written
    /// frames with step checks: <see cref="CheckedLoopFrame"/> checks at its entry and at every back-edge, so a tasklet that
    /// has completed k iterations of its loop has passed k + 1 checks.
    /// Several cases are ported from Stackless's test_watchdog.py (named after them).
    /// </summary>
    public class WatchdogTests
    {
        private static CheckedLoopFrame Counting(long n, long[] progress, CheckedLoopOp every50 = CheckedLoopOp.Continue, List<string>? log = null) =>
            new CheckedLoopFrame(n, i =>
            {
                progress[0]++;
                return i % 50 == 49 ? every50 : CheckedLoopOp.Continue;
            }, log: log);

        /// <summary>Stackless's SimpleScheduler.autoschedule: run with a budget until only main is left, inserting every victim again.</summary>
        private static int AutoSchedule(int steps, bool soft = false)
        {
            int interruptions = 0;
            while (Scheduler.RunCount > 1)
            {
                Tasklet? victim = Scheduler.Run(steps, soft);
                if (victim != null)
                {
                    interruptions++;
                    victim.Insert();
                }
            }
            return interruptions;
        }

        [Fact]
        public void Hard_InterruptsAtTheCheckAfterTheBudget_PausedAndReturned()
        {
            Isolated.Run(() =>
            {
                var progress = new long[1];
                Tasklet t = TaskletFrame.Spawn(Counting(10_000, progress));
                Tasklet? victim = Scheduler.Run(100);
                Assert.Same(t, victim);
                // 100 checks passed (the entry and 99 back-edges); the 101st, after iteration 100, interrupted it.
                Assert.Equal(100, progress[0]);
                Assert.True(t.IsAlive);
                Assert.True(t.IsPaused);
                Assert.False(t.IsScheduled);
                Assert.Equal(1, Scheduler.RunCount);
                Assert.True(Scheduler.Main.IsCurrent);
            });
        }

        [Fact]
        public void Hard_InsertedVictim_ResumesExactlyWhereItWas()
        {
            Isolated.Run(() =>
            {
                var seen = new List<long>();
                Tasklet t = TaskletFrame.Spawn(new CheckedLoopFrame(1_000, i => { seen.Add(i); return CheckedLoopOp.Continue; }));
                int interruptions = 0;
                Tasklet? victim;
                while ((victim = Scheduler.Run(7)) != null)
                {
                    Assert.Same(t, victim);
                    interruptions++;
                    victim.Insert();
                }
                Assert.Equal(Enumerable.Range(0, 1_000).Select(i => (long)i), seen); // no iteration lost or repeated
                Assert.False(t.IsAlive);
                // 1,001 checks; every slice passes 7 and is interrupted at the 8th: at checks 8, 16, ..., 1000.
                Assert.Equal(125, interruptions);
            });
        }

        [Fact]
        public void Simple_EachTaskletGetsItsOwnBudgetBetweenSwitches()
        {
            // test_watchdog.py test_simple: three tasklets of 1,000 iterations under run(100), victims inserted again.
            Isolated.Run(() =>
            {
                var progress = new[] { new long[1], new long[1], new long[1] };
                Tasklet[] ts = progress.Select(p => (Tasklet)TaskletFrame.Spawn(Counting(1_000, p))).ToArray();
                int interruptions = AutoSchedule(100);
                Assert.All(ts, t => Assert.False(t.IsAlive));
                Assert.All(progress, p => Assert.Equal(1_000, p[0]));
                // Each has 1,001 checks; each slice passes 100 and is interrupted at the 101st: 9 times each.
                Assert.Equal(27, interruptions);
            });
        }

        [Fact]
        public void TaskletWithSchedule_IsNotInterrupted_ButOneThatSpinsIs()
        {
            // test_watchdog.py test_tasklet_with_schedule (hard): a tasklet that schedules every 50 steps is never interrupted by run(100).
            Isolated.Run(() =>
            {
                var p = new long[1];
                TaskletFrame.Spawn(Counting(1_000, p, every50: CheckedLoopOp.Schedule));
                TaskletFrame.Spawn(Counting(1_000, new long[1], every50: CheckedLoopOp.Schedule));
                Assert.Equal(0, AutoSchedule(100));
                Assert.Equal(1_000, p[0]);
                TaskletFrame.Spawn(Counting(1_000, new long[1]));
                Assert.Equal(9, AutoSchedule(100));
            });
        }

        [Fact]
        public void Nested_InterruptedInsideNestedFramesAtTheirEntryChecks_CompletesAll()
        {
            // test_watchdog.py test_nested: recursion to 1, 10, 100 and 500 levels, scheduling at the bottom.
            Isolated.Run(() =>
            {
                var entered = new[] { new int[1], new int[1], new int[1] };
                Tasklet[] ts = entered.Select(e => (Tasklet)TaskletFrame.Spawn(new LevelsFrame(new[] { 1, 10, 100, 500 }, e))).ToArray();
                int interruptions = AutoSchedule(50);
                Assert.All(ts, t => Assert.False(t.IsAlive));
                Assert.All(entered, e => Assert.Equal(2 + 11 + 101 + 501, e[0])); // every level entered exactly once
                Assert.True(interruptions > 0);
            });
        }

        [Fact]
        public void SendReceive_ServerGetsEveryMessage()
        {
            // test_watchdog.py test_send_recv: three clients send every 50th of 1,000 iterations to a server under run(100).
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                int received = 0;
                var server = new CheckedLoopFrame(long.MaxValue, _ => CheckedLoopOp.Continue);
                var serverLog = new List<string>();
                Tasklet serverTasklet = TaskletFrame.Spawn(new ServerFrame(ch, () => received++, serverLog));
                for (int c = 0; c < 3; c++)
                    TaskletFrame.Spawn(new CheckedLoopFrame(1_000, i => i % 50 == 0 ? CheckedLoopOp.Send : CheckedLoopOp.Continue, ch));
                AutoSchedule(100);
                Assert.Equal(60, received);
                Assert.Equal(-1, ch.Balance); // the server waits for more
                Assert.Throws<FormatException>(() => ch.SendException(new FormatException("stop")));
                Assert.False(serverTasklet.IsAlive);
            });
        }

        [Fact]
        public void Exception_EscapingATasklet_IsRethrownFromTheBudgetedRun()
        {
            // test_watchdog.py test_exception
            Isolated.Run(() =>
            {
                TaskletFrame.Spawn(new ActionFrame(() => throw new UnauthorizedAccessException("bad")));
                var ex = Assert.Throws<UnauthorizedAccessException>(() => Scheduler.Run(100));
                Assert.Equal("bad", ex.Message);
            });
        }

        [Fact]
        public void LoneReceive_BudgetedRunReturnsNull()
        {
            // test_watchdog.py test_lone_receive
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                Tasklet t = TaskletFrame.Spawn(new ScriptFrame("r", new List<string>(), new ScriptFrame.ReceiveStep(ch)));
                Assert.Null(Scheduler.Run(100));
                Assert.True(t.IsBlocked);
                Assert.Null(Scheduler.Run(100, soft: true));
            });
        }

        [Fact]
        public void Soft_ReturnsNullAtTheNextSwitch_BeforeTheNextTaskletRuns_AndTakesNothingOff()
        {
            Isolated.Run(() =>
            {
                var p = new long[1];
                var log = new List<string>();
                // Schedules after iterations 300, 600 and 900 (every 300th), so the first switch after 100 steps is at 300.
                Tasklet a = TaskletFrame.Spawn(new CheckedLoopFrame(1_000, i => { p[0]++; return i % 300 == 299 ? CheckedLoopOp.Schedule : CheckedLoopOp.Continue; }));
                Tasklet b = TaskletFrame.Spawn(new ActionFrame(() => log.Add("b ran")));
                Assert.Null(Scheduler.Run(100, soft: true));
                Assert.Equal(300, p[0]);
                Assert.Empty(log); // b is next, and did not run
                Assert.True(a.IsScheduled && b.IsScheduled);
                Assert.Equal(3, Scheduler.RunCount);
                Assert.True(Scheduler.Main.IsCurrent);
                // The run queue's order is kept: b, then a.
                Scheduler.Run();
                Assert.Equal(new[] { "b ran" }, log);
                Assert.Equal(1_000, p[0]);
            });
        }

        [Fact]
        public void Soft_TaskletThatEnds_IsTheSwitch()
        {
            Isolated.Run(() =>
            {
                var p = new long[1];
                var log = new List<string>();
                Tasklet a = TaskletFrame.Spawn(Counting(500, p));
                TaskletFrame.Spawn(new ActionFrame(() => log.Add("b ran")));
                Assert.Null(Scheduler.Run(100, soft: true));
                Assert.False(a.IsAlive);
                Assert.Empty(log);
                Assert.Equal(2, Scheduler.RunCount);
                Scheduler.Run();
                Assert.Single(log);
            });
        }

        [Fact]
        public void TotalBudget_CountsEveryTaskletsSteps()
        {
            Isolated.Run(() =>
            {
                var pa = new long[1];
                var pb = new long[1];
                // Each schedules every 50 iterations: a per-tasklet budget of 100 never runs out.
                Tasklet a = TaskletFrame.Spawn(Counting(100_000, pa, every50: CheckedLoopOp.Schedule));
                Tasklet b = TaskletFrame.Spawn(Counting(100_000, pb, every50: CheckedLoopOp.Schedule));
                Tasklet? victim = Scheduler.Run(1_000, totalBudget: true);
                Assert.NotNull(victim);
                Assert.True(victim!.IsPaused);
                // 1,000 checks passed, the 1,001st interrupted: the victim's checks are its entry and one back-edge per body
                // run (the last one fired); the other is parked in Schedule() inside a body, before that body's back-edge.
                Assert.Equal(1_001, (1 + pa[0]) + (1 + pb[0] - 1));
                Tasklet other = victim == a ? b : a;
                Assert.True(other.IsScheduled);
                victim.Kill();
                other.Kill();
                Assert.Null(Scheduler.Run(100));
            });
        }

        [Fact]
        public void Atomic_DefersTheInterruption_ToTheFirstCheckAfterTheSection()
        {
            // test_watchdog.py test_atomic, made exact: the budget runs out inside the section.
            Isolated.Run(() =>
            {
                var p = new long[1];
                AtomicScope scope = default;
                Tasklet t = TaskletFrame.Spawn(new CheckedLoopFrame(10_000, i =>
                {
                    p[0]++;
                    if (i == 50) scope = Scheduler.Atomic();
                    if (i == 250) scope.Dispose();
                    return CheckedLoopOp.Continue;
                }));
                Tasklet? victim = Scheduler.Run(100);
                Assert.Same(t, victim);
                Assert.Equal(251, p[0]); // the back-edge check after iteration 250 (i == 250), the first after the section
                Assert.False(t.Atomic);
            });
        }

        [Fact]
        public void Atomic_Property_SetAndRestoredByTheScope()
        {
            Isolated.Run(() =>
            {
                Tasklet main = Scheduler.Main;
                Assert.False(main.Atomic);
                using (Scheduler.Atomic())
                {
                    Assert.True(main.Atomic);
                    using (Scheduler.Atomic())
                        Assert.True(main.Atomic);
                    Assert.True(main.Atomic); // the inner scope restores what it found
                }
                Assert.False(main.Atomic);
                main.Atomic = true;
                Assert.True(main.Atomic);
                main.Atomic = false;
                Assert.False(main.Atomic);
            });
        }

        [Fact]
        public void Atomic_TaskletStaysAtomicAcrossSwitches_AndIsNeverInterrupted()
        {
            Isolated.Run(() =>
            {
                var p = new long[1];
                Tasklet? t = null;
                t = TaskletFrame.Spawn(new CheckedLoopFrame(2_000, i =>
                {
                    if (i == 0) t!.Atomic = true;
                    p[0]++;
                    return i % 500 == 499 ? CheckedLoopOp.Schedule : CheckedLoopOp.Continue;
                }));
                TaskletFrame.Spawn(Counting(10, new long[1]));
                Assert.Null(Scheduler.Run(100));
                Assert.Equal(2_000, p[0]);
                Assert.False(t.IsAlive);
            });
        }

        [Fact]
        public void AtomicScope_EndedByAnotherTasklet_Throws()
        {
            Isolated.Run(() =>
            {
                AtomicScope scope = default;
                Tasklet t = TaskletFrame.Spawn(new ScriptFrame("a", new List<string>(),
                    new ScriptFrame.ActionStep(_ => scope = Scheduler.Atomic()),
                    new ScriptFrame.ScheduleRemoveStep()));
                Scheduler.Run();
                Assert.True(t.Atomic);
                var ex = Assert.Throws<InvalidOperationException>(() => scope.Dispose());
                Assert.Contains("ended by", ex.Message);
                Assert.True(t.Atomic);
                default(AtomicScope).Dispose(); // no section: nothing to end
            });
        }

        [Fact]
        public void KilledVictim_DiesAtItsCheck()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                Tasklet t = TaskletFrame.Spawn(Counting(long.MaxValue, new long[1], log: log));
                Tasklet? victim = Scheduler.Run(1_000);
                Assert.Same(t, victim);
                t.Kill();
                Assert.Equal(new[] { "exit" }, log); // TaskletExit was raised inside the frame, at the check
                Assert.False(t.IsAlive);
            });
        }

        [Fact]
        public void TimeBudget_InterruptsASpinningTasklet_NotBeforeTheBudget()
        {
            Isolated.Run(() =>
            {
                var p = new long[1];
                Tasklet t = TaskletFrame.Spawn(Counting(long.MaxValue, p));
                var clock = Stopwatch.StartNew();
                Tasklet? victim = Scheduler.Run(TimeSpan.FromMilliseconds(30));
                clock.Stop();
                Assert.Same(t, victim);
                Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(30), clock.Elapsed.ToString());
                Assert.True(p[0] > 0);
                t.Kill();

                // Total time: two tasklets that switch often still run out of it together.
                TaskletFrame.Spawn(Counting(long.MaxValue, new long[1], every50: CheckedLoopOp.Schedule));
                TaskletFrame.Spawn(Counting(long.MaxValue, new long[1], every50: CheckedLoopOp.Schedule));
                Tasklet? second = Scheduler.Run(TimeSpan.FromMilliseconds(20), soft: false, totalBudget: true);
                Assert.NotNull(second);
                second!.Kill();
                Assert.Equal(2, Scheduler.RunCount);

                // Soft: the run returns at a switch after the time, and both stay scheduled.
                Tasklet c = TaskletFrame.Spawn(Counting(long.MaxValue, new long[1], every50: CheckedLoopOp.Schedule));
                Assert.Null(Scheduler.Run(TimeSpan.FromMilliseconds(20), soft: true, totalBudget: true));
                Assert.Equal(3, Scheduler.RunCount);
                Assert.True(c.IsScheduled);
            });
        }

        [Fact]
        public void WithoutABudget_ChecksNeverInterrupt()
        {
            Isolated.Run(() =>
            {
                var p = new long[1];
                Tasklet t = TaskletFrame.Spawn(Counting(3_000_000, p));
                Scheduler.Run();
                Assert.Equal(3_000_000, p[0]);
                Assert.False(t.IsAlive);
            });
        }

        [Fact]
        public void NestedBudgetedRun_RunsUnderTheOuterBudget_AndTheOuterRunReturnsTheVictim()
        {
            // A budgeted run can nest only in main's code called back inside one, while main is current: here the error
            // handler, called when the only runnable tasklet fails while the other sleeps.
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                var p = new long[1];
                Tasklet spinner = TaskletFrame.Spawn(new CheckedLoopFrame(long.MaxValue, i =>
                {
                    p[0]++;
                    return i == 0 ? CheckedLoopOp.Sleep : CheckedLoopOp.Continue;
                }));
                TaskletFrame.Spawn(new ActionFrame(() => throw new FormatException("fails")));
                Tasklet? inner = spinner;
                bool handled = false;
                Scheduler.ErrorHandler = (t, e) =>
                {
                    handled = true;
                    Assert.True(Scheduler.Main.IsCurrent);
                    inner = Scheduler.Run(5); // the outer budget of 100 rules, and the outer run gets the victim
                };
                Tasklet? outer = Scheduler.Run(100);
                Assert.True(handled);
                Assert.Null(inner);
                Assert.Same(spinner, outer);
                Assert.True(spinner.IsPaused);
                // Woken from its sleep, the spinner passed 100 checks (the back-edges after iterations 0..99) and was
                // interrupted at the 101st: 101 bodies in all. Under the inner budget of 5 it would have been 6.
                Assert.Equal(101, p[0]);
                spinner.Kill();
            });
        }

        [Fact]
        public void BadInput()
        {
            Isolated.Run(() =>
            {
                Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Run(0));
                Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Run(-5, soft: true));
                Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Run(TimeSpan.Zero));
                Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Run(TimeSpan.FromSeconds(-1)));
                Exception? inside = null;
                TaskletFrame.Spawn(new ActionFrame(() =>
                {
                    try { Scheduler.Run(10); }
                    catch (Exception ex) { inside = ex; }
                }));
                Assert.Null(Scheduler.Run(10));
                Assert.IsType<InvalidOperationException>(inside);
            });
        }
    }

    /// <summary>[Tasklet] void Server(Channel&lt;int&gt; ch, Action onMessage) { while (true) { ch.Receive(); onMessage(); } } with its back-edge check.</summary>
    internal sealed class ServerFrame : TaskletFrame
    {
        private readonly Channel<int> ch;
        private readonly Action onMessage;
        private readonly List<string> log;

        public ServerFrame(Channel<int> ch, Action onMessage, List<string> log)
        {
            this.ch = ch;
            this.onMessage = onMessage;
            this.log = log;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: EndBudgetCheck(); goto Resume2;
            }
        Loop:
            State = 1;
            if (ch.BeginReceive(this)) return;
        Resume1:
            ch.EndReceive(this);
            onMessage();
            if (BudgetCheck(2)) return;
        Resume2:
            goto Loop;
        }
    }
}
