using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Stackless;
using Stackless.CompilerServices;
using Xunit;
using static Stackless.Runtime.Tests.ScriptFrame;

namespace Stackless.Runtime.Tests
{
    public class LifetimeTests
    {
        [Fact]
        public void ATaskletBlockedOnAnUnreachableChannel_IsGarbage()
        {
            Isolated.Run(() =>
            {
                WeakReference parked = ParkOnAFreshChannel();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                Assert.False(parked.IsAlive);
                Assert.Equal(1, Scheduler.RunCount);
            });
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference ParkOnAFreshChannel()
        {
            var ch = new Channel<int>();
            Tasklet t = TaskletFrame.Spawn(new SumFrame(ch));
            Scheduler.Run();
            Assert.True(t.IsBlocked);
            return new WeakReference(t);
        }

        [Fact]
        public void KillsInTheMiddleOfALongQueue_KeepTheRestInFifoOrder()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var log = new List<string>();
                // 100 senders block; every third is killed; the queue grows past its first sizes meanwhile.
                var senders = Enumerable.Range(0, 100)
                    .Select(i => TaskletFrame.Spawn(new ScriptFrame("S" + i, log, new SendStep(ch, i))))
                    .ToList();
                Scheduler.Run();
                Assert.Equal(100, ch.Balance);
                for (int i = 0; i < 100; i += 3)
                    senders[i].Kill();
                Assert.Equal(100 - 34, ch.Balance);
                Assert.Same(senders[1], ch.Queue);
                // More senders join after the holes.
                for (int i = 100; i < 120; i++)
                    TaskletFrame.Spawn(new ScriptFrame("S" + i, log, new SendStep(ch, i)));
                Scheduler.Run();
                var got = new List<int>();
                while (ch.Balance > 0)
                    got.Add(ch.Receive());
                var expected = Enumerable.Range(0, 120).Where(i => i >= 100 || i % 3 != 0).ToList();
                Assert.Equal(expected, got);
                Assert.Null(ch.Queue);
                Scheduler.Run();
            });
        }
    
        [Fact]
        public void AfterAPeakOfRunnableTasklets_SchedulingStillKeepsFifoOrder()
        {
            Isolated.Run(() =>
            {
                // 50,000 tasklets are runnable at once (the scheduler's table grows), then all park:
                // the table shrinks under them; waking them again must keep every order.
                const int N = 50_000;
                var ch = new Channel<int>();
                var sums = new List<Tasklet<int>>();
                for (int i = 0; i < N; i++)
                    sums.Add(TaskletFrame.Spawn(new SumFrame(ch)));
                Scheduler.Run();
                Assert.Equal(-N, ch.Balance);
                Assert.Equal(1, Scheduler.RunCount);
                var log = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("A", log, new ScheduleStep(), new ScheduleStep()));
                TaskletFrame.Spawn(new ScriptFrame("B", log, new ScheduleStep(), new ScheduleStep()));
                for (int i = 0; i < N; i++)
                    ch.Send(i + 1); // receivers get them in the order they blocked
                ch.Close();
                Scheduler.Run();
                for (int i = 0; i < N; i++)
                    Assert.Equal(i + 1, sums[i].Result);
                Assert.Equal(new[] { "A schedule", "B schedule", "A resumed", "A schedule", "B resumed", "B schedule", "A resumed", "A done", "B resumed", "B done" }, log);
            });
        }
    }
}
