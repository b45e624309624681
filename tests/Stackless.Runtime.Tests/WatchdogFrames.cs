using System;
using System.Collections.Generic;
using Stackless;
using Stackless.CompilerServices;

namespace Stackless.Runtime.Tests
{
    /// <summary>What <see cref="CheckedLoopFrame"/> does after its body, in iteration i.</summary>
    internal enum CheckedLoopOp { Continue, Schedule, Send, Sleep }

    /// <summary>
    /// <code>
    /// [Tasklet] void Loop(long n, Func&lt;long, CheckedLoopOp&gt; body, Channel&lt;int&gt;? ch, List&lt;string&gt;? log)
    /// {
    ///     try
    ///     {
    ///         for (long i = 0; i &lt; n; i++)
    ///         {
    ///             CheckedLoopOp op = body(i);
    ///             if (op == CheckedLoopOp.Schedule) Scheduler.Schedule();
    ///             else if (op == CheckedLoopOp.Send) ch.Send((int)i);
    ///         }
    ///     }
    ///     catch (TaskletExit) { log?.Add("exit"); throw; }
    /// }
    /// </code>
    /// written as the generator writes it with step checks: one at the entry (resume point 1) and one at the loop's
    /// back-edge (resume point 2), each its own resume point, where EndBudgetCheck runs before anything else.
    /// </summary>
    internal sealed class CheckedLoopFrame : TaskletFrame
    {
        private readonly long n;
        private readonly Func<long, CheckedLoopOp> body;
        private readonly Channel<int>? ch;
        private readonly List<string>? log;
        private long i;
        private CheckedLoopOp op;

        public CheckedLoopFrame(long n, Func<long, CheckedLoopOp> body, Channel<int>? ch = null, List<string>? log = null)
        {
            this.n = n;
            this.body = body;
            this.ch = ch;
            this.log = log;
        }

        protected override void MoveNext()
        {
            try
            {
                switch (State)
                {
                    case 1: EndBudgetCheck(); goto Resume1;
                    case 2: EndBudgetCheck(); goto Resume2;
                    case 3: goto Resume3;
                    case 4: goto Resume4;
                    case 5: goto Resume5;
                }
                if (BudgetCheck(1)) return; // entry
            Resume1:
                i = 0;
            Loop:
                if (!(i < n)) goto Break;
                op = body(i);
                if (op != CheckedLoopOp.Schedule) goto NotSchedule;
                State = 3;
                if (Scheduler.BeginSchedule(this)) return;
            Resume3:
                Scheduler.EndSwitch(this);
                goto Next;
            NotSchedule:
                if (op != CheckedLoopOp.Sleep) goto NotSleep;
                State = 5;
                if (Scheduler.BeginSleep(this, TimeSpan.FromMilliseconds(1))) return;
            Resume5:
                Scheduler.EndSleep(this);
                goto Next;
            NotSleep:
                if (op != CheckedLoopOp.Send) goto Next;
                State = 4;
                if (ch!.BeginSend(this, (int)i)) return;
            Resume4:
                ch!.EndSend(this);
            Next:
                i++;
                if (BudgetCheck(2)) return; // back-edge
            Resume2:
                goto Loop;
            Break:
                Return();
            }
            catch (TaskletExit)
            {
                log?.Add("exit");
                throw;
            }
        }
    }

    /// <summary>
    /// [Tasklet] static void Recurse(int count, int[] entered) { entered[0]++; if (count == 0) Scheduler.Schedule(); else Recurse(count - 1, entered); }
    /// with its entry check (resume point 1).
    /// </summary>
    internal sealed class RecurseFrame : TaskletFrame
    {
        private readonly int count;
        private readonly int[] entered;
        private TaskletFrame? call3;

        public RecurseFrame(int count, int[] entered)
        {
            this.count = count;
            this.entered = entered;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: EndBudgetCheck(); goto Resume1;
                case 2: goto Resume2;
                case 3: goto Resume3;
            }
            if (BudgetCheck(1)) return;
        Resume1:
            entered[0]++;
            if (count != 0) goto Deeper;
            State = 2;
            if (Scheduler.BeginSchedule(this)) return;
        Resume2:
            Scheduler.EndSwitch(this);
            Return();
            return;
        Deeper:
            call3 = new RecurseFrame(count - 1, entered);
            State = 3;
            Call(call3);
            return;
        Resume3:
            TakeResult(ref call3!);
            Return();
        }
    }

    /// <summary>[Tasklet] static void Levels(int[] levels, int[] entered) { foreach (int l in levels) Recurse(l, entered); } (Stackless's runtask5), with its entry check.</summary>
    internal sealed class LevelsFrame : TaskletFrame
    {
        private readonly int[] levels;
        private readonly int[] entered;
        private int k;
        private TaskletFrame? call2;

        public LevelsFrame(int[] levels, int[] entered)
        {
            this.levels = levels;
            this.entered = entered;
        }

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: EndBudgetCheck(); goto Resume1;
                case 2: goto Resume2;
                case 3: EndBudgetCheck(); goto Resume3;
            }
            if (BudgetCheck(1)) return;
        Resume1:
            k = 0;
        Loop:
            if (!(k < levels.Length)) goto Break;
            call2 = new RecurseFrame(levels[k], entered);
            State = 2;
            Call(call2);
            return;
        Resume2:
            TakeResult(ref call2!);
            k++;
            if (BudgetCheck(3)) return;
        Resume3:
            goto Loop;
        Break:
            Return();
        }
    }
}
