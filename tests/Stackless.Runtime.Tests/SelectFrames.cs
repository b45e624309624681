using System;
using Stackless;
using Stackless.CompilerServices;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// [Tasklet] void Loop(int times) { for (int i = 0; i &lt; times; i++) { begin(i) … end(i); } } where begin/end are one
    /// suspension point (a Begin…/End… pair), hand-written in the generator's shape: the select tests' workhorse.
    /// </summary>
    internal sealed class LoopFrame : TaskletFrame
    {
        private readonly int times;
        private readonly Func<LoopFrame, int, bool> begin;
        private readonly Action<LoopFrame, int> end;
        private int i;

        public LoopFrame(int times, Func<LoopFrame, int, bool> begin, Action<LoopFrame, int> end)
        {
            this.times = times;
            this.begin = begin;
            this.end = end;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            i = 0;
        Loop:
            if (i >= times) goto Done;
            State = 1;
            if (begin(this, i)) return;
        Resume1:
            end(this, i);
            i++;
            goto Loop;
        Done:
            Return();
        }
    }

    /// <summary>One select wait as a step of a <see cref="ScriptFrame"/>: logs "fired N" and hands the index on.</summary>
    internal sealed class SelectStep(Select select, Action<ScriptFrame, int>? then = null) : ScriptFrame.Step
    {
        public override bool Begin(ScriptFrame f) { f.Write("select"); return select.BeginWait(f); }

        public override void End(ScriptFrame f)
        {
            int fired = select.EndWait(f);
            f.Write($"fired {fired}");
            then?.Invoke(f, fired);
        }
    }
}

namespace Stackless.Runtime.Tests
{
    /// <summary>[Tasklet] void While() { while (condition()) { begin … end } }: one suspension point per round, as the generator emits it.</summary>
    internal sealed class WhileFrame : TaskletFrame
    {
        private readonly System.Func<bool> condition;
        private readonly System.Func<WhileFrame, bool> begin;
        private readonly System.Action<WhileFrame> end;

        public WhileFrame(System.Func<bool> condition, System.Func<WhileFrame, bool> begin, System.Action<WhileFrame> end)
        {
            this.condition = condition;
            this.begin = begin;
            this.end = end;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
        Loop:
            if (!condition()) goto Done;
            State = 1;
            if (begin(this)) return;
        Resume1:
            end(this);
            goto Loop;
        Done:
            Return();
        }
    }
}
