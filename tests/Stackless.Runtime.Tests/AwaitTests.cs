using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    public class AwaitTests
    {
        [Fact]
        public void CompletedTask_TakesTheFastPath_FromAFrameAndFromMain()
        {
            Bounded.Run(() =>
            {
                var log = new List<string>();
                var frame = TaskletFrame.Spawn(new AwaitOneFrame<int>(() => Task.FromResult(7), log));
                Scheduler.Schedule(); // runs it: it never leaves the run queue
                Assert.False(frame.IsAlive);
                Assert.Equal(7, frame.Result);
                Assert.Equal(new[] { "start", "got 7", "finally" }, log);
                Assert.Equal(8, Tasklet.Await(Task.FromResult(8)));
                Assert.Equal(9, Tasklet.Await(new ValueTask<int>(9)));
                Tasklet.Await(Task.CompletedTask);
                Tasklet.Await(default(ValueTask));
            });
        }

        [Fact]
        public void TaskCompletedOnAnotherThread_ResumesTheTaskletOnItsOwnThread_RunWaitsForIt()
        {
            Bounded.Run(() =>
            {
                var log = new List<string>();
                int me = Environment.CurrentManagedThreadId;
                var frame = TaskletFrame.Spawn(new AwaitOneFrame<string>(async () => { await Task.Delay(20).ConfigureAwait(false); return "late"; }, log));
                Scheduler.Run(); // returns only when the await has completed and the tasklet finished
                Assert.Equal("late", frame.Result);
                Assert.Equal(me, frame.ResumedOnThread);
                Assert.Equal(new[] { "start", "got late", "finally" }, log);
            });
        }

        [Fact]
        public void TaskletsThatStayRunnable_DoNotStarveACompletion()
        {
            Bounded.Run(() =>
            {
                var log = new List<string>();
                var frame = TaskletFrame.Spawn(new AwaitOneFrame<int>(() => Task.Run(async () => { await Task.Delay(20); return 5; }), log));
                var spinners = new[]
                {
                    TaskletFrame.Spawn(new SpinUntilFrame(() => !frame.IsAlive)),
                    TaskletFrame.Spawn(new SpinUntilFrame(() => !frame.IsAlive)),
                };
                Scheduler.Run(); // the spinners stop only once the awaiting tasklet has resumed and finished
                Assert.Equal(5, frame.Result);
                Assert.All(spinners, s => Assert.False(s.IsAlive));
            });
        }

        [Fact]
        public void AwaitingTasklet_IsNeitherBlockedNorPausedNorScheduled_AndCannotBeInsertedOrRun()
        {
            Bounded.Run(() =>
            {
                var tcs = new TaskCompletionSource<int>();
                var frame = TaskletFrame.Spawn(new AwaitOneFrame<int>(() => tcs.Task, new List<string>()));
                Scheduler.Schedule();
                Assert.True(frame.IsAwaiting);
                Assert.True(frame.IsAlive);
                Assert.False(frame.IsBlocked);
                Assert.False(frame.IsPaused);
                Assert.False(frame.IsScheduled);
                Assert.Contains("awaiting", frame.ToString());
                Assert.Throws<InvalidOperationException>(() => frame.Insert());
                Assert.Throws<InvalidOperationException>(() => frame.Run());
                tcs.SetResult(3);
                Scheduler.Run();
                Assert.False(frame.IsAwaiting);
                Assert.Equal(3, frame.Result);
            });
        }

        [Fact]
        public void Fault_RethrowsTheOriginalExceptionWithItsTrace()
        {
            Bounded.Run(() =>
            {
                var log = new List<string>();
                var frame = TaskletFrame.Spawn(new AwaitOneFrame<int>(() => Task.Run(ThrowsFormat), log));
                Exception? reported = null;
                Scheduler.ErrorHandler = (t, e) => reported = e;
                Scheduler.Run();
                Assert.IsType<FormatException>(frame.Caught);
                Assert.Same(frame.Caught, reported);
                Assert.Contains(nameof(ThrowsFormat), frame.Caught!.StackTrace);
                Assert.Equal(new[] { "start", "caught FormatException", "finally" }, log);

                // From main: the same exception, with the same trace.
                var ex = Assert.Throws<FormatException>(() => Tasklet.Await(Task.Run(ThrowsFormat)));
                Assert.Contains(nameof(ThrowsFormat), ex.StackTrace);
                // And a task that had already failed (the fast path).
                var failed = Task.Run(ThrowsFormat);
                ((IAsyncResult)failed).AsyncWaitHandle.WaitOne();
                ex = Assert.Throws<FormatException>(() => Tasklet.Await(failed));
                Assert.Contains(nameof(ThrowsFormat), ex.StackTrace);
            });
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int ThrowsFormat() => throw new FormatException("bad input");

        [Fact]
        public void Cancellation_ThrowsOperationCanceledException()
        {
            Bounded.Run(() =>
            {
                var tcs = new TaskCompletionSource<int>();
                var frame = TaskletFrame.Spawn(new AwaitOneFrame<int>(() => tcs.Task, new List<string>()));
                Scheduler.ErrorHandler = (t, e) => { };
                Scheduler.Schedule();
                ThreadPool.QueueUserWorkItem(_ => tcs.SetCanceled());
                Scheduler.Run();
                Assert.IsAssignableFrom<OperationCanceledException>(frame.Caught);

                using var cts = new CancellationTokenSource(10);
                Assert.ThrowsAny<OperationCanceledException>(() => Tasklet.Await(Task.Delay(Timeout.Infinite, cts.Token)));
            });
        }

        [Fact]
        public void FromMain_PumpsOtherTaskletsWhileItWaits()
        {
            Bounded.Run(() =>
            {
                var ch = new Channel<int>();
                var sum = TaskletFrame.Spawn(new SumFrame(ch));
                TaskletFrame.Spawn(new ProduceFrame(ch, 100));
                var tcs = new TaskCompletionSource<string>();
                ThreadPool.QueueUserWorkItem(_ => { Thread.Sleep(20); tcs.SetResult("done"); });
                Assert.Equal("done", Tasklet.Await(tcs.Task)); // the two tasklets ran meanwhile
                Assert.Equal(4950, sum.Result);
            });
        }

        [Fact]
        public void AwaitInANestedFrame_ResumesTheCaller()
        {
            Bounded.Run(() =>
            {
                var a = new TaskCompletionSource<int>();
                var b = new TaskCompletionSource<int>();
                var frame = TaskletFrame.Spawn(new AwaitNestedFrame(a.Task, b.Task));
                Scheduler.Schedule();
                ThreadPool.QueueUserWorkItem(_ => a.SetResult(40));
                ThreadPool.QueueUserWorkItem(_ => { Thread.Sleep(10); b.SetResult(2); });
                Scheduler.Run();
                Assert.Equal(42, frame.Result);
            });
        }

        [Fact]
        public void KilledWhileAwaiting_FinallyRuns_AndTheLaterCompletionIsDropped()
        {
            Bounded.Run(() =>
            {
                var log = new List<string>();
                var tcs = new TaskCompletionSource<int>();
                var frame = TaskletFrame.Spawn(new AwaitOneFrame<int>(() => tcs.Task, log));
                Scheduler.Schedule();
                Assert.True(frame.IsAwaiting);
                frame.Kill();
                Assert.False(frame.IsAlive);
                Assert.False(frame.IsAwaiting);
                Assert.Equal(new[] { "start", "caught TaskletExit", "finally" }, log);
                Scheduler.Run(); // nothing pending any more: returns at once
                tcs.SetResult(1); // posts the completion
                Scheduler.Run();  // delivers and drops it
                Assert.False(frame.IsAlive);
                Assert.Equal(new[] { "start", "caught TaskletExit", "finally" }, log);
            });
        }

        [Fact]
        public void KilledAfterTheCompletionWasPosted_ButBeforeItWasDelivered_StaysDead()
        {
            Bounded.Run(() =>
            {
                var log = new List<string>();
                var tcs = new TaskCompletionSource<int>();
                var frame = TaskletFrame.Spawn(new AwaitOneFrame<int>(() => tcs.Task, log));
                Scheduler.Schedule();
                tcs.SetResult(5); // posted to the inbox; the scheduler has not run since
                Assert.True(frame.IsAwaiting);
                frame.Kill(pending: true);
                Assert.True(frame.IsScheduled);
                Scheduler.Run();
                Assert.False(frame.IsAlive);
                Assert.Equal(new[] { "start", "caught TaskletExit", "finally" }, log);
            });
        }

        [Fact]
        public void ThrowIntoAnAwaitingTasklet_RaisesThere()
        {
            Bounded.Run(() =>
            {
                var log = new List<string>();
                var tcs = new TaskCompletionSource<int>();
                var frame = TaskletFrame.Spawn(new AwaitOneFrame<int>(() => tcs.Task, log));
                Scheduler.ErrorHandler = (t, e) => { };
                Scheduler.Schedule();
                frame.Throw(new TimeZoneNotFoundException(), pending: true);
                Scheduler.Run();
                Assert.IsType<TimeZoneNotFoundException>(frame.Caught);
                tcs.SetResult(1);
                Scheduler.Run();
                Assert.Equal(new[] { "start", "caught TimeZoneNotFoundException", "finally" }, log);
            });
        }

        [Fact]
        public void MainAwaiting_GetsTheErrorOfAFailedTasklet_AndItsAwaitIsLeft()
        {
            Bounded.Run(() =>
            {
                var tcs = new TaskCompletionSource<int>();
                var ch = new Channel<int>();
                TaskletFrame.Spawn(new ActionFrame(() => throw new ArithmeticException("tasklet failed")));
                Assert.Throws<ArithmeticException>(() => Tasklet.Await(tcs.Task));
                Assert.False(Scheduler.Main.IsAwaiting);
                tcs.SetResult(1); // its completion is dropped
                Scheduler.Run();
                Assert.Equal(2, Tasklet.Await(Task.FromResult(2)));
            });
        }

        [Fact]
        public void ValueTaskSource_ResultIsReadExactlyOnce_AlsoWhenTheTaskletWasKilled()
        {
            Bounded.Run(() =>
            {
                var source = new CountingSource();
                var frame = TaskletFrame.Spawn(new AwaitValueFrame<int>(source.Task));
                Scheduler.Schedule();
                ThreadPool.QueueUserWorkItem(_ => source.SetResult(11));
                Scheduler.Run();
                Assert.Equal(11, frame.Result);
                Assert.Equal(1, source.GetResultCalls);

                var killed = new CountingSource();
                var victim = TaskletFrame.Spawn(new AwaitValueFrame<int>(killed.Task));
                Scheduler.Schedule();
                victim.Kill();
                killed.SetResult(1);
                Scheduler.Run();
                Assert.Equal(1, killed.GetResultCalls); // observed, then dropped

                var fromMain = new CountingSource();
                ThreadPool.QueueUserWorkItem(_ => fromMain.SetResult(12));
                Assert.Equal(12, Tasklet.Await(fromMain.Task));
                Assert.Equal(1, fromMain.GetResultCalls);
            });
        }

        [Fact]
        public void AwaitsOfAReusedValueTaskSource_AllocateNothingAfterWarmUp()
        {
            Bounded.Run(() =>
            {
                int Loop(int count)
                {
                    var source = new ReusableSource();
                    var awaiter = TaskletFrame.Spawn(new AwaitLoopFrame(source, count));
                    TaskletFrame.Spawn(new CompleteEachFrame(source, awaiter, count));
                    Scheduler.Run();
                    return awaiter.Result;
                }
                Assert.Equal(55, Loop(10)); // warm-up: the thread's pool gets its node, the poller and the idle event exist
                var source = new ReusableSource();
                var awaiter = TaskletFrame.Spawn(new AwaitLoopFrame(source, 1_000));
                TaskletFrame.Spawn(new CompleteEachFrame(source, awaiter, 1_000));
                long before = GC.GetAllocatedBytesForCurrentThread();
                Scheduler.Run();
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.Equal(500_500, awaiter.Result);
                Assert.Equal(0, allocated);
            });
        }

        [Fact]
        public void AKilledAwaitsNode_IsReusedOnlyAfterItsCompletion_AndNeverWakesTheNextAwaiter()
        {
            Bounded.Run(() =>
            {
                var killed = new CountingSource();
                var victim = TaskletFrame.Spawn(new AwaitValueFrame<int>(killed.Task));
                Scheduler.Schedule();
                victim.Kill();
                Assert.False(victim.IsAlive);

                // The victim's completion has not come yet: the next await must not get its node.
                var second = new CountingSource();
                var next = TaskletFrame.Spawn(new AwaitValueFrame<int>(second.Task));
                Scheduler.Schedule();
                Assert.True(next.IsAwaiting);
                killed.SetResult(1); // dropped (and its node goes back to the pool)
                Scheduler.Schedule();
                Scheduler.Schedule();
                Assert.True(next.IsAwaiting); // not woken by the victim's completion
                Assert.Equal(1, killed.GetResultCalls);

                // A third await may now reuse the victim's node: each completion wakes its own awaiter, once.
                var third = new CountingSource();
                var last = TaskletFrame.Spawn(new AwaitValueFrame<int>(third.Task));
                Scheduler.Schedule();
                third.SetResult(3);
                second.SetResult(2);
                Scheduler.Run();
                Assert.Equal(2, next.Result);
                Assert.Equal(3, last.Result);
                Assert.False(victim.IsAlive);
                Assert.Equal(1, second.GetResultCalls);
                Assert.Equal(1, third.GetResultCalls);
            });
        }

        [Fact]
        public void ValueTaskWithoutResult_FromAFrame()
        {
            Bounded.Run(() =>
            {
                bool after = false;
                TaskletFrame.Spawn(new AwaitVoidFrame(() => new ValueTask(Task.Delay(10)), () => after = true));
                Scheduler.Run();
                Assert.True(after);
            });
        }

        [Fact]
        public void BadInput_NullTask_AndAwaitFromOrdinaryCodeInsideATasklet()
        {
            Bounded.Run(() =>
            {
                Assert.Throws<ArgumentNullException>(() => Tasklet.Await((Task)null!));
                Assert.Throws<ArgumentNullException>(() => Tasklet.Await((Task<int>)null!));
                Exception? seen = null;
                TaskletFrame.Spawn(new ActionFrame(() =>
                {
                    try { PlainAwaiter.AwaitInOrdinaryCode(new TaskCompletionSource<int>().Task); }
                    catch (Exception e) { seen = e; }
                }));
                Scheduler.Run();
                var ioe = Assert.IsType<InvalidOperationException>(seen);
                Assert.Contains("Tasklet.Await()", ioe.Message);
                Assert.Contains(nameof(PlainAwaiter.AwaitInOrdinaryCode), ioe.Message);
            });
        }

        [Fact]
        public void AThousandConcurrentAwaits_AllResumeWithTheirOwnResults()
        {
            Bounded.Run(() =>
            {
                const int n = 1000;
                var sources = new TaskCompletionSource<int>[n];
                var frames = new AwaitOneFrame<int>[n];
                for (int i = 0; i < n; i++)
                {
                    var tcs = sources[i] = new TaskCompletionSource<int>();
                    frames[i] = TaskletFrame.Spawn(new AwaitOneFrame<int>(() => tcs.Task, new List<string>()));
                }
                Scheduler.Schedule();
                for (int i = 0; i < n; i++)
                    Assert.True(frames[i].IsAwaiting);
                // Complete them from four threads, in a scrambled order.
                var completers = new Thread[4];
                for (int k = 0; k < completers.Length; k++)
                {
                    int start = k;
                    completers[k] = new Thread(() =>
                    {
                        for (int i = start; i < n; i += 4)
                            sources[(i * 7919) % n].SetResult(((i * 7919) % n) * 3);
                    });
                    completers[k].Start();
                }
                Scheduler.Run();
                foreach (var t in completers) t.Join();
                int me = Environment.CurrentManagedThreadId;
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(i * 3, frames[i].Result);
                    Assert.Equal(me, frames[i].ResumedOnThread);
                }
            });
        }

        [Fact]
        public void Stress_CompletionsRacingTheSchedulerGoingIdle_NoLostWakeUp()
        {
            // Another thread completes each task as soon as it can: the completion lands before, while and
            // after the scheduler decides to sleep. A lost wake-up hangs an iteration, which the bound catches.
            Bounded.Run(() =>
            {
                // A fixed count, no minimum rate: how fast the rounds go depends on the machine's load, and only a hang
                // (a lost wake-up: the scheduler sleeps with a completion already posted) is a failure.
                const int rounds = 10_000;
                var handoff = new TaskCompletionSource<int>?[1];
                var completer = new Thread(() =>
                {
                    for (int i = 0; i < rounds; i++)
                    {
                        TaskCompletionSource<int>? tcs;
                        var spin = new SpinWait();
                        while ((tcs = Volatile.Read(ref handoff[0])) == null)
                            spin.SpinOnce(-1);
                        Volatile.Write(ref handoff[0], null);
                        if ((i & 3) == 1) Thread.Yield();
                        tcs.SetResult(i);
                    }
                }) { IsBackground = true };
                completer.Start();
                int done = 0;
                for (int i = 0; i < rounds; i++)
                {
                    var tcs = new TaskCompletionSource<int>();
                    Volatile.Write(ref handoff[0], tcs);
                    Assert.Equal(i, Tasklet.Await(tcs.Task));
                    done++;
                }
                Assert.Equal(rounds, done);
                Assert.True(completer.Join(TimeSpan.FromSeconds(10)), "the completer thread did not finish");
            }, seconds: 150);
        }
    }
}
