using System;
using System.Collections.Generic;
using Stackless;
using Stackless.CompilerServices;
using Xunit;
using static Stackless.Runtime.Tests.ScriptFrame;

namespace Stackless.Runtime.Tests
{
    public class TryReceiveTrySendTests
    {
        [Fact]
        public void WithNoPartner_TheyReturnFalse_AndNeverBlock()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                Assert.False(ch.TryReceive(out int v));
                Assert.Equal(0, v);
                Assert.False(ch.TrySend(1));
                Assert.Equal(0, ch.Balance);
                ch.Close();
                Assert.False(ch.TryReceive(out _));
                Assert.False(ch.TrySend(1)); // closing: nothing is sent, nothing thrown
            });
        }

        [Fact]
        public void TrySend_ToAWaitingReceiver_AppendsIt_AndTheCallerContinues()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>(); // preference −1 would run the receiver at once: Try* never switches
                TaskletFrame.Spawn(new ScriptFrame("R", log, new ReceiveStep(ch)));
                Scheduler.Schedule();
                Assert.True(ch.TrySend(5));
                Assert.Equal(0, ch.Balance);
                Assert.Equal(new[] { "R recv" }, log);
                Scheduler.Run();
                Assert.Equal(new[] { "R recv", "R got 5", "R done" }, log);
            });
        }

        [Fact]
        public void TryReceive_FromAWaitingSender_AppendsIt_AndTheCallerContinues()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<string> { Preference = 1 };
                TaskletFrame.Spawn(new LoopFrame(1, (f, i) => ch.BeginSend(f, "x"), (f, i) => { ch.EndSend(f); log.Add("sent"); }));
                Scheduler.Schedule();
                Assert.True(ch.TryReceive(out string? v));
                Assert.Equal("x", v);
                Assert.Empty(log);
                Scheduler.Run();
                Assert.Equal(new[] { "sent" }, log);
            });
        }

        [Fact]
        public void TryReceive_OfASentException_RaisesIt()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                TaskletFrame.Spawn(new LoopFrame(1, (f, i) => ch.BeginSendException(f, new FormatException("sent")), (f, i) => ch.EndSend(f)));
                Scheduler.Schedule();
                Assert.Equal("sent", Assert.Throws<FormatException>(() => ch.TryReceive(out _)).Message);
                Assert.Equal(0, ch.Balance);
                Scheduler.Run(); // the sender was appended and finishes
            });
        }

        [Fact]
        public void TheyMeetSelects_AndWorkFromOrdinaryCodeInsideATasklet()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var a = new Channel<int>();
                var b = new Channel<int>();
                var select = new Select();
                select.Receive(a);
                select.Send(b, 8);
                TaskletFrame.Spawn(new ScriptFrame("T", log, new SelectStep(select)));
                Scheduler.Schedule();
                bool took = false;
                int got = 0;
                // Ordinary code inside another tasklet: Try* never suspends, so it is allowed.
                TaskletFrame.Spawn(new ScriptFrame("U", log, new ActionStep(f => took = b.TryReceive(out got))));
                Scheduler.Run();
                Assert.True(took);
                Assert.Equal(8, got);
                Assert.Contains("T fired 1", log);
                Assert.Equal(0, a.Balance);

                TaskletFrame.Spawn(new ScriptFrame("T2", log, new SelectStep(select)));
                Scheduler.Schedule();
                Assert.True(a.TrySend(6));
                Assert.Equal(0, b.Balance);
                Scheduler.Run();
                Assert.Equal(6, select.Value(a));
            });
        }
    }
}
