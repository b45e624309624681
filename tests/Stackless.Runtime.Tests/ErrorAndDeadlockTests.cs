using System;
using System.Collections.Generic;
using System.Threading;
using Stackless;
using Stackless.CompilerServices;
using Xunit;
using static Stackless.Runtime.Tests.ScriptFrame;

namespace Stackless.Runtime.Tests
{
    public class ErrorAndDeadlockTests
    {
        [Fact]
        public void MainBlockingWithNothingElseRunnable_ThrowsAtOnce_AndLeavesTheChannelAsItWas()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                Assert.Throws<DeadlockException>(() => ch.Receive());
                Assert.Equal(0, ch.Balance);
                Assert.Throws<DeadlockException>(() => ch.Send(1));
                Assert.Equal(0, ch.Balance);
                Assert.Null(ch.Queue);
                Assert.Throws<DeadlockException>(() => Scheduler.ScheduleRemove());
                Assert.True(Scheduler.Main.IsScheduled);
                Assert.IsAssignableFrom<InvalidOperationException>(new DeadlockException());
            });
        }

        [Fact]
        public void MainBlocked_WhenTheLastOtherTaskletEnds_Deadlocks()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                TaskletFrame.Spawn(new ScriptFrame("A", log, new ScheduleStep(), new ActionStep(f => f.Write("ending"))));
                var ex = Assert.Throws<DeadlockException>(() => ch.Receive());
                Assert.Contains("blocked on a channel", ex.Message);
                Assert.Equal(new[] { "A schedule", "A resumed", "A ending", "A done" }, log);
                Assert.Equal(0, ch.Balance);
                Assert.Null(ch.Queue);
                Assert.True(Scheduler.Main.IsCurrent);
            });
        }

        [Fact]
        public void MainBlocked_WhenTheLastOtherTaskletBlocks_Deadlocks()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var other = new Channel<int>();
                Tasklet t = TaskletFrame.Spawn(new ScriptFrame("A", new List<string>(), new ReceiveStep(other)));
                Assert.Throws<DeadlockException>(() => ch.Send(3));
                Assert.Equal(0, ch.Balance);
                Assert.True(t.IsBlocked);
                Assert.Equal(-1, other.Balance);
            });
        }

        [Fact]
        public void UncaughtError_IsRethrownFromRun_AndTheRestOfTheQueueIsUntouched()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var boom = new FormatException("boom");
                Tasklet a = TaskletFrame.Spawn(new ScriptFrame("A", log, new ActionStep(f => f.Write("a1")), new ScheduleStep(), new ActionStep(f => f.Write("a2"))));
                Tasklet bad = TaskletFrame.Spawn(new ActionFrame(() => throw boom));
                Tasklet c = TaskletFrame.Spawn(new ScriptFrame("C", log, new ActionStep(f => f.Write("c1"))));
                var seen = Assert.Throws<FormatException>(() => Scheduler.Run());
                Assert.Same(boom, seen);
                Assert.False(bad.IsAlive);
                Assert.True(a.IsAlive && a.IsScheduled);
                Assert.True(c.IsAlive && c.IsScheduled);
                Assert.Equal(new[] { "A a1", "A schedule" }, log);
                Scheduler.Run();
                Assert.Equal(new[] { "A a1", "A schedule", "C c1", "C done", "A resumed", "A a2", "A done" }, log);
            });
        }

        [Fact]
        public void UncaughtError_GoesToTheErrorHandler_WithTheFailedTasklet()
        {
            Isolated.Run(() =>
            {
                var seen = new List<(Tasklet, Exception)>();
                Scheduler.ErrorHandler = (t, ex) => seen.Add((t, ex));
                var boom = new FormatException("boom");
                Tasklet bad = TaskletFrame.Spawn(new ActionFrame(() => throw boom));
                Tasklet<int> fine = TaskletFrame.Spawn(new SumFrame(new Channel<int>()));
                Scheduler.Run();
                var (who, what) = Assert.Single(seen);
                Assert.Same(bad, who);
                Assert.Same(boom, what);
                Assert.True(fine.IsBlocked);
            });
        }

        [Fact]
        public void UncaughtError_WhileMainIsBlocked_IsThrownFromMainsOperation()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                TaskletFrame.Spawn(new ActionFrame(() => throw new FormatException("while main waits")));
                var ex = Assert.Throws<FormatException>(() => ch.Receive());
                Assert.Equal("while main waits", ex.Message);
                Assert.Equal(0, ch.Balance);
                Assert.Null(ch.Queue);
            });
        }

        [Fact]
        public void ErrorHandlerThatThrows_LosesNeitherException()
        {
            Isolated.Run(() =>
            {
                Scheduler.ErrorHandler = (_, _) => throw new ArgumentException("handler");
                TaskletFrame.Spawn(new ActionFrame(() => throw new FormatException("tasklet")));
                var ex = Assert.Throws<AggregateException>(() => Scheduler.Run());
                Assert.Contains(ex.InnerExceptions, e => e is FormatException);
                Assert.Contains(ex.InnerExceptions, e => e is ArgumentException);
            });
        }

        [Fact]
        public void TaskletExit_UncaughtEndsTheTaskletSilently()
        {
            Isolated.Run(() =>
            {
                Tasklet t = TaskletFrame.Spawn(new ActionFrame(() => throw new TaskletExit()));
                Scheduler.Run();
                Assert.False(t.IsAlive);
            });
        }

        [Fact]
        public void BlockingCallFromOrdinaryCodeInsideATasklet_NamesTheMethodToMark()
        {
            Isolated.Run(() =>
            {
                Exception? seen = null;
                Scheduler.ErrorHandler = (_, ex) => seen = ex;
                var ch = new Channel<int>();
                TaskletFrame.Spawn(new ActionFrame(() => OrdinaryHelper(ch)));
                Scheduler.Run();
                var ex = Assert.IsType<InvalidOperationException>(seen);
                Assert.Contains("Channel<Int32>.Send", ex.Message);
                Assert.Contains(nameof(OrdinaryHelper), ex.Message);
                Assert.Contains("[Tasklet]", ex.Message);
                Assert.Equal(0, ch.Balance);
            });
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void OrdinaryHelper(Channel<int> ch) => ch.Send(1);

        [Fact]
        public void ScheduleFromOrdinaryCodeInsideATasklet_IsRefused()
        {
            Isolated.Run(() =>
            {
                Exception? seen = null;
                Scheduler.ErrorHandler = (_, ex) => seen = ex;
                TaskletFrame.Spawn(new ActionFrame(() => Scheduler.Schedule()));
                Scheduler.Run();
                string message = Assert.IsType<InvalidOperationException>(seen).Message;
                Assert.Contains("Scheduler.Schedule()", message);
                // The caller is this test's lambda: named by the method it is written in, not as <>c.<…>b__0 to be marked.
                Assert.Contains("a lambda or local function in ErrorAndDeadlockTests." + nameof(ScheduleFromOrdinaryCodeInsideATasklet_IsRefused), message);
                Assert.DoesNotContain("<", message);
                Assert.DoesNotContain("Mark ", message);
            });
        }

        [Fact]
        public void ScheduleFromAConstructorInsideATasklet_SaysAConstructorCannotBeMarked()
        {
            Isolated.Run(() =>
            {
                Exception? seen = null;
                Scheduler.ErrorHandler = (_, ex) => seen = ex;
                TaskletFrame.Spawn(new ActionFrame(() => _ = new SchedulesInItsConstructor()));
                Scheduler.Run();
                string message = Assert.IsType<InvalidOperationException>(seen).Message;
                Assert.Contains("a constructor of " + nameof(SchedulesInItsConstructor), message);
                Assert.DoesNotContain("Mark ", message);
            });
        }

        private sealed class SchedulesInItsConstructor
        {
            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            public SchedulesInItsConstructor() => Scheduler.Schedule();
        }

        [Fact]
        public void TaskletOrChannelFromAnotherThread_IsRefused()
        {
            Tasklet? t = null;
            Channel<int>? ch = null;
            Isolated.Run(() =>
            {
                t = TaskletFrame.Spawn(new SumFrame(new Channel<int>()));
                ch = new Channel<int>();
                Assert.Equal(0, ch.Balance); // not yet bound: no operation ran
                TaskletFrame.Spawn(new ScriptFrame("R", new List<string>(), new ReceiveStep(ch)));
                Scheduler.Run();
                Assert.Equal(-1, ch.Balance);
            });
            Isolated.Run(() =>
            {
                var e1 = Assert.Throws<InvalidOperationException>(() => t!.Kill());
                Assert.Contains("thread", e1.Message);
                Assert.Throws<InvalidOperationException>(() => t!.Insert());
                Assert.Throws<InvalidOperationException>(() => t!.Remove());
                var e2 = Assert.Throws<InvalidOperationException>(() => ch!.Send(1));
                Assert.Contains("thread", e2.Message);
                Assert.Throws<InvalidOperationException>(() => ch!.Close());
                Assert.Equal(-1, ch!.Balance);
            });
        }

        [Fact]
        public void EachThread_HasItsOwnSchedulerAndMain()
        {
            Tasklet? mainA = null, mainB = null;
            var a = new Thread(() => mainA = Scheduler.Main);
            var b = new Thread(() => mainB = Scheduler.Main);
            a.Start(); b.Start(); a.Join(); b.Join();
            Assert.NotNull(mainA);
            Assert.NotSame(mainA, mainB);
        }
    }
}
