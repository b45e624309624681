using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Stackless
{
    /// <summary>
    /// Whether a frame's MoveNext has any exception handler (catch, filter, finally or fault clause), read once per frame
    /// type from its IL. A frame without one cannot observe an exception from its callee, so the scheduler passes the
    /// exception on to its caller without resuming it (<c>ThreadScheduler.FrameThrew</c>). Read only when a frame fails.
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
