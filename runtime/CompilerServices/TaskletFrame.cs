using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Stackless.CompilerServices
{
    /// <summary>
    /// Base class of the resumable frame the generator emits for a <c>void</c> <see cref="TaskletAttribute"/> method.
    /// Not for direct use.
    /// </summary>
    /// <remarks>
    /// <para>The frame contract, which the generator emits against:</para>
    /// <list type="bullet">
    /// <item><description>The frame's fields are the method's parameters (and <c>this</c>) and the locals that live across suspension points.</description></item>
    /// <item><description><see cref="Tasklet.MoveNext"/> dispatches on <see cref="Tasklet.State"/> (0 = start) and runs until it suspends, calls, returns or throws.</description></item>
    /// <item><description>To suspend: set <c>State</c> to the resume point, call a <c>Begin…</c> operation
    /// (<c>ch.BeginSend(this, value)</c>, <see cref="Channel{T}.BeginSend(Tasklet, T)"/>, <see cref="Channel{T}.BeginReceive(Tasklet)"/>, <see cref="Scheduler.BeginSchedule(Tasklet)"/>, …);
    /// if it returns true, <c>return</c>. At the resume point call the matching <c>End…</c>
    /// (<see cref="Channel{T}.EndSend(Tasklet)"/>, <see cref="Channel{T}.EndReceive(Tasklet)"/>, <see cref="Scheduler.EndSwitch(Tasklet)"/>, …), which yields the
    /// value or raises a kill. The same code runs whether or not the frame actually suspended.</description></item>
    /// <item><description>To call another tasklet method: set <c>State</c>, create the callee's frame, <see cref="Call"/> it and <c>return</c>.
    /// The trampoline runs the callee; when it finishes, this frame resumes, and <see cref="GetResult"/> (or
    /// <see cref="TaskletFrame{TResult}.GetResult"/>) on the callee returns its value or rethrows its exception with its original stack trace.
    /// The native stack never grows with the depth of calls.</description></item>
    /// <item><description>To finish: <see cref="Return()"/> (or <see cref="TaskletFrame{TResult}.Return(TResult)"/>) and <c>return</c>. An exception that escapes
    /// <c>MoveNext</c> fails the frame: it is delivered to the caller frame, or ends the tasklet. A caller whose
    /// <see cref="Tasklet.MayHandleAt"/> says its call is outside every <c>try</c> is failed with it without resuming; the
    /// generator overrides that member with the resume points inside a <c>try</c> (docs/frame-contract.md).</description></item>
    /// <item><description><c>finally</c> blocks must not run when the frame merely suspends.</description></item>
    /// </list>
    /// <para>The root frame is the tasklet itself: <see cref="Spawn{TFrame}"/> makes it runnable.</para>
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract class TaskletFrame : Tasklet
    {
        /// <summary>For derived frames.</summary>
        protected TaskletFrame() { }

        /// <summary>Makes a new root frame a tasklet and appends it to the run queue of the current thread.</summary>
        public static TFrame Spawn<TFrame>(TFrame frame) where TFrame : Tasklet
        {
            ThreadScheduler.ForCurrentThread.Spawn(frame);
            return frame;
        }

        /// <summary>Pushes <paramref name="callee"/>, a new frame, to run on top of this one. Return right after.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        protected void Call(Tasklet callee) => PushCallee(callee);

        /// <summary>Finishes this frame. Return right after.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        protected void Return() => FinishFrame();

        /// <summary>Called by the caller frame after this frame finished: rethrows its exception, if it failed.</summary>
        public void GetResult()
        {
            if (transferKind == TransferKind.Exception)
                FailureOf()?.Throw(); // the final exception, kept aside (Tasklet.SetFailure)
        }

        /// <summary>
        /// At the resume point of a nested call: clears the caller's field that holds the finished callee, then rethrows
        /// the callee's exception, if it failed. Clearing first means a caller that runs on (or parks for a long
        /// time) does not keep the callee's frame, and everything its fields reference, alive.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void TakeResult(ref TaskletFrame callee)
        {
            TaskletFrame finished = callee;
            callee = null!;
            finished.GetResult();
        }

        /// <summary>As <see cref="TakeResult(ref TaskletFrame)"/>, for a callee with a result: returns it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TResult TakeResult<TResult>(ref TaskletFrame<TResult> callee)
        {
            TaskletFrame<TResult> finished = callee;
            callee = null!;
            return finished.GetResult();
        }
    }

    /// <summary>
    /// Base class of the resumable frame the generator emits for a <see cref="TaskletAttribute"/> method returning
    /// <typeparamref name="TResult"/>. See <see cref="TaskletFrame"/> for the contract. Not for direct use.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract class TaskletFrame<TResult> : Tasklet<TResult>
    {
        /// <summary>For derived frames.</summary>
        protected TaskletFrame() { }

        /// <summary>Pushes <paramref name="callee"/>, a new frame, to run on top of this one. Return right after.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        protected void Call(Tasklet callee) => PushCallee(callee);

        /// <summary>Finishes this frame with its result. Return right after.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        protected void Return(TResult value)
        {
            result = value;
            FinishFrame();
        }

        /// <summary>Called by the caller frame after this frame finished: its result, or its exception rethrown.</summary>
        public TResult GetResult()
        {
            if (transferKind == TransferKind.Exception)
                FailureOf()?.Throw(); // the final exception, kept aside (Tasklet.SetFailure)
            return result;
        }
    }
}
