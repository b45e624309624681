using Stackless.CompilerServices;

namespace Stackless.Benchmarks.Frames
{
    /// <summary>
    /// The watchdog's cost, hand-written: a tight arithmetic loop with and without step checks.
    /// <code>[Tasklet] static long Arith(int n) { long sum = 0; for (int i = 0; i &lt; n; i++) sum += (long)i * i ^ (sum &gt;&gt; 3); return sum; }</code>
    /// Without checks the loop is copied as written (nothing in it suspends).
    /// </summary>
    internal sealed class ArithFrame : TaskletFrame<long>
    {
        private readonly int n;

        public ArithFrame(int n) => this.n = n;

        protected override void MoveNext()
        {
            long sum = 0;
            for (int i = 0; i < n; i++)
                sum += (long)i * i ^ (sum >> 3);
            Return(sum);
        }
    }

    /// <summary>
    /// <see cref="ArithFrame"/> with step checks at the entry and the back-edge, in the shape that keeps the loop's locals
    /// in locals: flattened to labels in one scope, the locals saved to fields only when a check interrupts, and restored
    /// at its resume point.
    /// </summary>
    internal sealed class ArithCheckedFrame : TaskletFrame<long>
    {
        private readonly int n;
        private long savedSum;
        private int savedI;

        public ArithCheckedFrame(int n) => this.n = n;

        protected override void MoveNext()
        {
            long sum;
            int i;
            switch (State)
            {
                case 1: State = -1; EndBudgetCheck(); goto Entered;
                case 2: sum = savedSum; i = savedI; State = -1; EndBudgetCheck(); goto Loop;
            }
            if (BudgetCheck(1)) return;
        Entered:
            sum = 0;
            i = 0;
        Loop:
            if (!(i < n)) goto Break;
            sum += (long)i * i ^ (sum >> 3);
            i++;
            if (BudgetCheck(2))
            {
                savedSum = sum;
                savedI = i;
                return;
            }
            goto Loop;
        Break:
            Return(sum);
        }
    }

    /// <summary>
    /// <see cref="ArithCheckedFrame"/> with the step counter counted down in a local (<c>BeginLoopSteps</c> at the loop's
    /// entry, <c>EndLoopSteps</c> where it is left): a register decrement and a branch per back-edge instead of a memory
    /// counter's. The counter is not given back when an exception leaves the loop (see <see cref="ArithLoopStepsFinallyFrame"/>).
    /// </summary>
    internal sealed class ArithLoopStepsFrame : TaskletFrame<long>
    {
        private readonly int n;
        private long savedSum;
        private int savedI;

        public ArithLoopStepsFrame(int n) => this.n = n;

        protected override void MoveNext()
        {
            long sum;
            int i;
            int steps;
            switch (State)
            {
                case 1: State = -1; EndBudgetCheck(); goto Entered;
                case 2: sum = savedSum; i = savedI; State = -1; EndBudgetCheck(); steps = BeginLoopSteps(); goto Loop;
            }
            if (BudgetCheck(1)) return;
        Entered:
            sum = 0;
            i = 0;
            steps = BeginLoopSteps();
        Loop:
            if (!(i < n)) goto Break;
            sum += (long)i * i ^ (sum >> 3);
            i++;
            if (--steps < 0 && (steps = LoopStepsRanOut(2)) < 0)
            {
                savedSum = sum;
                savedI = i;
                return;
            }
            goto Loop;
        Break:
            EndLoopSteps(steps);
            Return(sum);
        }
    }

    /// <summary>
    /// <see cref="ArithLoopStepsFrame"/> with the slow path out of the loop: a counter that runs out saves the locals and
    /// leaves the loop; the slow path comes back in through the check's resume block, which the dispatch reaches too, so
    /// the JIT sees no call inside the loop (it can keep loop-invariant loads, such as <c>n</c>, out of it).
    /// </summary>
    internal sealed class ArithLoopStepsExitFrame : TaskletFrame<long>
    {
        private readonly int n;
        private long savedSum;
        private int savedI;

        public ArithLoopStepsExitFrame(int n) => this.n = n;

        protected override void MoveNext()
        {
            long sum;
            int i;
            int steps;
            switch (State)
            {
                case 1: State = -1; EndBudgetCheck(); goto Entered;
                case 2: goto Resume2;
            }
            if (BudgetCheck(1)) return;
        Entered:
            sum = 0;
            i = 0;
            steps = BeginLoopSteps();
        Loop:
            if (!(i < n)) goto Break;
            sum += (long)i * i ^ (sum >> 3);
            i++;
            if (--steps < 0) goto Check2;
            goto Loop;
        Break:
            EndLoopSteps(steps);
            Return(sum);
            return;
        Check2:
            savedSum = sum;
            savedI = i;
            if ((steps = LoopStepsRanOut(2)) < 0) return;
            goto Continue2;
        Resume2:
            State = -1;
            EndBudgetCheck();
            steps = BeginLoopSteps();
        Continue2:
            sum = savedSum;
            i = savedI;
            goto Loop;
        }
    }

