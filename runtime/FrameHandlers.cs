using System;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Stackless
{
    // Whether a caller frame could observe its callee's exception: asked by ThreadScheduler.FrameThrew of each caller,
    // which resumes only a caller that may handle it and passes the exception by the others (O(depth), not O(depth²)).
    public abstract partial class Tasklet
    {
        /// <summary>
        /// Whether a callee's exception, rethrown at <paramref name="resumePoint"/> (the resume point of this frame's call,
        /// where <c>GetResult</c> rethrows it), could reach a <c>catch</c>, filter, <c>finally</c> or fault block of this
        /// frame's <c>MoveNext</c>. False means it would certainly escape <c>MoveNext</c> at once, so the scheduler
        /// fails this frame with it without resuming it. By default: whether <c>MoveNext</c> has any handler at all, read
        /// from its IL (<see cref="FrameHandlers"/>); a generated frame whose method has a <c>try</c> and a call outside
        /// it overrides this with the resume points that lie inside one. Asked only when a callee fails.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        protected internal virtual bool MayHandleAt(short resumePoint) => FrameHandlers.MayHandle(this);

        /// <summary><see cref="MayHandleAt"/> at the resume point this frame (a caller) is suspended at.</summary>
        internal bool MayHandleCalleeException
        {
            get
            {
                Debug.Assert(State > 0, "a caller is suspended at its call's resume point");
                return MayHandleAt(State);
            }
        }
    }

    /// <summary>
    /// Whether a frame's MoveNext has any exception handler (catch, filter, finally or fault clause), read once per frame
    /// type from its IL: the default of <see cref="Tasklet.MayHandleAt"/>. A frame without one cannot observe an
    /// exception from its callee, so the scheduler passes the exception on to its caller without resuming it
    /// (<c>ThreadScheduler.FrameThrew</c>). Read only when a frame fails.
    /// </summary>
    internal static class FrameHandlers
    {
        private static readonly ConcurrentDictionary<Type, bool> s_hasHandlers = new();

        /// <summary>False only when the frame's type certainly has no handler in its MoveNext; true when in doubt.</summary>
        public static bool MayHandle(Tasklet frame) => s_hasHandlers.GetOrAdd(frame.GetType(), HasHandlers);

        [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Without the method or its body (trimmed, AOT), the answer is 'may handle', today's path.")]
        private static bool HasHandlers(Type frameType)
        {
            try
            {
                // Declared by the frame's own type (a generated frame overrides it); anything else: in doubt.
                MethodInfo? moveNext = frameType.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
                MethodBody? body = moveNext?.GetMethodBody();
                return body == null || body.ExceptionHandlingClauses.Count > 0;
            }
            catch (Exception e) when (e is NotSupportedException or InvalidOperationException or MemberAccessException)
            {
                return true;
            }
        }
    }
}
