using System;
using System.Collections.Generic;
using Stackless;
using Stackless.CompilerServices;
using Xunit;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// The frame contract's <c>MayHandleAt</c>: the scheduler asks a caller whose callee failed whether the exception,
    /// rethrown at the call's resume point, could reach a handler of its MoveNext; a caller that says no fails with it
    /// unresumed. The default answers from the IL (any handler at all: yes).
    /// </summary>
    public class MayHandleAtTests
    {
        /// <summary>
        /// <c>Level(n)</c>: a try/finally (so its MoveNext has a handler), then a call of <c>Level(n - 1)</c> outside it,
        /// at resume point 2; <c>Level(0)</c> throws. It logs when it resumes after its call, which a generated frame
        /// never does before the callee's exception is rethrown: here it shows whether the scheduler resumed it.
        /// </summary>
        private sealed class LevelFrame : TaskletFrame<long>
        {
            private readonly int n;
            private readonly List<string> log;
            private readonly bool answersByResumePoint;
            private TaskletFrame<long> call2 = null!;

            public LevelFrame(int n, List<string> log, bool answersByResumePoint)
            {
                this.n = n;
                this.log = log;
                this.answersByResumePoint = answersByResumePoint;
            }

            protected override void MoveNext()
            {
                switch (State)
                {
                    case 2: goto Resume2;
                }
                if (n == 0) throw new InvalidOperationException("bottom");
                try { log.Add("enter " + n); }
                finally { log.Add("left the try " + n); }
                // resume point 2: Level(n - 1), outside the try
                State = 2;
                call2 = new LevelFrame(n - 1, log, answersByResumePoint);
                Call(call2);
                return;
            Resume2:
                State = -1;
                log.Add("resumed " + n);
                Return(TaskletFrame.TakeResult(ref call2) + 1);
            }

            // Resume point 1 would be inside the try (this frame has none there): only 2 is outside.
            protected override bool MayHandleAt(short resumePoint) => answersByResumePoint ? resumePoint == 1 : base.MayHandleAt(resumePoint);
        }

        private static (string Error, List<string> Log) Run(bool answersByResumePoint)
        {
            var log = new List<string>();
            string error = "";
            Isolated.Run(() =>
            {
                Tasklet<long> t = TaskletFrame.Spawn(new LevelFrame(3, log, answersByResumePoint));
                try { Scheduler.Run(); }
                catch (InvalidOperationException e) { error = e.Message + (e.StackTrace!.Contains("LevelFrame") ? " from LevelFrame" : ""); }
                Assert.False(t.IsAlive);
            });
            log.RemoveAll(s => !s.StartsWith("resumed", StringComparison.Ordinal));
            return (error, log);
        }

        [Fact]
        public void ACallerWhoseCallIsOutsideEveryTry_FailsUnresumed()
        {
            (string error, List<string> resumed) = Run(answersByResumePoint: true);
            Assert.Equal("bottom from LevelFrame", error);
            Assert.Empty(resumed);
        }

        [Fact]
        public void TheDefault_AFrameWithAHandlerAnywhere_IsResumedToRethrow()
        {
            (string error, List<string> resumed) = Run(answersByResumePoint: false);
            Assert.Equal("bottom from LevelFrame", error);
            Assert.Equal(new[] { "resumed 1", "resumed 2", "resumed 3" }, resumed);
        }
    }
}