    /// <summary>
    /// <see cref="ArithLoopStepsFrame"/> with the counter given back in a <c>finally</c>, so that an exception leaving the
    /// loop is charged its steps too (the cost measured: the local is live into a handler).
    /// </summary>
    internal sealed class ArithLoopStepsFinallyFrame : TaskletFrame<long>
    {
        private readonly int n;
        private long savedSum;
        private int savedI;

        public ArithLoopStepsFinallyFrame(int n) => this.n = n;

        protected override void MoveNext()
        {
            long sum;
            int i;
            int steps;
            switch (State)
            {
                case 1: State = -1; EndBudgetCheck(); goto Entered;
                case 2: sum = savedSum; i = savedI; State = -1; EndBudgetCheck(); goto Loop;
            }
            if (BudgetCheck(1)) return;
        Entered:
            sum = 0;
            i = 0;
        Loop:
            steps = BeginLoopSteps();
            try
            {
            Next:
                if (!(i < n)) goto Break;
                sum += (long)i * i ^ (sum >> 3);
                i++;
                if (--steps < 0 && (steps = LoopStepsRanOut(2)) < 0)
                {
                    savedSum = sum;
                    savedI = i;
                    return;
                }
                goto Next;
            }
            finally
            {
                EndLoopSteps(steps);
            }
        Break:
            Return(sum);
        }
    }

    /// <summary>
    /// No call in the loop, the scheduler's counter in memory: a check that runs out saves the locals, sets State and
    /// returns; the trampoline calls the frame again (the tasklet is still at the head) and the dispatch case decides
    /// (<c>LoopCheckResume</c>), out of the loop. Nothing to give back where the loop is left, so an exception leaving it
    /// is charged its steps exactly.
    /// </summary>
    internal sealed class ArithMemoryReturnFrame : TaskletFrame<long>
    {
        private readonly int n;
        private long savedSum;
        private int savedI;

        public ArithMemoryReturnFrame(int n) => this.n = n;

        protected override void MoveNext()
        {
            long sum;
            int i;
            switch (State)
            {
                case 1: State = -1; EndBudgetCheck(); goto Entered;
                case 2: goto Resume2;
            }
            if (BudgetCheck(1)) return;
        Entered:
            sum = 0;
            i = 0;
        Loop:
            if (!(i < n)) goto Break;
            sum += (long)i * i ^ (sum >> 3);
            i++;
            if (StepCounterSpent())
            {
                savedSum = sum;
                savedI = i;
                State = 2;
                return;
            }
            goto Loop;
        Break:
            Return(sum);
            return;
        Resume2:
            if (LoopCheckResume(2) < 0) return;
            sum = savedSum;
            i = savedI;
            goto Loop;
        }
    }

    /// <summary>
    /// No call in the loop, the counter in a local (taken at the loop's entry, given back where it is left): a check
    /// that runs out gives it back, saves the locals, sets State and returns; the dispatch case decides
    /// (<c>LoopCheckResume</c>) and takes the counter again. Written <c>steps--; if (steps &lt; 0)</c>: with
    /// <c>if (--steps &lt; 0)</c> the JIT copies the counter between two registers every iteration and the back-edge is an
    /// unconditional jump.
    /// </summary>
    internal sealed class ArithLoopStepsReturnFrame : TaskletFrame<long>
    {
        private readonly int n;
        private long savedSum;
        private int savedI;

        public ArithLoopStepsReturnFrame(int n) => this.n = n;

        protected override void MoveNext()
        {
            long sum;
            int i;
            int steps;
            switch (State)
            {
                case 1: State = -1; EndBudgetCheck(); goto Entered;
                case 2: goto Resume2;
            }
            if (BudgetCheck(1)) return;
        Entered:
            sum = 0;
            i = 0;
            steps = BeginLoopSteps();
        Loop:
            if (!(i < n)) goto Break;
            sum += (long)i * i ^ (sum >> 3);
            i++;
            steps--;
            if (steps < 0)
            {
                EndLoopSteps(steps);
                savedSum = sum;
                savedI = i;
                State = 2;
                return;
            }
            goto Loop;
        Break:
            EndLoopSteps(steps);
            Return(sum);
            return;
        Resume2:
            if ((steps = LoopCheckResume(2)) < 0) return;
            sum = savedSum;
            i = savedI;
            goto Loop;
        }
    }

    /// <summary>
    /// <see cref="ArithMemoryReturnFrame"/> with the check as the loop's conditional back-edge, and MoveNext compiled
    /// fully optimized at once (<c>AggressiveOptimization</c>: no tiering, no on-stack replacement, no PGO).
    /// </summary>
    internal sealed class ArithMemoryReturnAggressiveFrame : TaskletFrame<long>
    {
        private readonly int n;
        private long savedSum;
        private int savedI;

