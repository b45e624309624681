using System;
using System.Collections.Generic;
using Stackless;
using Stackless.CompilerServices;
using Xunit;
using static Stackless.Runtime.Tests.ScriptFrame;

namespace Stackless.Runtime.Tests
{
    public class KillAndThrowTests
    {
        [Fact]
        public void KillBlocked_NotPending_RunsFinallyAtOnce_AndLeavesTheChannel()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                Tasklet t = TaskletFrame.Spawn(new GuardedReceiveFrame(ch, log));
                Scheduler.Run();
                Assert.True(t.IsBlocked);
                Assert.Equal(-1, ch.Balance);
                t.Kill();
                Assert.Equal(new[] { "start", "finally" }, log); // ran at once; "end" never reached
                Assert.False(t.IsAlive);
                Assert.False(t.IsBlocked);
                Assert.Equal(0, ch.Balance);
                Assert.Null(ch.Queue);
            });
        }

        [Fact]
        public void KillBlocked_Pending_DiesWhenItNextRuns()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                Tasklet t = TaskletFrame.Spawn(new GuardedReceiveFrame(ch, log));
                Scheduler.Run();
                t.Kill(pending: true);
                Assert.Equal(new[] { "start" }, log);
                Assert.True(t.IsAlive);
                Assert.False(t.IsBlocked);
                Assert.True(t.IsScheduled);
                Assert.Equal(0, ch.Balance);
                Scheduler.Run();
                Assert.Equal(new[] { "start", "finally" }, log);
                Assert.False(t.IsAlive);
            });
        }

        [Fact]
        public void KillRunnable_NotPending_RaisesAtItsSuspensionPoint()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                Tasklet t = TaskletFrame.Spawn(new ScriptFrame("A", log, new ScheduleStep(), new ActionStep(f => f.Write("after"))));
                Scheduler.Schedule(); // A runs until its Schedule(); it is runnable, not blocked
                Assert.True(t.IsScheduled && !t.IsBlocked);
                t.Kill();
                Assert.Equal(new[] { "A schedule", "A TaskletExit" }, log);
                Assert.False(t.IsAlive);
            });
        }

        [Fact]
        public void KillRunning_ATaskletKillingItself_RunsItsFinallyAndEndsSilently()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                bool errorSeen = false;
                Scheduler.ErrorHandler = (_, _) => errorSeen = true;
                Tasklet t = TaskletFrame.Spawn(new ActionFrame(() =>
                {
                    try
                    {
                        log.Add("before");
                        Scheduler.Current.BeginKill();
                        log.Add("not reached");
                    }
                    finally
                    {
                        log.Add("finally");
                    }
                }));
                Scheduler.Run();
                Assert.Equal(new[] { "before", "finally" }, log);
                Assert.False(t.IsAlive);
                Assert.False(errorSeen);
            });
        }

        [Fact]
        public void KillNeverStarted_EndsWithoutRunningItsBody()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                Tasklet t = TaskletFrame.Spawn(new GuardedReceiveFrame(new Channel<int>(), log));
                t.Kill();
                Assert.False(t.IsAlive);
                Assert.False(t.IsScheduled);
                Scheduler.Run();
                Assert.Empty(log);

                Tasklet<int> p = TaskletFrame.Spawn(new SumFrame(new Channel<int>()));
                p.Kill(pending: true);
                Assert.False(p.IsAlive);
                var ex = Assert.Throws<InvalidOperationException>(() => p.Result);
                Assert.IsType<TaskletExit>(ex.InnerException);
            });
        }

        [Fact]
        public void KillDead_DoesNothing_ThrowAtDeadIsRefused()
        {
            Isolated.Run(() =>
            {
                Tasklet t = TaskletFrame.Spawn(new ActionFrame(() => { }));
                Scheduler.Run();
                Assert.False(t.IsAlive);
                t.Kill();
                t.Kill(pending: true);
                var ex = Assert.Throws<InvalidOperationException>(() => t.Throw(new FormatException()));
                Assert.Contains("not alive", ex.Message);
            });
        }

        [Fact]
        public void Throw_RaisesTheExceptionAtTheSuspensionPoint()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                Tasklet t = TaskletFrame.Spawn(new GuardedReceiveFrame(ch, log));
                Scheduler.Run();
                t.Throw(new InvalidTimeZoneException("boom"));
                Assert.Equal(new[] { "start", "caught", "finally", "end" }, log);
                Assert.False(t.IsAlive);
                Assert.Equal(0, ch.Balance);
            });
        }

        [Fact]
        public void Throw_UncaughtInTheTasklet_ReachesMain()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                Tasklet t = TaskletFrame.Spawn(new GuardedReceiveFrame(ch, log));
                Scheduler.Run();
                var thrown = new FormatException("not caught there");
                var seen = Assert.Throws<FormatException>(() => t.Throw(thrown));
                Assert.Same(thrown, seen);
                Assert.Equal(new[] { "start", "finally" }, log);
            });
        }

        [Fact]
        public void ThrowPending_RaisesWhenTheTaskletNextRuns()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                Tasklet t = TaskletFrame.Spawn(new GuardedReceiveFrame(ch, log));
                Scheduler.Run();
                t.Throw(new InvalidTimeZoneException(), pending: true);
                Assert.Equal(new[] { "start" }, log);
                Scheduler.Run();
                Assert.Equal(new[] { "start", "caught", "finally", "end" }, log);
            });
        }

        [Fact]
        public void KillSeveralFramesDeep_RunsEveryFinallyInnermostFirst()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var park = new Channel<int>();
                Tasklet<int> t = TaskletFrame.Spawn(new NestedThrowFrame(3, log, park));
                Scheduler.Run();
                Assert.True(t.IsBlocked);
                t.Kill();
                Assert.Equal(new[] { "finally 0", "finally 1", "finally 2", "finally 3" }, log);
                Assert.False(t.IsAlive);
            });
        }

        [Fact]
        public void NestedFrameException_IsRethrownInTheCallerWithItsOriginalStackTrace()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                Tasklet<int> t = TaskletFrame.Spawn(new NestedThrowFrame(3, log));
                var ex = Assert.Throws<FormatException>(() => Scheduler.Run());
                Assert.Equal("deep", ex.Message);
                Assert.Equal(new[] { "finally 0", "finally 1", "finally 2", "finally 3" }, log);
                // The trace still shows where it was thrown, in the innermost frame.
                Assert.Contains(nameof(NestedThrowFrame), ex.StackTrace);
                Assert.Same(ex, Assert.Throws<FormatException>(() => t.Result));
            });
        }

        [Fact]
        public void KillFromATaskletFrame_SwitchesToTheVictimAndComesBack()
        {
            Isolated.Run(() =>
            {
                var log = new List<string>();
                var ch = new Channel<int>();
                Tasklet victim = TaskletFrame.Spawn(new GuardedReceiveFrame(ch, log));
                Scheduler.Run();
                TaskletFrame.Spawn(new KillerFrame(victim, log));
                Scheduler.Run();
                Assert.Equal(new[] { "start", "killing", "finally", "killed" }, log);
            });
        }

        private sealed class KillerFrame(Tasklet victim, List<string> log) : TaskletFrame
        {
            protected override void MoveNext()
            {
                switch (State) { case 1: goto Resume1; }
                log.Add("killing");
                State = 1;
                if (victim.BeginKill()) return;
            Resume1:
                Scheduler.EndSwitch(this);
                log.Add("killed");
                Return();
            }
        }

        [Fact]
        public void KillNotPending_FromOrdinaryCodeInsideATasklet_IsRefusedWithAHint()
        {
            Isolated.Run(() =>
            {
                Exception? seen = null;
                Scheduler.ErrorHandler = (_, ex) => seen = ex;
                Tasklet victim = TaskletFrame.Spawn(new GuardedReceiveFrame(new Channel<int>(), new List<string>()));
                Scheduler.Run();
                TaskletFrame.Spawn(new ActionFrame(() => victim.Kill()));
                Scheduler.Run();
                Assert.IsType<InvalidOperationException>(seen);
                Assert.Contains("[Tasklet]", seen!.Message);
                Assert.Contains("pending: true", seen.Message);
                Assert.True(victim.IsAlive);
            });
        }
    }
}
