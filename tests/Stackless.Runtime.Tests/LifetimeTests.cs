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
    }
}
