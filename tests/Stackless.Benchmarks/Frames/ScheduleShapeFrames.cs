using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    // Shapes of the step checks in the generated Schedule() loop (BenchmarkTasklets.ScheduleLoop), written out as the
    // generator writes them, to compare their IL size (the JIT inlines a PGO-hot MoveNext into Pump's call only up to
    // ~128 IL bytes) and their speed, each in a process of its own (--watchdog --schedule-shape NAME).

    /// <summary>Session 4's shape: the check, a goto past its resume block, and the resume block (State = -1; EndBudgetCheck()).</summary>
    internal sealed class ScheduleLoopResumeBlockFrame : TaskletFrame
    {
        private readonly int count;
        private int i;

        public ScheduleLoopResumeBlockFrame(int count) => this.count = count;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
                case 3: goto Resume3;
            }
            if (BudgetCheck(3)) return;
            goto Entered;
        Resume3:
            State = -1;
            EndBudgetCheck();
        Entered:
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            if (Scheduler.BeginSchedule(this)) { State = 1; return; }
        Resume1:
            State = -1; Scheduler.EndSwitch(this);
            i++;
            if (BudgetCheck(2)) return;
            goto Loop;
        Resume2:
            State = -1;
            EndBudgetCheck();
            goto Loop;
        Break:
            Return();
        }
    }

    /// <summary>The check re-entrant: its resume label is the check itself (the runtime forces the slow path there).</summary>
    internal sealed class ScheduleLoopReentrantFrame : TaskletFrame
    {
        private readonly int count;
        private int i;

        public ScheduleLoopReentrantFrame(int count) => this.count = count;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
                case 3: goto Resume3;
            }
        Resume3:
            if (BudgetCheck(3)) return;
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            if (Scheduler.BeginSchedule(this)) { State = 1; return; }
        Resume1:
            State = -1; Scheduler.EndSwitch(this);
            i++;
        Resume2:
            if (BudgetCheck(2)) return;
            goto Loop;
        Break:
            Return();
        }
    }

    /// <summary>The resume path in the dispatch case (EndBudgetCheck setting State = -1 itself); the fast path falls through.</summary>
    internal sealed class ScheduleLoopResumeInCaseFrame : TaskletFrame
    {
        private readonly int count;
        private int i;

        public ScheduleLoopResumeInCaseFrame(int count) => this.count = count;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: EndBudgetCheck(); goto Loop;
                case 3: EndBudgetCheck(); goto Entered;
            }
            if (BudgetCheck(3)) return;
        Entered:
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            if (Scheduler.BeginSchedule(this)) { State = 1; return; }
        Resume1:
            State = -1; Scheduler.EndSwitch(this);
            i++;
            if (BudgetCheck(2)) return;
            goto Loop;
        Break:
            Return();
        }
    }

    /// <summary>No checks (the generated shape of [Tasklet(Preemptible = false)], and of every method before session 4).</summary>
    internal sealed class ScheduleLoopUncheckedFrame : TaskletFrame
    {
        private readonly int count;
        private int i;

        public ScheduleLoopUncheckedFrame(int count) => this.count = count;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
            }
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            if (Scheduler.BeginSchedule(this)) { State = 1; return; }
        Resume1:
            State = -1; Scheduler.EndSwitch(this);
            i++;
            goto Loop;
        Break:
            Return();
        }
    }

    /// <summary>Re-entrant, the back-edge check only (the entry check elsewhere).</summary>
    internal sealed class ScheduleLoopBackEdgeOnlyFrame : TaskletFrame
    {
        private readonly int count;
        private int i;

        public ScheduleLoopBackEdgeOnlyFrame(int count) => this.count = count;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            if (Scheduler.BeginSchedule(this)) { State = 1; return; }
        Resume1:
            State = -1; Scheduler.EndSwitch(this);
            i++;
        Resume2:
            if (BudgetCheck(2)) return;
            goto Loop;
        Break:
            Return();
        }
    }

    /// <summary>Session 4's resume block, the back-edge check only (the entry check elsewhere).</summary>
    internal sealed class ScheduleLoopBackEdgeBlockFrame : TaskletFrame
    {
        private readonly int count;
        private int i;

        public ScheduleLoopBackEdgeBlockFrame(int count) => this.count = count;

        protected override void MoveNext()
        {
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
            }
            i = 0;
        Loop:
            if (!(i < count)) goto Break;
            if (Scheduler.BeginSchedule(this)) { State = 1; return; }
        Resume1:
            State = -1; Scheduler.EndSwitch(this);
            i++;
            if (BudgetCheck(2)) return;
            goto Loop;
        Resume2:
            State = -1;
            EndBudgetCheck();
            goto Loop;
        Break:
            Return();
        }
    }
}
