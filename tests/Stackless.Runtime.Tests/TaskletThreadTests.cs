using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    public class TaskletThreadTests
    {
        [Fact]
        public void Post_RunsOnTheThread_ItsTaskletsMeetOtherThreadsThroughAsyncChannelOps()
        {
            Bounded.Run(() =>
            {
                var ch = new Channel<int>();
                var result = new TaskCompletionSource<(long sum, int thread, int postThread)>();
                using (var tt = TaskletThread.Start("summer"))
                {
                    tt.Post(() =>
                    {
                        var sum = TaskletFrame.Spawn(new SumFrame(ch));
                        int postThread = Environment.CurrentManagedThreadId;
                        TaskletFrame.Spawn(new ActionFrame(() => { }));
                        Scheduler.Run();
                        // main of the TaskletThread: wait (pumping) for the sum without blocking the thread
                        TaskletFrame.Spawn(new AwaitVoidFrame(
                            () => new ValueTask(Task.Run(() => SpinWait.SpinUntil(() => !sum.IsAlive, 10_000))),
                            () => { }));
                        ThreadPool.QueueUserWorkItem(_ =>
                        {
                            SpinWait.SpinUntil(() => !sum.IsAlive, 20_000);
                            result.TrySetResult((sum.Result, tt.ManagedThreadId, postThread));
                        });
                    });
                    var producers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
                    {
                        for (int i = 1; i <= 1000; i++)
                            await ch.SendAsync(i);
                    })).ToArray();
                    Task.WaitAll(producers);
                    tt.Post(() => ch.Close());
                    var (total, thread, posted) = result.Task.Result;
                    Assert.Equal(4 * 500500L, total);
                    Assert.Equal(thread, posted);
                    Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
                }
            });
        }

        [Fact]
        public void Dispose_KillsBlockedAwaitingAndRunnableTasklets_TheirFinallyRunsOnTheThread()
        {
            Bounded.Run(() =>
            {
                var log = new ConcurrentQueue<string>();
                var never = new TaskCompletionSource<int>();
                var ch = new Channel<int>();
                var tt = TaskletThread.Start();
                var spawned = new ManualResetEventSlim();
                int[] spins = { 0 };
                tt.Post(() =>
                {
                    TaskletFrame.Spawn(new ProbeFrame("blocked", f => ch.BeginReceive(f), f => ch.EndReceive(f), log));
                    TaskletFrame.Spawn(new ProbeFrame("awaiting", f => Tasklet.BeginAwait(f, never.Task), f => Tasklet.EndAwait<int>(f), log));
                    TaskletFrame.Spawn(new ProbeFrame("runnable", f => Scheduler.BeginSchedule(f), f => { Scheduler.EndSwitch(f); Interlocked.Increment(ref spins[0]); }, log, forever: true));
                    spawned.Set();
                });
                spawned.Wait();
                SpinWait.SpinUntil(() => Volatile.Read(ref spins[0]) > 1000, 10_000);
                tt.Dispose(); // returns when the thread has ended
                int thread = tt.ManagedThreadId;
                Assert.Equal(
                    new[] { $"awaiting finally on {thread}", $"blocked finally on {thread}", $"runnable finally on {thread}" },
                    log.OrderBy(x => x));
                never.SetResult(1); // a completion for the killed tasklet: dropped, nothing runs
                Assert.Equal(3, log.Count);
                Assert.Throws<ObjectDisposedException>(() => tt.Post(() => { }));
                tt.Dispose(); // twice is fine
            });
        }

        [Fact]
        public void Dispose_KillsBlockedAndAwaitingTasklets_TheirFinallyRunsOnTheThread()
        {
            Bounded.Run(() =>
            {
                var log = new ConcurrentQueue<string>();
                var never = new TaskCompletionSource<int>();
                var ch = new Channel<int>();
                var tt = TaskletThread.Start();
                var spawned = new ManualResetEventSlim();
                tt.Post(() =>
                {
                    TaskletFrame.Spawn(new ProbeFrame("blocked", f => ch.BeginReceive(f), f => ch.EndReceive(f), log));
                    TaskletFrame.Spawn(new ProbeFrame("awaiting", f => Tasklet.BeginAwait(f, never.Task), f => Tasklet.EndAwait<int>(f), log));
                    TaskletFrame.Spawn(new ActionFrame(spawned.Set)); // runs after both have parked
                });
                spawned.Wait();
                tt.Dispose();
                int thread = tt.ManagedThreadId;
                Assert.Equal(new[] { $"awaiting finally on {thread}", $"blocked finally on {thread}" }, log.OrderBy(x => x));
                never.SetResult(1);
                Assert.Equal(2, log.Count);
            });
        }

        [Fact]
        public void Errors_WithoutAHandler_AreThrownByDispose_WithAHandler_GoThere()
        {
            Bounded.Run(() =>
            {
                var tt = TaskletThread.Start();
                tt.Post(() => TaskletFrame.Spawn(new ActionFrame(() => throw new FormatException("tasklet"))));
                tt.Post(() => throw new ArithmeticException("posted action"));
                SpinWait.SpinUntil(() => tt.Errors.Count == 2, 10_000);
                var ex = Assert.Throws<AggregateException>(() => tt.Dispose());
                Assert.Contains(ex.InnerExceptions, e => e is FormatException);
                Assert.Contains(ex.InnerExceptions, e => e is ArithmeticException);
                tt.Dispose(); // reported once

                var handled = new TaskCompletionSource<Exception>();
                using var tt2 = TaskletThread.Start();
                tt2.Post(() => Scheduler.ErrorHandler = (t, e) => handled.TrySetResult(e));
                tt2.Post(() => TaskletFrame.Spawn(new ActionFrame(() => throw new FormatException("handled"))));
                Assert.IsType<FormatException>(handled.Task.Result);
            });
        }

        [Fact]
        public void Dispose_FailsAsyncOperationsOfOtherThreadsStillWaitingOnItsChannels()
        {
            Bounded.Run(() =>
            {
                var ch = new Channel<int>();
                var tt = TaskletThread.Start();
                var bound = new ManualResetEventSlim();
                tt.Post(() => { ch.Close(); ch.Open(); bound.Set(); }); // the channel belongs to the TaskletThread
                bound.Wait();
                var send = ch.SendAsync(1).AsTask();
                var receive = Task.Run(async () => await new Channel<int>().ReceiveAsync()); // on a channel nobody uses: stays waiting
                SpinWait.SpinUntil(() => false, 50);
                tt.Dispose();
                var ex = Assert.ThrowsAny<OperationCanceledException>(() => send.GetAwaiter().GetResult());
                Assert.False(receive.IsCompleted);
                // The thread has ended: later operations on its channel fail at once instead of waiting forever.
                Assert.Throws<ObjectDisposedException>(() => ch.SendAsync(2).AsTask().GetAwaiter().GetResult());
                Assert.Throws<ObjectDisposedException>(() => ch.ReceiveAsync().AsTask().GetAwaiter().GetResult());
            });
        }

        [Fact]
        public void DisposeFromItsOwnThread_IsRefused()
        {
            Bounded.Run(() =>
            {
                var tt = TaskletThread.Start();
                var seen = new TaskCompletionSource<Exception?>();
                tt.Post(() =>
                {
                    try { tt.Dispose(); seen.SetResult(null); }
                    catch (Exception e) { seen.SetResult(e); }
                });
                Assert.IsType<InvalidOperationException>(seen.Task.Result);
                tt.Dispose();
            });
        }

        [Fact]
        public void AnIdleTaskletThread_Sleeps_AndWakesForEachPost()
        {
            Bounded.Run(() =>
            {
                using var tt = TaskletThread.Start();
                for (int i = 0; i < 2000; i++)
                {
                    var done = new ManualResetEventSlim();
                    tt.Post(done.Set);
                    Assert.True(done.Wait(10_000));
                }
            });
        }
    }

    /// <summary>
    /// [Tasklet] void Probe(...) { try { do { op(); } while (forever); } finally { log.Enqueue(name + " finally on " + thread); } }
    /// with the suspending op given as its Begin/End pair.
    /// </summary>
    internal sealed class ProbeFrame : TaskletFrame
    {
        private readonly string name;
        private readonly Func<Tasklet, bool> begin;
        private readonly Action<Tasklet> end;
        private readonly ConcurrentQueue<string> log;
        private readonly bool forever;

        public ProbeFrame(string name, Func<Tasklet, bool> begin, Action<Tasklet> end, ConcurrentQueue<string> log, bool forever = false)
        {
            this.name = name;
            this.begin = begin;
            this.end = end;
            this.log = log;
            this.forever = forever;
        }

        protected override void MoveNext()
        {
            bool suspending = false;
            try
            {
                switch (State)
                {
                    case 1: goto Resume1;
                }
            Loop:
                State = 1;
                if (begin(this)) { suspending = true; return; }
            Resume1:
                end(this);
                if (forever) goto Loop;
            }
            finally
            {
                if (!suspending) log.Enqueue($"{name} finally on {Environment.CurrentManagedThreadId}");
            }
            Return();
        }
    }
}
