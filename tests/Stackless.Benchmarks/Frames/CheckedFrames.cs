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
