using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Stackless;
using Stackless.CompilerServices;
using Xunit;
using static Stackless.Runtime.Tests.ScriptFrame;

namespace Stackless.Runtime.Tests
{
    /// <summary>Tasklet.Name, WaitingOn, Frames, ToString; Scheduler.Tasklets, Dump and the leak count; deadlock reports; debugger views.</summary>
    public class IntrospectionTests
    {
        private static Tasklet Spawn(params Step[] steps) => TaskletFrame.Spawn(new ScriptFrame("t", new List<string>(), steps));

        [Fact]
        public void Name_IsNullUntilSet_ThenShownByToString_AndNullClearsIt()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                Tasklet t = Spawn(new ReceiveStep(ch));
                Assert.Null(t.Name);
                t.Name = "worker";
                Assert.Equal("worker", t.Name);
                Assert.Equal($"tasklet #{t.Id} \"worker\" (scheduled)", t.ToString());
                Scheduler.Run();
                Assert.StartsWith($"tasklet #{t.Id} \"worker\" (blocked: Receive on Channel<Int32> #", t.ToString());
                t.Name = null;
                Assert.Null(t.Name);
                Assert.StartsWith($"tasklet #{t.Id} (blocked: Receive", t.ToString());
                Assert.Equal("main tasklet (running)", Scheduler.Main.ToString());
                ch.Send(1);
                Assert.Equal($"tasklet #{t.Id} (dead)", t.ToString());
            });
        }

        [Fact]
        public void WaitingOn_SendAndReceive_NameTheChannel_AndNothingWhenRunnableOrDead()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                Tasklet receiver = Spawn(new ReceiveStep(ch));
                Assert.Null(receiver.WaitingOn); // runnable
                Assert.Null(Scheduler.Main.WaitingOn); // main runs
                Scheduler.Run();
                TaskletWait w = receiver.WaitingOn!;
                Assert.Equal(TaskletWaitKind.Receive, w.Kind);
                Assert.Same(ch, w.Channel);
                Assert.Null(w.Since);
                Assert.Null(w.Until);

                var other = new Channel<int>();
                Tasklet sender = Spawn(new SendStep(other, 5));
                Scheduler.Run();
                Assert.Equal(TaskletWaitKind.Send, sender.WaitingOn!.Kind);
                Assert.Same(other, sender.WaitingOn!.Channel);

                ch.Send(1);
                Assert.Equal(5, other.Receive());
                Scheduler.Run();
                Assert.False(receiver.IsAlive);
                Assert.Null(receiver.WaitingOn);
                Assert.Null(sender.WaitingOn);
            });
        }

        [Fact]
        public void WaitingOn_Sleep_SaysUntilOnTheSchedulerClock_AndForeverHasNoUntil()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                TimeSpan start = Scheduler.Now;
                Tasklet sleeper = Spawn(new SleepStep(TimeSpan.FromSeconds(3)));
                Tasklet forever = Spawn(new SleepStep(Timeout.InfiniteTimeSpan));
                Spawn(new ScheduleStep()); // runs while they park: the clock stands still
                Scheduler.Schedule();
                Scheduler.Schedule();
                TaskletWait w = sleeper.WaitingOn!;
                Assert.Equal(TaskletWaitKind.Sleep, w.Kind);
                Assert.Null(w.Channel);
                Assert.Equal(start + TimeSpan.FromSeconds(3), w.Until);
                Assert.Equal(TaskletWaitKind.Sleep, forever.WaitingOn!.Kind);
                Assert.Null(forever.WaitingOn!.Until);
                Assert.Equal($"tasklet #{sleeper.Id} (sleeping: Sleep until {start + TimeSpan.FromSeconds(3)})", sleeper.ToString());
                forever.Kill();
                Scheduler.Run();
            });
        }

        [Fact]
        public void WaitingOn_TimedReceive_IsAReceive_WithSinceAndUntil_FromItsTimeout()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                var ch = new Channel<int>();
                TimeSpan start = Scheduler.Now;
                Tasklet t = Spawn(new TryReceiveStep(ch, TimeSpan.FromSeconds(2)));
                Spawn(new ScheduleStep());
                Scheduler.Schedule();
                TaskletWait w = t.WaitingOn!;
                Assert.Equal(TaskletWaitKind.Receive, w.Kind);
                Assert.Same(ch, w.Channel);
                Assert.Equal(start, w.Since);
                Assert.Equal(start + TimeSpan.FromSeconds(2), w.Until);
                Scheduler.Run(); // times out
                Assert.False(t.IsAlive);
            });
        }

        [Fact]
        public void WaitingOn_Select_OverOneOrSeveralChannels()
        {
            Isolated.Run(() =>
            {
                var a = new Channel<int>();
                var b = new Channel<string>();
                var two = new Select();
                two.Receive(a);
                two.Receive(b);
                Tasklet t2 = Spawn(new SelectStep(two));
                var one = new Select();
                one.Receive(a);
                Tasklet t1 = Spawn(new SelectStep(one));
                Scheduler.Run();
                Assert.Equal(TaskletWaitKind.Select, t2.WaitingOn!.Kind);
                Assert.Null(t2.WaitingOn!.Channel);
                Assert.Null(t2.WaitingOn!.Until);
                Assert.Equal(TaskletWaitKind.Select, t1.WaitingOn!.Kind);
                Assert.Same(a, t1.WaitingOn!.Channel);
                t1.Kill();
                t2.Kill();
            });
        }

        [Fact]
        public void WaitingOn_Await_SaysSince_AndPausedSaysPaused()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                var gate = new TaskCompletionSource();
                TimeSpan parkedAt = Scheduler.Now;
                Tasklet awaiting = TaskletFrame.Spawn(new AwaitVoidFrame(() => new ValueTask(gate.Task), () => { }));
                Tasklet paused = Spawn(new ScheduleRemoveStep());
                Tasklet removed = Spawn(new ScheduleStep());
                removed.Remove();
                Scheduler.Schedule();
                TaskletWait w = awaiting.WaitingOn!;
                Assert.Equal(TaskletWaitKind.Await, w.Kind);
                Assert.Equal(parkedAt, w.Since);
                Assert.Equal(TaskletWaitKind.Paused, paused.WaitingOn!.Kind);
                Assert.Equal(TaskletWaitKind.Paused, removed.WaitingOn!.Kind);
                Assert.Equal($"tasklet #{paused.Id} (paused)", paused.ToString());
                gate.SetResult();
                paused.Insert();
                removed.Insert();
                Scheduler.Run();
                Assert.False(awaiting.IsAlive || paused.IsAlive || removed.IsAlive);
            });
        }

        [Fact]
        public void WaitingOnAndFrames_FromAnotherThread_Throw()
        {
            Tasklet? t = null;
            Isolated.Run(() =>
            {
                t = Spawn(new ReceiveStep(new Channel<int>()));
                Scheduler.Run();
                Isolated.Run(() =>
                {
                    Assert.Throws<InvalidOperationException>(() => t.WaitingOn);
                    Assert.Throws<InvalidOperationException>(() => t.Frames);
                    Assert.Contains("(blocked)", t.ToString()); // never throws: it names tasklets in wrong-thread errors
                });
            });
        }

        [Fact]
        public void Frames_WalkTheChainInnermostFirst_WithTheLineOfEachResumeState()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var outer = TaskletFrame.Spawn(new OuterFrame(ch));
                Assert.Equal(new[] { new TaskletFrameInfo("Demo.Outer", "Demo.cs", 10) }, outer.Frames); // not started: the method's line
                Scheduler.Schedule(); // Outer calls Inner, which yields at its Schedule (state 1)
                Assert.Equal(new[]
                {
                    new TaskletFrameInfo("Demo.Inner", "Demo.cs", 22),
                    new TaskletFrameInfo("Demo.Outer", "Demo.cs", 12),
                }, outer.Frames);
                Scheduler.Run(); // Inner blocks on its receive (state 2)
                Assert.Equal(new[]
                {
                    new TaskletFrameInfo("Demo.Inner", "Demo.cs", 23),
                    new TaskletFrameInfo("Demo.Outer", "Demo.cs", 12),
                }, outer.Frames);
                Assert.Equal("Demo.Inner (Demo.cs:23)", outer.Frames[0].ToString());
                ch.Send(41);
                Assert.Equal(42, outer.Result);
                Assert.Empty(outer.Frames);
                Assert.Empty(Scheduler.Main.Frames);
            });
        }

        [Fact]
        public void FrameLocationTable_LinesByState_ZeroOutside_AndOneTablePerFrameType()
        {
            var table = new FrameLocationTable("Demo.M", "Demo.cs", new[] { 5, 7, 0, 9 });
            Assert.Equal(5, table.LineAt(0));
            Assert.Equal(9, table.LineAt(3));
            Assert.Equal(0, table.LineAt(2)); // a state with no line
            Assert.Equal(0, table.LineAt(-1)); // running
            Assert.Equal(0, table.LineAt(4)); // past the end
            Assert.Equal(new TaskletFrameInfo("Demo.M", "Demo.cs", 7), table.At(1));
            Assert.Throws<ArgumentNullException>(() => new FrameLocationTable(null!, null, new int[1]));

            int made = 0;
            FrameLocationTable Make() { made++; return new FrameLocationTable("X", null, new int[1]); }
            var ch = new Channel<int>();
            FrameLocationTable first = FrameLocationTable.Of(new InnerFrame(ch), Make);
            Assert.Same(first, FrameLocationTable.Of(new InnerFrame(ch), Make)); // kept per frame type: made once
            Assert.NotSame(first, FrameLocationTable.Of(new OuterFrame(ch), Make));
            Assert.Equal(2, made);
        }

        [Fact]
        public void FrameLocationTable_FromConstants_ParsesTheLines_KeepsOnePerFrameType_AndRefusesBadText()
        {
            FrameLocationTable table = FrameLocationTable.Of(new ConstantTableFrame(), "Demo.C(int)", "Demo.cs", "5 7 0 12");
            Assert.Equal("Demo.C(int)", table.Method);
            Assert.Equal("Demo.cs", table.File);
            Assert.Equal(new[] { 5, 7, 0, 12 }, new[] { table.LineAt(0), table.LineAt(1), table.LineAt(2), table.LineAt(3) });
            Assert.Equal(0, table.LineAt(4));
            // Kept per frame type: a second call (whatever it passes) returns the first table.
            Assert.Same(table, FrameLocationTable.Of(new ConstantTableFrame(), "Other", null, "1"));

            Assert.Equal(0, FrameLocationTable.Of(new EmptyTableFrame(), "Demo.E()", null, "").LineAt(0));
            ArgumentException bad = Assert.Throws<ArgumentException>(() => FrameLocationTable.Of(new BadTableFrame(), "Demo.B()", null, "5,7"));
            Assert.Contains("separated by single spaces", bad.Message);
            Assert.Throws<ArgumentException>(() => FrameLocationTable.Of(new BadTableFrame(), "Demo.B()", null, "5  7"));
            Assert.Throws<ArgumentException>(() => FrameLocationTable.Of(new BadTableFrame(), "Demo.B()", null, "-5"));
        }

        private sealed class ConstantTableFrame : TaskletFrame { protected override void MoveNext() => Return(); }

        private sealed class EmptyTableFrame : TaskletFrame { protected override void MoveNext() => Return(); }

        private sealed class BadTableFrame : TaskletFrame { protected override void MoveNext() => Return(); }

        [Fact]
        public void Frames_FromTheFrameTypesAttribute_AsTheGeneratorWritesIt()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                Tasklet t = TaskletFrame.Spawn(new AttributedFrame(ch));
                Tasklet second = TaskletFrame.Spawn(new AttributedFrame(ch));
                Scheduler.Run(); // both block on their receive (state 1)
                var expected = new[] { new TaskletFrameInfo("Demo.Attributed(Channel<int>)", "Demo.cs", 32) };
                Assert.Equal(expected, t.Frames);
                Assert.Equal(expected, second.Frames); // one table per frame type, read from its attribute
                ch.Send(1);
                ch.Send(2);
                Assert.Empty(t.Frames);
                Assert.Empty(second.Frames);
            });
        }

        /// <summary>[Tasklet] static void Attributed(Channel&lt;int&gt; ch) { /* line 30 */ ch.Receive(); /* line 32 */ }, as generated.</summary>
        [FrameLocations("Demo.Attributed(Channel<int>)", "Demo.cs", "30 32")]
        private sealed class AttributedFrame : TaskletFrame
        {
            private readonly Channel<int> ch;

            public AttributedFrame(Channel<int> ch) => this.ch = ch;

            protected override void MoveNext()
            {
                switch (State)
                {
                    case 1: goto Resume1;
                }
                State = 1;
                if (ch.BeginReceive(this)) return;
            Resume1:
                State = -1;
                ch.EndReceive(this);
                Return();
            }
        }

        [Fact]
        public void Frames_WithoutATable_NameTheMethodAfterTheFrameType()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                Tasklet generatedStyle = TaskletFrame.Spawn(new Pipeline.__Drain_Frame(ch));
                Tasklet handWritten = TaskletFrame.Spawn(new SumFrame(ch));
                Scheduler.Run();
                Assert.Equal(new[] { new TaskletFrameInfo("Pipeline.Drain", null, 0) }, generatedStyle.Frames);
                Assert.Equal(new[] { new TaskletFrameInfo("SumFrame", null, 0) }, handWritten.Frames);
                Assert.Equal("Pipeline.Drain", generatedStyle.Frames[0].ToString());
                generatedStyle.Kill();
                handWritten.Kill();
            });
        }

        [Fact]
        public void Tasklets_ListsEveryAliveOne_WhereverItWaits_MainFirstThenById()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                var ch = new Channel<int>();
                var gate = new TaskCompletionSource();
                Tasklet receiver = Spawn(new ReceiveStep(ch));
                Tasklet sleeper = Spawn(new SleepStep(TimeSpan.FromSeconds(1)));
                Tasklet forever = Spawn(new SleepStep(Timeout.InfiniteTimeSpan));
                Tasklet awaiting = TaskletFrame.Spawn(new AwaitVoidFrame(() => new ValueTask(gate.Task), () => { }));
                Tasklet paused = Spawn(new ScheduleRemoveStep());
                var select = new Select();
                select.Receive(new Channel<string>());
                select.Timeout(TimeSpan.FromSeconds(5));
                Tasklet selecting = Spawn(new SelectStep(select));
                Tasklet done = Spawn();
                Tasklet runnable = Spawn(new ScheduleStep(), new ScheduleStep());
                Scheduler.Schedule();
                Assert.False(done.IsAlive);
                Assert.True(runnable.IsScheduled);
                Assert.Equal(new[] { Scheduler.Main, receiver, sleeper, forever, awaiting, paused, selecting, runnable }, Scheduler.Tasklets);

                gate.SetResult();
                forever.Kill();
                paused.Kill();
                ch.Send(1);
                Scheduler.Run();
                Assert.Equal(new[] { Scheduler.Main }, Scheduler.Tasklets);
            });
        }

        [Fact]
        public void AWatchdogVictim_IsListedAsPaused_AndCountedIfDropped()
        {
            Isolated.Run(() =>
            {
                WeakReference dropped = InterruptAndDrop();
                Tasklet kept = TaskletFrame.Spawn(new CheckedLoopFrame(1_000_000, _ => CheckedLoopOp.Continue));
                Assert.Same(kept, Scheduler.Run(10));
                Assert.Equal(TaskletWaitKind.Paused, kept.WaitingOn!.Kind);
                for (int i = 0; i < 3 && dropped.IsAlive; i++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
                Assert.False(dropped.IsAlive);
                Assert.Equal(new[] { Scheduler.Main, kept }, Scheduler.Tasklets);
                Assert.Equal(1, Scheduler.CollectedWhileBlocked);
                kept.Kill();
            });
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference InterruptAndDrop()
        {
            Tasklet victim = TaskletFrame.Spawn(new CheckedLoopFrame(1_000_000, _ => CheckedLoopOp.Continue));
            Assert.Same(victim, Scheduler.Run(10));
            Assert.Contains(victim, Scheduler.Tasklets);
            return new WeakReference(victim);
        }

        [Fact]
        public void ATaskletBlockedOnAnUnreachableChannel_IsCollected_AndCounted()
        {
            Isolated.Run(() =>
            {
                var kept = new Channel<int>();
                Tasklet alive = Spawn(new ReceiveStep(kept));
                WeakReference[] leaked = ParkSevenOnFreshChannels();
                Assert.Equal(0, Scheduler.CollectedWhileBlocked);
                for (int i = 0; i < 3 && leaked.Any(w => w.IsAlive); i++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
                GC.Collect();
                Assert.All(leaked, w => Assert.False(w.IsAlive));
                // Two receivers on one channel, two senders on another (nothing the scheduler keeps may refer to them or to
                // the values they offer), one paused, two selects (in two channels each, counted once; one sends).
                Assert.Equal(7, Scheduler.CollectedWhileBlocked);
                Assert.Equal(new[] { Scheduler.Main, alive }, Scheduler.Tasklets);
                var dump = new StringWriter();
                Scheduler.Dump(dump);
                Assert.Contains("collected while blocked: 7 tasklets", dump.ToString());
                kept.Send(1);
            });
        }

        [Fact]
        public void ChannelsWaitedOnAndEmptied_AreForgotten_AndNotedAgainAtTheirNextWaiter()
        {
            // More channels than one flush holds (256), each waited on once, as request/reply code makes them: the census
            // must still see every waiter, forget the emptied channels, and see a later waiter on one of them.
            Isolated.Run(() =>
            {
                var channels = new Channel<int>[600];
                var receivers = new Tasklet[channels.Length];
                for (int i = 0; i < channels.Length; i++)
                {
                    channels[i] = new Channel<int>();
                    receivers[i] = Spawn(new ReceiveStep(channels[i]));
                }
                Scheduler.Run();
                Assert.Equal(channels.Length + 1, Scheduler.Tasklets.Count);
                foreach (Channel<int> c in channels)
                    c.Send(1);
                Scheduler.Run();
                Assert.All(receivers, r => Assert.False(r.IsAlive));
                Assert.Equal(new[] { Scheduler.Main }, Scheduler.Tasklets);

                Tasklet again = Spawn(new ReceiveStep(channels[7]));
                Scheduler.Run();
                Assert.Equal(new[] { Scheduler.Main, again }, Scheduler.Tasklets);
                Assert.Equal(TaskletWaitKind.Receive, again.WaitingOn!.Kind);
                Assert.Same(channels[7], again.WaitingOn.Channel);
                channels[7].Send(2);
                Assert.False(again.IsAlive);
            });
        }

        [Fact]
        public void ALeakedTasklet_StaysReachableAtMostUntilTheNextFlush_ThenIsCollectedAndCounted()
        {
            // A channel newly waited on is noted strongly until the next flush (main's turn, the 257th noted channel, or a
            // census), then watched weakly. 300 tasklets park on 300 fresh channels nobody else keeps; a tasklet behind them
            // collects garbage before main's turn: the 257th note flushed the first 256 (they had their waiter, so they became
            // weak and are gone), the last 44 are still noted. Once main runs, all of them are garbage, and counted.
            Isolated.Run(() =>
            {
                WeakReference[] leaked = ParkOnFreshChannelsAndDrop(300);
                int aliveBeforeMainsTurn = -1;
                Spawn(new ActionStep(_ =>
                {
                    for (int i = 0; i < 3 && leaked.Take(256).Any(w => w.IsAlive); i++)
                    {
                        GC.Collect();
                        GC.WaitForPendingFinalizers();
                    }
                    aliveBeforeMainsTurn = leaked.Count(w => w.IsAlive);
                }));
                Scheduler.Run();
                Assert.Equal(44, aliveBeforeMainsTurn);
                for (int i = 0; i < 3 && leaked.Any(w => w.IsAlive); i++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
                Assert.All(leaked, w => Assert.False(w.IsAlive));
                Assert.Equal(300, Scheduler.CollectedWhileBlocked);
                Assert.Equal(new[] { Scheduler.Main }, Scheduler.Tasklets);
            });
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference[] ParkOnFreshChannelsAndDrop(int count)
        {
            var leaked = new WeakReference[count];
            for (int i = 0; i < count; i++)
                leaked[i] = new WeakReference(Spawn(new ReceiveStep(new Channel<int>())));
            return leaked;
        }

        [Fact]
        public void ASelect_OnChannelsTheCensusForgot_IsFound_AndFires()
        {
            // A channel waited on once and empty again at the next flush is forgotten (its ring stays, its capacity goes
            // to 0): a select's waits on two of them take the slow path, which notes them again.
            Isolated.Run(() =>
            {
                var a = new Channel<int>();
                var b = new Channel<int>();
                Tasklet ra = Spawn(new ReceiveStep(a));
                Tasklet rb = Spawn(new ReceiveStep(b));
                Scheduler.Run();
                Assert.Equal(-1, a.Balance);
                Assert.Equal(-1, b.Balance);
                a.Send(1);
                b.Send(2);
                Assert.False(ra.IsAlive || rb.IsAlive);
                Assert.Equal(new[] { Scheduler.Main }, Scheduler.Tasklets); // this census's flush forgets a and b

                var select = new Select();
                select.Receive(a);
                int caseB = select.Receive(b);
                int fired = -1;
                Tasklet selecting = TaskletFrame.Spawn(new ScriptFrame("s", new List<string>(), new SelectStep(select, (_, c) => fired = c)));
                Tasklet again = Spawn(new ReceiveStep(a));
                Scheduler.Run();
                Assert.Equal(new[] { Scheduler.Main, selecting, again }, Scheduler.Tasklets);
                Assert.Equal(TaskletWaitKind.Select, selecting.WaitingOn!.Kind);
                Assert.Equal(-2, a.Balance);
                Assert.Equal(-1, b.Balance);
                b.Send(3);
                Assert.Equal(caseB, fired);
                Assert.Equal(new[] { Scheduler.Main, again }, Scheduler.Tasklets);
                a.Send(4);
                Assert.False(again.IsAlive);
                Assert.Equal(0, Scheduler.CollectedWhileBlocked);
            });
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference[] ParkSevenOnFreshChannels()
        {
            var ch = new Channel<int>();
            Tasklet a = Spawn(new ReceiveStep(ch));
            Tasklet b = Spawn(new ReceiveStep(ch));
            var sent = new Channel<int>();
            Tasklet c = Spawn(new SendStep(sent, 1));
            Tasklet d = Spawn(new SendStep(sent, 2));
            Tasklet paused = Spawn(new ScheduleRemoveStep());
            var x = new Channel<int>();
            var y = new Channel<int>();
            var select = new Select();
            select.Receive(x);
            select.Receive(y);
            Tasklet selecting = Spawn(new SelectStep(select));
            var u = new Channel<int>();
            var v = new Channel<int>();
            var sending = new Select();
            sending.Send(u, 3);
            sending.Receive(v);
            Tasklet selectingToSend = Spawn(new SelectStep(sending));
            Scheduler.Run();
            Assert.Equal(-2, ch.Balance);
            Assert.Equal(2, sent.Balance);
            Assert.Equal(1, u.Balance);
            Assert.Equal(9, Scheduler.Tasklets.Count); // main, the kept receiver, and these seven
            return new[]
            {
                new WeakReference(a), new WeakReference(b), new WeakReference(c), new WeakReference(d),
                new WeakReference(paused), new WeakReference(selecting), new WeakReference(selectingToSend),
            };
        }

        [Fact]
        public void Dump_WritesEachTasklet_ItsWait_AndItsFrames_GoStyle()
        {
            Isolated.Run(() =>
            {
                Scheduler.VirtualTime = true;
                TimeSpan start = Scheduler.Now;
                var ch = new Channel<int>();
                Tasklet outer = TaskletFrame.Spawn(new OuterFrame(ch));
                outer.Name = "outer";
                Tasklet sleeper = Spawn(new SleepStep(TimeSpan.FromSeconds(2)));
                Tasklet runnable = Spawn(new ScheduleStep(), new ScheduleStep(), new ScheduleStep());
                Scheduler.Schedule();
                Scheduler.Schedule();
                var w = new StringWriter();
                Scheduler.Dump(w);
                string[] lines = w.ToString().Split(Environment.NewLine);
                Assert.StartsWith("Stackless scheduler of thread ", lines[0]);
                Assert.Contains(": 4 tasklets, clock ", lines[0]);
                Assert.Contains("main tasklet [running]", lines);
                int o = Array.FindIndex(lines, l => l.StartsWith($"tasklet #{outer.Id} \"outer\" [Receive on Channel<Int32> #", StringComparison.Ordinal));
                Assert.True(o > 0, w.ToString());
                Assert.EndsWith("]:", lines[o]);
                Assert.Equal(new[] { "Demo.Inner", "\tDemo.cs:23", "Demo.Outer", "\tDemo.cs:12", "" }, lines[(o + 1)..(o + 6)]);
                Assert.Contains($"tasklet #{sleeper.Id} [Sleep until {start + TimeSpan.FromSeconds(2)}]:", lines);
                Assert.Contains($"tasklet #{runnable.Id} [runnable]:", lines);
                Assert.Equal("collected while blocked: 0 tasklets (parked where nothing could wake them: a channel nobody could reach, paused, or asleep forever)", lines[^2]);
                ch.Send(1);
                Scheduler.Run();
            });
        }

        [Fact]
        public void Dump_OfAnotherThreadsScheduler_Throws_AndNullWriterIsRefused()
        {
            Isolated.Run(() =>
            {
                Assert.Throws<ArgumentNullException>(() => Scheduler.Dump(null!));
                Tasklet t = Spawn(new ReceiveStep(new Channel<int>()));
                Scheduler.Run();
                object schedulerView = DebugView(DebugView(t).GetType().GetProperty("Scheduler")!.GetValue(DebugView(t))!);
                var dump = (string)schedulerView.GetType().GetProperty("Dump")!.GetValue(schedulerView)!;
                Assert.StartsWith("Stackless scheduler of thread", dump);
                Isolated.Run(() =>
                {
                    // As a debugger on another thread sees it: the rule's InvalidOperationException, as text.
                    var there = (string)schedulerView.GetType().GetProperty("Dump")!.GetValue(schedulerView)!;
                    Assert.StartsWith("Scheduler.Dump reads the scheduler of thread ", there);
                    Assert.Contains("must be called on that thread", there);
                });
                t.Kill();
            });
        }

        [Fact]
        public void Deadlock_SaysWhatMainWaitsOn_AndListsTheBlockedTasklets_WithTheirInnermostFrames()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var other = new Channel<string>();
                Tasklet outer = TaskletFrame.Spawn(new OuterFrame(ch));
                outer.Name = "outer";
                Scheduler.Run();
                var e = Assert.Throws<DeadlockException>(() => other.Receive());
                Assert.StartsWith("Deadlock: the main tasklet would block on a Receive on Channel<String> #", e.Message);
                Assert.Contains("Blocked tasklets (1):", e.Message);
                Assert.Contains($"tasklet #{outer.Id} \"outer\" [Receive on Channel<Int32> #", e.Message);
                Assert.EndsWith("] in Demo.Inner (Demo.cs:23)", e.Message);
                Assert.Equal(0, other.Balance); // the channel is left as it was

                // Main blocked while the last other tasklet blocks: main's operation says what it waited on.
                var last = new Channel<int>();
                Spawn(new ReceiveStep(last));
                var e2 = Assert.Throws<DeadlockException>(() => other.Send("x"));
                Assert.Contains("Blocked tasklets (2):", e2.Message);
                outer.Kill();
            });
        }

        [Fact]
        public void Deadlock_WhenTheLastRunnableBlocks_NamesMainsChannelWait()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                var never = new Channel<int>();
                Spawn(new ScheduleStep(), new ReceiveStep(never));
                var e = Assert.Throws<DeadlockException>(() => ch.Receive());
                Assert.Contains("blocked on a channel (Receive on Channel<Int32> #", e.Message);
                Assert.Contains("Blocked tasklets (1):", e.Message);
                Assert.Equal(0, ch.Balance);
            });
        }

        [Fact]
        public void DebuggerViews_ShowTheWaitTheFramesAndTheWaiters()
        {
            Isolated.Run(() =>
            {
                var ch = new Channel<int>();
                Tasklet outer = TaskletFrame.Spawn(new OuterFrame(ch));
                Tasklet second = TaskletFrame.Spawn(new SumFrame(ch));
                Scheduler.Run();
                Assert.Equal("{ToString(),nq}", Display(typeof(Tasklet)));
                object view = DebugView(outer);
                Assert.Equal(TaskletWaitKind.Receive, ((TaskletWait)Get(view, "WaitingOn")!).Kind);
                Assert.Equal(outer.Frames, (TaskletFrameInfo[])Get(view, "Frames")!);

                object channelView = DebugView(ch);
                Assert.Equal(-2, Get(channelView, "Balance"));
                // Outer's Inner yields once before it receives, so Sum queued first.
                Assert.Equal(new Tasklet[] { second, outer }, (Tasklet[])Get(channelView, "Waiters")!);
                string display = (string)ch.GetType().GetProperty("DebuggerDisplay", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(ch)!;
                Assert.Equal("Channel<Int32> balance -2 (2 receivers waiting)", display);

                object schedulerView = DebugView(Get(view, "Scheduler")!);
                Assert.Equal(new Tasklet[] { Scheduler.Main, outer, second }, (Tasklet[])Get(schedulerView, "Tasklets")!);
                outer.Kill();
                second.Kill();
            });
        }

        private static string? Display(Type t) => t.GetCustomAttributes(typeof(DebuggerDisplayAttribute), false).Cast<DebuggerDisplayAttribute>().Single().Value;

        /// <summary>Builds the debugger's view of <paramref name="o"/> as a debugger does: from its [DebuggerTypeProxy].</summary>
        private static object DebugView(object o)
        {
            for (Type? t = o.GetType(); t != null; t = t.BaseType)
            {
                var proxy = t.GetCustomAttributes(typeof(DebuggerTypeProxyAttribute), false).Cast<DebuggerTypeProxyAttribute>().SingleOrDefault();
                if (proxy != null)
                    return Activator.CreateInstance(Type.GetType(proxy.ProxyTypeName, true)!, o)!;
            }
            throw new InvalidOperationException("no debugger type proxy on " + o.GetType());
        }

        private static object? Get(object o, string property) => o.GetType().GetProperty(property)!.GetValue(o);
    }
}
