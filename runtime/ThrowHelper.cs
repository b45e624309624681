using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Stackless
{
    /// <summary>Builds the runtime's misuse exceptions; kept out of line so the hot paths stay small.</summary>
    internal static class ThrowHelper
    {
        [DoesNotReturn]
        internal static void WrongThread(string what) =>
            throw new InvalidOperationException(
                $"{what} belongs to another thread's scheduler but was used from managed thread {Environment.CurrentManagedThreadId}. " +
                "Each thread has its own scheduler: use tasklets and channels only from the thread that created (or first used) them.");

        [DoesNotReturn]
        internal static void WrongThreadChannel() =>
            throw new InvalidOperationException(
                $"This channel belongs to another thread's scheduler but was used from managed thread {Environment.CurrentManagedThreadId}. " +
                "Its synchronous operations work only on that thread; from another thread or an async method use SendAsync or ReceiveAsync, " +
                "which hand the operation to the channel's scheduler.");

        [DoesNotReturn]
        internal static void FrameReused() =>
            throw new InvalidOperationException("A tasklet frame can be started or called only once; create a new frame for each call.");

        [DoesNotReturn]
        internal static void NotInFrame(string operation, Tasklet current, bool pendingHint)
        {
            (string method, bool isTasklet) = FindUserCaller();
            string extra = pendingHint ? " (or pass pending: true, which does not switch)" : "";
            // A [Tasklet] method runs as ordinary code when it is called where nothing can suspend: from a lambda, local
            // function, query or delegate (the generator compiles only calls in a [Tasklet] body into nested frames).
            if (isTasklet)
                throw new InvalidOperationException(
                    $"{operation} was called from [Tasklet] method {method} while {current} is running, but {method} was running as ordinary code " +
                    $"(called from a lambda, local function, query, delegate or method that is not [Tasklet]), which cannot suspend a tasklet. " +
                    $"Call {method} directly from the body of a [Tasklet] method, where the call becomes a nested frame{extra}, or spawn it as its own tasklet.");
            throw new InvalidOperationException(
                $"{operation} was called from ordinary code ({method}) while {current} is running, and ordinary code cannot suspend a tasklet. " +
                $"Mark {method} with [Tasklet] so the Stackless generator compiles it into a resumable frame{extra}, or call it only from the main tasklet.");
        }

        [DoesNotReturn]
        internal static void NotFromTasklet(string operation, Tasklet current) =>
            throw new InvalidOperationException(
                $"{operation} must be called from the main tasklet, but {current} is running. Inside a tasklet use Scheduler.Schedule() or a channel operation instead.");

        [DoesNotReturn]
        internal static ThreadScheduler FrameNotRunning() =>
            throw new InvalidOperationException("This frame is not running on a scheduler: frame operations are for code the Stackless generator emits, run by the scheduler.");

        /// <summary>The first method on the stack outside this library: the ordinary method the user should mark, and whether it is marked already.</summary>
        private static (string Name, bool IsTasklet) FindUserCaller()
        {
            var trace = new StackTrace(2, false);
            foreach (StackFrame frame in trace.GetFrames())
            {
                var method = frame.GetMethod();
                if (method?.DeclaringType is { } type && type.Assembly != typeof(ThrowHelper).Assembly)
                    return ($"{type.Name}.{method.Name}", method.IsDefined(typeof(TaskletAttribute), inherit: false));
            }
            return ("the calling method", false);
        }
    }
}
