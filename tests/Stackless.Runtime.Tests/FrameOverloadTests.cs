using System;
using System.Collections.Generic;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// The frame-taking End… overloads (<c>EndSend(this)</c>, <c>EndReceive(this)</c>, <c>EndReceiveNext(this, out x)</c>)
    /// find the running tasklet from the frame: a root frame is the tasklet, a nested frame looks it up in the run queue.
    /// Both paths must deliver values, the end of a foreach, and a kill or a sent exception.
    /// </summary>
    public class FrameOverloadTests
    {
        /// <summary>
        /// [Tasklet] int Relay(Channel&lt;int&gt; ch, List&lt;string&gt; log)
        /// { int v = ch.Receive(); ch.Send(v + 1); log.Add("sent"); int sum = 0; foreach (int x in ch) sum += x; return sum; }
        /// </summary>
        private sealed class RelayFrame : TaskletFrame<int>
        {
            private readonly Channel<int> ch;
            private readonly List<string> log;
            private int sum, x;

            public RelayFrame(Channel<int> ch, List<string> log)
            {
                this.ch = ch;
                this.log = log;
            }

            protected override void MoveNext()
            {
                int v;
                switch (State)
                {
                    case 1: goto Resume1;
                    case 2: goto Resume2;
                    case 3: goto Resume3;
                }
                State = 1;
                if (ch.BeginReceive(this)) return;
            Resume1:
                v = ch.EndReceive(this);
                State = 2;
                if (ch.BeginSend(this, v + 1)) return;
            Resume2:
                ch.EndSend(this);
                log.Add("sent");
                sum = 0;
            Loop:
                State = 3;
                if (ch.BeginReceive(this)) return;
            Resume3:
                if (!ch.EndReceiveNext(this, out x)) goto Break;
                sum += x;
                goto Loop;
            Break:
                Return(sum);
            }
        }

        /// <summary>[Tasklet] int Outer(Channel&lt;int&gt; ch, List&lt;string&gt; log) => Relay(ch, log); — the relay runs as a nested frame.</summary>
        private sealed class OuterFrame : TaskletFrame<int>
        {
            private readonly Channel<int> ch;
            private readonly List<string> log;
            private TaskletFrame<int>? call1;

            public OuterFrame(Channel<int> ch, List<string> log)
            {
                this.ch = ch;
                this.log = log;
            }

            protected override void MoveNext()
            {
                switch (State)
                {
                    case 1: goto Resume1;
                }
                State = 1;
                call1 = new RelayFrame(ch, log);
                Call(call1);
                return;
            Resume1:
                Return(call1!.GetResult());
            }
        }

        private static Tasklet<int> SpawnRelay(bool nested, Channel<int> ch, List<string> log) =>
            nested ? TaskletFrame.Spawn(new OuterFrame(ch, log)) : TaskletFrame.Spawn(new RelayFrame(ch, log));

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void ValuesAndTheEndOfAForeach_AreDelivered(bool nested)
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var log = new List<string>();
                Tasklet<int> t = SpawnRelay(nested, ch, log);
                ch.Send(5);
                Assert.Equal(6, ch.Receive());
                ch.Send(1);
                ch.Send(2);
                ch.Send(3);
                ch.Close();
                Scheduler.Run();
                Assert.Equal(new[] { "sent" }, log);
                Assert.Equal(6, t.Result);
            });
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void KillWhileBlockedOnASend_IsRaisedAtEndSend(bool nested)
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var log = new List<string>();
                Tasklet<int> t = SpawnRelay(nested, ch, log);
                ch.Send(5);
                Scheduler.Run(); // the relay blocks sending 6: nobody receives
                Assert.True(t.IsBlocked);
                t.Kill();
                Assert.False(t.IsAlive);
                Assert.Empty(log); // EndSend raised TaskletExit: "sent" was never logged
            });
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AnExceptionSentToAReceiver_IsRaisedAtEndReceive(bool nested)
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var log = new List<string>();
                Tasklet<int> t = SpawnRelay(nested, ch, log);
                Scheduler.Run(); // the relay blocks receiving
                var sent = new FormatException("sent");
                Exception? reported = null;
                Scheduler.ErrorHandler = (_, e) => reported = e;
                ch.SendException(sent);
                Scheduler.Run();
                Assert.Same(sent, reported);
                Assert.Same(sent, Assert.Throws<FormatException>(() => t.Result));
                Assert.Empty(log);
            });
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void APendingThrowWhileInAForeach_IsRaisedAtEndReceiveNext(bool nested)
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var log = new List<string>();
                Tasklet<int> t = SpawnRelay(nested, ch, log);
                ch.Send(5);
                Assert.Equal(6, ch.Receive());
                ch.Send(1);
                Scheduler.Run(); // the relay waits in its foreach
                Exception? reported = null;
                Scheduler.ErrorHandler = (_, e) => reported = e;
                var thrown = new InvalidTimeZoneException("thrown");
                t.Throw(thrown, pending: true);
                Scheduler.Run();
                Assert.Same(thrown, reported);
                Assert.False(t.IsAlive);
            });
        }

        [Fact]
        public void AFramesReceive_BindsAFreshChannel_AndOnAChannelOfAnotherThreadThrows_LeavingItAsItWas()
        {
            // BeginReceive(frame) reads the frame's scheduler from its fields (one call from a tier-0 frame); a channel not bound
            // to that scheduler takes the slow path, which binds a fresh channel and refuses another thread's.
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                TaskletFrame.Spawn(new ScriptFrame("A", log, new ScriptFrame.ReceiveStep(ch)));
                Scheduler.Run(); // the first operation on ch, from a frame: ch is this thread's now
                Assert.Equal(-1, ch.Balance);

                var elsewhere = new List<string>();
                Exception? there = null;
                var other = new System.Threading.Thread(() =>
                {
                    TaskletFrame.Spawn(new ScriptFrame("B", elsewhere, new ScriptFrame.ReceiveStep(ch)));
                    try { Scheduler.Run(); }
                    catch (Exception ex) { there = ex; }
                });
                other.Start();
                other.Join();
                Assert.IsType<InvalidOperationException>(there);
                Assert.Contains("belongs to another thread's scheduler", there!.Message);
                Assert.Equal(new[] { "B recv", "B InvalidOperationException" }, elsewhere);

                Assert.Equal(-1, ch.Balance); // A still waits, alone
                ch.Send(5);
                Scheduler.Run();
                Assert.Equal(new[] { "A recv", "A got 5", "A done" }, log);
            });
        }
    }
}
