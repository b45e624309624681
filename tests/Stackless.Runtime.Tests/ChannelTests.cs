using System;
using System.Collections.Generic;
using System.Linq;
using Stackless;
using Stackless.CompilerServices;
using Xunit;
using static Stackless.Runtime.Tests.ScriptFrame;

namespace Stackless.Runtime.Tests
{
    public class ChannelTests
    {
        // R blocks first, then S sends: the woken tasklet is the receiver.
        private static List<string> ReceiverWaitsFirst(Action<Channel<int>> configure, bool withBystander = false)
        {
            var log = new List<string>();
            var ch = new Channel<int>();
            configure(ch);
            TaskletFrame.Spawn(new ScriptFrame("R", log, new ReceiveStep(ch)));
            TaskletFrame.Spawn(new ScriptFrame("S", log, new SendStep(ch, 1)));
            if (withBystander)
                TaskletFrame.Spawn(new ScriptFrame("X", log, new ActionStep(f => f.Write("runs"))));
            Scheduler.Run();
            return log;
        }

        // S blocks first, then R receives: the woken tasklet is the sender.
        private static List<string> SenderWaitsFirst(Action<Channel<int>> configure)
        {
            var log = new List<string>();
            var ch = new Channel<int>();
            configure(ch);
            TaskletFrame.Spawn(new ScriptFrame("S", log, new SendStep(ch, 1)));
            TaskletFrame.Spawn(new ScriptFrame("R", log, new ReceiveStep(ch)));
            Scheduler.Run();
            return log;
        }

        [Fact]
        public void PreferenceMinusOne_ReceiverRunsAtOnce_SenderRunsRightBehind()
        {
            Isolated.Run(() =>
            {
                Assert.Equal(-1, new Channel<int>().Preference);
                Assert.Equal(new[] { "R recv", "S send 1", "R got 1", "R done", "S sent 1", "S done" },
                    ReceiverWaitsFirst(ch => { }));
                // The receiver is the caller: the woken sender is not preferred, the receiver continues.
                Assert.Equal(new[] { "S send 1", "R recv", "R got 1", "R done", "S sent 1", "S done" },
                    SenderWaitsFirst(ch => { }));
            });
        }

        [Fact]
        public void PreferenceOne_SenderRunsAtOnce()
        {
            Isolated.Run(() =>
            {
                Assert.Equal(new[] { "R recv", "S send 1", "S sent 1", "S done", "R got 1", "R done" },
                    ReceiverWaitsFirst(ch => ch.Preference = 1));
                Assert.Equal(new[] { "S send 1", "R recv", "S sent 1", "S done", "R got 1", "R done" },
                    SenderWaitsFirst(ch => ch.Preference = 1));
            });
        }

        [Fact]
        public void PreferenceZero_CallerContinues_WokenIsAppended()
        {
            Isolated.Run(() =>
            {
                Assert.Equal(new[] { "R recv", "S send 1", "S sent 1", "S done", "R got 1", "R done" },
                    ReceiverWaitsFirst(ch => ch.Preference = 0));
                Assert.Equal(new[] { "S send 1", "R recv", "R got 1", "R done", "S sent 1", "S done" },
                    SenderWaitsFirst(ch => ch.Preference = 0));
            });
        }

        [Fact]
        public void Preference_IsNormalisedToItsSign()
        {
            var ch = new Channel<int> { Preference = 42 };
            Assert.Equal(1, ch.Preference);
            ch.Preference = -7;
            Assert.Equal(-1, ch.Preference);
            ch.Preference = 0;
            Assert.Equal(0, ch.Preference);
        }

        [Fact]
        public void ScheduleAll_WokenIsAppended_AndTheCallerYields()
        {
            Isolated.Run(() =>
            {
                // Default preference with a bystander X: the receiver runs at once, X last.
                Assert.Equal(new[] { "R recv", "S send 1", "R got 1", "R done", "S sent 1", "S done", "X runs", "X done" },
                    ReceiverWaitsFirst(ch => { }, withBystander: true));
                // ScheduleAll: R is appended behind X, and S yields, so X runs first, then R, then S.
                Assert.Equal(new[] { "R recv", "S send 1", "X runs", "X done", "R got 1", "R done", "S sent 1", "S done" },
                    ReceiverWaitsFirst(ch => ch.ScheduleAll = true, withBystander: true));
            });
        }

