using System;
using System.Runtime.CompilerServices;

namespace Stackless
{
    // The trampoline: one loop for the plain scheduler (Pump), a budgeted run (the watchdog) and exploration testing.
    //
    // Invariants:
    // - What differs between them is a struct policy (ITurnPolicy), so Trampoline<TPolicy> is compiled once per policy with
    //   the policy's calls inlined: the plain instantiation (PlainTurns) is the loop Pump always was, with nothing of the
    //   watchdog's or the explorer's in it (a benchmark A/B checks that: docs/benchmarks.md).
    // - Main stays on the native stack; every other tasklet is resumed here, one frame step at a time, so nested calls never
    //   recurse. The loop returns when main is at the head and may run (main always owns slot 0).
    internal sealed partial class ThreadScheduler
    {
        /// <summary>What a trampoline does at the points where the plain one, a budgeted run's and exploration's differ.</summary>
        private interface ITurnPolicy
        {
            /// <summary>Before the head <paramref name="h"/> is acted on (it may be changed). False: look at the ring again.</summary>
            bool BeforeTurn(ThreadScheduler s, ref int h);

            /// <summary>Main's turn with others runnable or pending: true if main passes it on (<c>Run()</c>'s main is detached).</summary>
            bool MainPassesOn { get; }

            /// <summary>Main's turn, and main would run now. False: look at the ring again (another tasklet was chosen).</summary>
            bool MainRuns(ThreadScheduler s);

            /// <summary>Nothing is runnable (the ring is empty); called before the idle wait, the attach of main or the deadlock.</summary>
            void NothingRunnable();

            /// <summary>Nothing is runnable, but a timer or an await will make something so.</summary>
            void Idle(ThreadScheduler s);
        }

        /// <summary>Runs tasklets until main is at the head of the run queue again and may run (see the invariants above).</summary>
        private void Trampoline<TPolicy>(TPolicy policy) where TPolicy : struct, ITurnPolicy
        {
            MainTasklet main = Main;
            while (true)
            {
                try
                {
                    while (true)
                    {
                        int h = head;
                        if (!policy.BeforeTurn(this, ref h))
                            continue;
                        if (h == 0)
                        {
                            // Main's turn (main always owns slot 0).
                            if (policy.MainPassesOn && (runCount > 1 || HasPending) && pendingError == null && !main.pendingException)
                            {
                                DetachMain();
                                continue;
                            }
                            if (!policy.MainRuns(this))
                                continue;
                            FlushNotedChannels();
                            return;
                        }
                        if (h < 0)
                        {
                            policy.NothingRunnable();
                            if (HasPending)
                                policy.Idle(this); // nothing runnable, but a timer or an await will make something so
                            else if (mainDetached)
                                AttachMain(); // only main is left: Run() is done
                            else
                                WakeMainDeadlocked();
                            continue;
                        }
                        LinkAt(h).tasklet!.link!.MoveNext();
                    }
                }
                catch (Exception ex)
                {
                    FrameThrew(ex);
                }
            }
        }

        /// <summary>The plain scheduler: FIFO, and <c>Run()</c>'s main passes its turn on (<paramref name="untilAlone"/>).</summary>
        private readonly struct PlainTurns(bool untilAlone) : ITurnPolicy
        {
            public bool MainPassesOn
            {
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                get => untilAlone;
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public bool BeforeTurn(ThreadScheduler s, ref int h) => true;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public bool MainRuns(ThreadScheduler s) => true;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public void NothingRunnable() { }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public void Idle(ThreadScheduler s) => s.WaitForPending();
        }
    }
}