        public ArithMemoryReturnAggressiveFrame(int n) => this.n = n;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        protected override void MoveNext()
        {
            long sum;
            int i;
            switch (State)
            {
                case 1: State = -1; EndBudgetCheck(); goto Entered;
                case 2: goto Resume2;
            }
            if (BudgetCheck(1)) return;
        Entered:
            sum = 0;
            i = 0;
        Loop:
            if (!(i < n)) goto Break;
            sum += (long)i * i ^ (sum >> 3);
            i++;
            if (!StepCounterSpent()) goto Loop;
            savedSum = sum;
            savedI = i;
            State = 2;
            return;
        Break:
            Return(sum);
            return;
        Resume2:
            if (LoopCheckResume(2) < 0) return;
            sum = savedSum;
            i = savedI;
            goto Loop;
        }
    }

    /// <summary>
    /// <see cref="ArithLoopStepsReturnFrame"/> with MoveNext compiled fully optimized at once (<c>AggressiveOptimization</c>).
    /// With <c>DOTNET_TieredCompilation=0</c> the same source ran at the unchecked loop's speed (the JIT kept the loop's
    /// test at the top and the counter's branch as the back-edge); here the JIT inverts the loop (the counter's branch,
    /// not taken, right before the loop test's, taken) and it is ~1.2× again: the layout, not the check, is the cost.
    /// </summary>
    internal sealed class ArithLoopStepsReturnAggressiveFrame : TaskletFrame<long>
    {
        private readonly int n;
        private long savedSum;
        private int savedI;

        public ArithLoopStepsReturnAggressiveFrame(int n) => this.n = n;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        protected override void MoveNext()
        {
            long sum;
            int i;
            int steps;
            switch (State)
            {
                case 1: State = -1; EndBudgetCheck(); goto Entered;
                case 2: goto Resume2;
            }
            if (BudgetCheck(1)) return;
        Entered:
            sum = 0;
            i = 0;
            steps = BeginLoopSteps();
        Loop:
            if (!(i < n)) goto Break;
            sum += (long)i * i ^ (sum >> 3);
            i++;
            steps--;
            if (steps < 0)
            {
                EndLoopSteps(steps);
                savedSum = sum;
                savedI = i;
                State = 2;
                return;
            }
            goto Loop;
        Break:
            EndLoopSteps(steps);
            Return(sum);
            return;
        Resume2:
            if ((steps = LoopCheckResume(2)) < 0) return;
            sum = savedSum;
            i = savedI;
            goto Loop;
        }
    }

    /// <summary>
    /// <see cref="ArithLoopStepsReturnFrame"/> counting up to the counter taken at the loop's entry
    /// (<c>k++; if (k &gt; steps)</c>: a compare and a branch, which the CPU fuses, where a decrement's own flags are not
    /// fused with its branch on every CPU). The steps given back are <c>steps - k</c>.
    /// </summary>
    internal sealed class ArithLoopStepsUpFrame : TaskletFrame<long>
    {
        private readonly int n;
        private long savedSum;
        private int savedI;

        public ArithLoopStepsUpFrame(int n) => this.n = n;

        protected override void MoveNext()
        {
            long sum;
            int i;
            int steps;
            int k;
            switch (State)
            {
                case 1: State = -1; EndBudgetCheck(); goto Entered;
                case 2: goto Resume2;
            }
            if (BudgetCheck(1)) return;
        Entered:
            sum = 0;
            i = 0;
            steps = BeginLoopSteps();
            k = 0;
        Loop:
            if (!(i < n)) goto Break;
            sum += (long)i * i ^ (sum >> 3);
            i++;
            k++;
            if (k > steps)
            {
                EndLoopSteps(steps - k);
                savedSum = sum;
                savedI = i;
                State = 2;
                return;
            }
            goto Loop;
        Break:
            EndLoopSteps(steps - k);
            Return(sum);
            return;
        Resume2:
            if ((steps = LoopCheckResume(2)) < 0) return;
            k = 0;
            sum = savedSum;
            i = savedI;
            goto Loop;
        }
    }

    /// <summary><see cref="RingNodeFrame"/> with step checks at the entry and at the foreach's back-edge (its locals are fields already).</summary>
    internal sealed class RingNodeCheckedFrame : TaskletFrame
    {
        private readonly Ring ring;
        private readonly int id;
        private Channel<int>? output;
        private Channel<int>? input;

        public RingNodeCheckedFrame(Ring ring, int id)
        {
            this.ring = ring;
            this.id = id;
        }

        protected override void MoveNext()
        {
            int token;
            switch (State)
            {
                case 1: goto Resume1;
                case 2: goto Resume2;
                case 3: State = -1; EndBudgetCheck(); goto Entered;
                case 4: State = -1; EndBudgetCheck(); goto Loop;
            }
            if (BudgetCheck(3)) return;
        Entered:
            output = ring.Channels[(id + 1) % ring.Channels.Length];
            input = ring.Channels[id];
        Loop:
            State = 1;
            if (input!.BeginReceive(this)) return;
        Resume1:
            if (!input!.EndReceiveNext(this, out token)) goto Break;
            if (token == 0)
            {
                ring.Winner = id;
                ring.CloseAll();
                Return();
                return;
            }
            State = 2;
            if (output!.BeginSend(this, token - 1)) return;
        Resume2:
            output!.EndSend(this);
            if (BudgetCheck(4)) return;
            goto Loop;
        Break:
            Return();
        }
    }
}
