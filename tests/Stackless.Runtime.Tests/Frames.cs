using System.Collections.Generic;
using Stackless;
using Stackless.CompilerServices;

namespace Stackless.Runtime.Tests
{
    // Hand-written frames in exactly the shape the generator emits (see TaskletFrame's remarks).
    // ProduceFrame and SumFrame keep the End… overloads without the frame (older generated code, hand-written frames):
    // they must keep working; ScriptFrame and the frames in MoreFrames.cs use the frame-taking ones the generator emits.

    /// <summary>[Tasklet] static void Produce(Channel&lt;int&gt; output, int count) { for (int i = 0; i &lt; count; i++) output.Send(i); output.Close(); }</summary>
    internal sealed class ProduceFrame : TaskletFrame
    {
        private readonly Channel<int> output;
        private readonly int count;
        private int i;

        public ProduceFrame(Channel<int> output, int count)
        {
            this.output = output;
            this.count = count;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            // resume point 1: output.Send(i);
            State = 1;
            if (output.BeginSend(this, i)) return;
        Resume1:
            output.EndSend();
            i++;
            goto Loop;
        Break:
            output.Close();
            Return();
        }
    }

    /// <summary>[Tasklet] static int Sum(Channel&lt;int&gt; input) { int total = 0; foreach (int x in input) total += x; return total; }</summary>
    internal sealed class SumFrame : TaskletFrame<int>
    {
        private readonly Channel<int> input;
        private int total;
        private int x;

        public SumFrame(Channel<int> input) => this.input = input;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            total = 0;
        Loop:
            // resume point 1: foreach (int x in input)
            State = 1;
            if (input.BeginReceive(this)) return;
        Resume1:
            if (!input.EndReceiveNext(out x)) goto Break;
            total += x;
            goto Loop;
        Break:
            Return(total);
        }
    }

    /// <summary>[Tasklet] static long Depth(int n) => n == 0 ? 0 : Depth(n - 1) + 1;</summary>
    internal sealed class DepthFrame : TaskletFrame<long>
    {
        private readonly int n;
        private DepthFrame? call1;

        public DepthFrame(int n) => this.n = n;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            if (n == 0)
            {
                Return(0);
                return;
            }
            // resume point 1: Depth(n - 1)
            State = 1;
            call1 = new DepthFrame(n - 1);
            Call(call1);
            return;
        Resume1:
            long r = call1!.GetResult();
            call1 = null;
            Return(r + 1);
        }
    }

    /// <summary>A tasklet built from a list of steps, for scripting scheduler scenarios in tests.</summary>
    /// <remarks>
    /// Each step is an operation that may suspend (Send, Receive, Schedule, ...), and every outcome is logged.
    /// It is written as the generator writes frames: one resume point per step.
    /// </remarks>
    internal sealed class ScriptFrame : TaskletFrame
    {
        private readonly string name;
        private readonly List<string> log;
        private readonly IReadOnlyList<Step> steps;
        private int index;

        public ScriptFrame(string name, List<string> log, params Step[] steps)
        {
            this.name = name;
            this.log = log;
            this.steps = steps;
        }

        protected override void MoveNext()
        {
            try
            {
                if (State != 0)
                {
                    // resume point: finish the step that suspended
                    steps[index].End(this);
                    index++;
                }
                while (index < steps.Count)
                {
                    State = (short)(index + 1);
                    if (steps[index].Begin(this)) return;
                    steps[index].End(this);
                    index++;
                }
                log.Add($"{name} done");
                Return();
            }
            catch (System.Exception ex) when (Log(ex))
            {
                throw;
            }
        }

        private bool Log(System.Exception ex)
        {
            log.Add($"{name} {ex.GetType().Name}");
            return false;
        }

        public void Write(string text) => log.Add($"{name} {text}");

        public abstract class Step
        {
            public abstract bool Begin(ScriptFrame f);
            public abstract void End(ScriptFrame f);
        }

        public sealed class SendStep(Channel<int> ch, int value) : Step
        {
            public override bool Begin(ScriptFrame f) { f.Write($"send {value}"); return ch.BeginSend(f, value); }
            public override void End(ScriptFrame f) { ch.EndSend(f); f.Write($"sent {value}"); }
        }

        public sealed class ReceiveStep(Channel<int> ch) : Step
        {
            public override bool Begin(ScriptFrame f) { f.Write("recv"); return ch.BeginReceive(f); }
            public override void End(ScriptFrame f) => f.Write($"got {ch.EndReceive(f)}");
        }

        public sealed class ScheduleStep : Step
        {
            public override bool Begin(ScriptFrame f) { f.Write("schedule"); return Scheduler.BeginSchedule(f); }
            public override void End(ScriptFrame f) { Scheduler.EndSwitch(f); f.Write("resumed"); }
        }

        public sealed class ScheduleRemoveStep : Step
        {
            public override bool Begin(ScriptFrame f) { f.Write("pause"); return Scheduler.BeginScheduleRemove(f); }
            public override void End(ScriptFrame f) { Scheduler.EndSwitch(f); f.Write("unpaused"); }
        }

        public sealed class ActionStep(System.Action<ScriptFrame> action) : Step
        {
            public override bool Begin(ScriptFrame f) { action(f); return false; }
            public override void End(ScriptFrame f) { }
        }
    }
}
