using System;
using Stackless;
using Stackless.CompilerServices;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// [Tasklet] static int Outer(Channel&lt;int&gt; ch) { /* line 10 */ return Inner(ch) + 1; /* line 12 */ } with the table a
    /// generator emits for it: the method's line at state 0, the call's line at resume state 1.
    /// </summary>
    internal sealed class OuterFrame : TaskletFrame<int>
    {
        private static readonly FrameLocationTable s_locations = new FrameLocationTable("Demo.Outer", "Demo.cs", new[] { 10, 12 });
        private readonly Channel<int> ch;
        private TaskletFrame<int>? call1;

        public OuterFrame(Channel<int> ch) => this.ch = ch;

        protected override FrameLocationTable? FrameLocations => s_locations;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            State = 1;
            call1 = new InnerFrame(ch);
            Call(call1);
            return;
        Resume1:
            State = -1;
            int r = TaskletFrame.TakeResult(ref call1!);
            Return(r + 1);
        }
    }

    /// <summary>[Tasklet] static int Inner(Channel&lt;int&gt; ch) { /* line 20 */ Scheduler.Schedule(); /* line 22 */ return ch.Receive(); /* line 23 */ }</summary>
    internal sealed class InnerFrame : TaskletFrame<int>
    {
        private static readonly FrameLocationTable s_locations = new FrameLocationTable("Demo.Inner", "Demo.cs", new[] { 20, 22, 23 });
        private readonly Channel<int> ch;

        public InnerFrame(Channel<int> ch) => this.ch = ch;

        protected override FrameLocationTable? FrameLocations => s_locations;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
            State = 1;
            if (Scheduler.BeginSchedule(this)) return;
        Resume1:
            Scheduler.EndSwitch(this);
            State = 2;
            if (ch.BeginReceive(this)) return;
        Resume2:
            State = -1;
            Return(ch.EndReceive(this));
        }
    }

    /// <summary>A class holding a frame named as the generator names them (<c>__M_Frame</c>), with no table.</summary>
    internal static partial class Pipeline
    {
        /// <summary>[Tasklet] static void Drain(Channel&lt;int&gt; ch) { ch.Receive(); }</summary>
        internal sealed class __Drain_Frame : TaskletFrame
        {
            private readonly Channel<int> ch;

            public __Drain_Frame(Channel<int> ch) => this.ch = ch;

            protected override void MoveNext()
            {
                switch (State)
                {
                    case 1: goto Resume1;
                }
                State = 1;
                if (ch.BeginReceive(this)) return;
            Resume1:
                ch.EndReceive(this);
                Return();
            }
        }
    }

    /// <summary>A <see cref="ScriptFrame"/> step: <c>ch.TryReceive(out x, timeout)</c>.</summary>
    internal sealed class TryReceiveStep(Channel<int> ch, TimeSpan timeout) : ScriptFrame.Step
    {
        public override bool Begin(ScriptFrame f) { f.Write("try receive"); return ch.BeginTryReceive(f, timeout); }
        public override void End(ScriptFrame f) => f.Write(ch.EndTryReceive(f, out int v) ? $"got {v}" : "timed out");
    }
}