        [Fact]
        public void Balance_CountsBlockedSendersAndReceivers_AndKillMovesItTowardZero()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                var senders = Enumerable.Range(1, 3)
                    .Select(i => TaskletFrame.Spawn(new ScriptFrame("S" + i, log, new SendStep(ch, i))))
                    .ToArray();
                Scheduler.Run();
                Assert.Equal(3, ch.Balance);
                Assert.Same(senders[0], ch.Queue);
                Assert.All(senders, s => Assert.True(s.IsBlocked && s.IsScheduled && !s.IsPaused));

                senders[1].Kill();
                Assert.Equal(2, ch.Balance);
                Assert.False(senders[1].IsAlive);
                Assert.Equal(1, ch.Receive());
                Assert.Equal(3, ch.Receive()); // the killed sender's value is gone, FIFO otherwise
                Assert.Equal(0, ch.Balance);
                Assert.Null(ch.Queue);
                Scheduler.Run();

                var receivers = Enumerable.Range(1, 2)
                    .Select(i => TaskletFrame.Spawn(new ScriptFrame("R" + i, log, new ReceiveStep(ch))))
                    .ToArray();
                Scheduler.Run();
                Assert.Equal(-2, ch.Balance);
                receivers[0].Kill(pending: true);
                Assert.Equal(-1, ch.Balance);
                ch.Send(7);
                Assert.Equal(0, ch.Balance);
                Scheduler.Run();
                Assert.Contains("R2 got 7", log);
                Assert.DoesNotContain("R1 got 7", log);
            });
        }

        [Fact]
        public void MainReceive_PumpsTheSchedulerUntilASenderComes()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                TaskletFrame.Spawn(new ScriptFrame("S", log, new ScheduleStep(), new ScheduleStep(), new SendStep(ch, 5)));
                int v = ch.Receive();
                Assert.Equal(5, v);
                Assert.Equal(new[] { "S schedule", "S resumed", "S schedule", "S resumed", "S send 5" }, log);
                Scheduler.Run();
                Assert.Equal("S done", log[^1]);
            });
        }

        [Fact]
        public void MainSend_PumpsUntilAReceiverTakesIt()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                Tasklet<int> sum = TaskletFrame.Spawn(new SumFrame(ch));
                for (int i = 1; i <= 10; i++)
                    ch.Send(i);
                ch.Close();
                Scheduler.Run();
                Assert.Equal(55, sum.Result);
            });
        }

        [Fact]
        public void Close_DrainsWaitingSenders_ThenIsClosed()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                TaskletFrame.Spawn(new ScriptFrame("S1", new List<string>(), new SendStep(ch, 1)));
                TaskletFrame.Spawn(new ScriptFrame("S2", new List<string>(), new SendStep(ch, 2)));
                Scheduler.Run();
                ch.Close();
                Assert.True(ch.IsClosing);
                Assert.False(ch.IsClosed);
                Assert.Equal(1, ch.Receive());
                Assert.Equal(2, ch.Receive());
                Assert.True(ch.IsClosed);
                Assert.Throws<ChannelClosedException>(() => ch.Receive()); // does not block, does not deadlock
                ch.Open();
                Assert.False(ch.IsClosing);
                Assert.Throws<DeadlockException>(() => ch.Receive());
            });
        }

        [Fact]
        public void Close_WakesABlockedReceiver_BareReceiveThrows()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var errors = new List<Exception>();
                Scheduler.ErrorHandler = (t, ex) => errors.Add(ex);
                var ch = new Channel<int>();
                Tasklet r = TaskletFrame.Spawn(new ScriptFrame("R", log, new ReceiveStep(ch)));
                Scheduler.Run();
                Assert.Equal(-1, ch.Balance);
                ch.Close();
                Assert.Equal(0, ch.Balance);
                Assert.True(ch.IsClosed);
                Assert.False(r.IsBlocked);
                Scheduler.Run();
                Assert.Equal(new[] { "R recv", "R ChannelClosedException" }, log);
                Assert.IsType<ChannelClosedException>(Assert.Single(errors));
            });
        }

        [Fact]
        public void Close_EndsAForeachOverTheChannel()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                Tasklet<int> sum = TaskletFrame.Spawn(new SumFrame(ch));
                ch.Send(40);
                ch.Send(2);
                Scheduler.Run();
                Assert.True(sum.IsBlocked);
                ch.Close();
                Scheduler.Run();
                Assert.Equal(42, sum.Result);

                // Main's own foreach ends the same way.
                var ch2 = new Channel<int>();
                TaskletFrame.Spawn(new ProduceFrame(ch2, 4));
                var got = new List<int>();
                foreach (int x in ch2)
                    got.Add(x);
                Assert.Equal(new[] { 0, 1, 2, 3 }, got);
            });
        }

        [Fact]
        public void SendOnAClosingChannel_ThatWouldBlock_Throws()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                ch.Close();
                Assert.Throws<ChannelClosedException>(() => ch.Send(1));
                Assert.Equal(0, ch.Balance);

                var errors = new List<Exception>();
                Scheduler.ErrorHandler = (t, ex) => errors.Add(ex);
                var log = new List<string>();
                TaskletFrame.Spawn(new ScriptFrame("S", log, new SendStep(ch, 1)));
                Scheduler.Run();
                Assert.Equal(new[] { "S send 1", "S ChannelClosedException" }, log);
                Assert.IsType<ChannelClosedException>(Assert.Single(errors));
            });
        }

        [Fact]
        public void SendException_RaisesInTheReceiver()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var log = new List<string>();
                TaskletFrame.Spawn(new GuardedReceiveFrame(ch, log));
                Scheduler.Run();
                ch.SendException(new InvalidTimeZoneException("sent"));
                Scheduler.Run();
                Assert.Equal(new[] { "start", "caught", "finally", "end" }, log);

                // A blocked SendException from a tasklet reaches main's Receive.
                TaskletFrame.Spawn(new ActionFrame(() => { }));
                var thrower = new ThrowSender(ch);
                TaskletFrame.Spawn(thrower);
                var ex = Assert.Throws<FormatException>(() => ch.Receive());
                Assert.Equal("from a tasklet", ex.Message);
            });
        }

        private sealed class ThrowSender(Channel<int> ch) : TaskletFrame
        {
            protected override void MoveNext()
            {
                switch (State) { case 1: goto Resume1; }
                State = 1;
                if (ch.BeginSendException(this, new FormatException("from a tasklet"))) return;
            Resume1:
                ch.EndSend();
                Return();
            }
        }

        [Fact]
        public void SendSequence_FromMainAndFromAFrame_SendsEveryItemInOrder()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                Tasklet<int> sum = TaskletFrame.Spawn(new SumFrame(ch));
                Assert.Equal(4, ch.SendSequence(new[] { 1, 2, 3, 4 }));
                ch.Close();
                Scheduler.Run();
                Assert.Equal(10, sum.Result);

                var ch2 = new Channel<int>();
                Tasklet<int> count = TaskletFrame.Spawn(new SendSequenceCallerFrame(ch2, Enumerable.Range(10, 5)));
                var got = new List<int>();
                for (int i = 0; i < 5; i++)
                    got.Add(ch2.Receive());
                Scheduler.Run();
                Assert.Equal(new[] { 10, 11, 12, 13, 14 }, got);
                Assert.Equal(5, count.Result);
            });
        }

        [Fact]
        public void ReferenceAndLargeStructValues_TravelIntact()
        {
            Isolated.Run(() =>
            {
                var strings = new Channel<string>();
                var big = new Channel<(string, long, Guid)>();
                var g = Guid.NewGuid();
                TaskletFrame.Spawn(new ActionFrame(() => { }));
                TaskletFrame.Spawn(new GenericSender<string>(strings, "hello"));
                TaskletFrame.Spawn(new GenericSender<(string, long, Guid)>(big, ("x", long.MaxValue, g)));
                Assert.Equal("hello", strings.Receive());
                Assert.Equal(("x", long.MaxValue, g), big.Receive());
            });
        }

        private sealed class GenericSender<T>(Channel<T> ch, T value) : TaskletFrame
        {
            protected override void MoveNext()
            {
                switch (State) { case 1: goto Resume1; }
                State = 1;
                if (ch.BeginSend(this, value)) return;
            Resume1:
                ch.EndSend();
                Return();
            }
        }
    }
}
