using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Stackless
{
    /// <summary>
    /// Per-tasklet state that few tasklets have at a time, kept in side tables instead of a field of every tasklet (issue 15:
    /// a parked tasklet is one object, and every field of <see cref="Tasklet"/> is in every frame): a pending kill or throw.
    /// A weak table: a tasklet nobody else refers to stays garbage, with its entry. (The select or await a tasklet waits in
    /// is its home, <see cref="Tasklet.WaitingSelect"/>: a side table there allocated on every wait.)
    /// Invariant: a tasklet has a pending exception here exactly when <see cref="Tasklet.pendingException"/> is set.
    /// </summary>
    internal sealed partial class ThreadScheduler
    {
        private readonly ConditionalWeakTable<Tasklet, Exception> pendingExceptions = new();

        /// <summary>Records the exception <paramref name="t"/> raises when it next resumes (replacing one already pending).</summary>
        internal void SetPendingException(Tasklet t, Exception exception)
        {
            Debug.Assert(t.pendingException);
            pendingExceptions.AddOrUpdate(t, exception);
        }

        /// <summary>Takes <paramref name="t"/>'s pending exception out of the table (its flag is already cleared).</summary>
        internal Exception TakePendingException(Tasklet t)
        {
            bool found = pendingExceptions.TryGetValue(t, out Exception? ex);
            Debug.Assert(found, "a pending flag without its exception");
            pendingExceptions.Remove(t);
            return ex!;
        }

        /// <summary>Drops <paramref name="t"/>'s pending exception (it ended without resuming).</summary>
        internal void DropPendingException(Tasklet t) => pendingExceptions.Remove(t);

        // ---- a value in transit to a tasklet out of the run queue ----

        /// <summary>Values in transit to tasklets that left the run queue before they ran (<see cref="Tasklet.heldTransfer"/>).</summary>
        private readonly ConditionalWeakTable<Tasklet, StrongBox<Transfer>> held = new();

        /// <summary><paramref name="t"/> leaves its run-queue slot with a value in transit: it waits here until <see cref="Restore"/>.</summary>
        internal void Hold(Tasklet t)
        {
            ref Transfer slot = ref TransferAt(t.slot);
            held.AddOrUpdate(t, new StrongBox<Transfer>(slot));
            slot = default;
            t.heldTransfer = true;
        }

        /// <summary><paramref name="t"/> took a run-queue slot again (<see cref="AppendPaused"/>): its held value goes there.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Restore(Tasklet t)
        {
            held.TryGetValue(t, out StrongBox<Transfer>? box);
            held.Remove(t);
            t.heldTransfer = false;
            TransferToStore(t.slot) = box!.Value;
        }

        /// <summary>Drops the value held for <paramref name="t"/> (it is killed or thrown into).</summary>
        internal void DropHeld(Tasklet t)
        {
            held.Remove(t);
            t.heldTransfer = false;
        }
    }
}
