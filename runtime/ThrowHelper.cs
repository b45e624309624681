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
            (string method, bool isTasklet, bool isLambda) = FindUserCaller();
            string extra = pendingHint ? " (or pass pending: true, which does not switch)" : "";
            // A lambda, local function, constructor or accessor cannot be marked. The JIT may also have inlined a small [Tasklet]
            // method into the code that called it, so the stack shows only that code: say both.
            if (isLambda)
                throw new InvalidOperationException(
                    $"{operation} was called from ordinary code, {method}, while {current} is running, and ordinary code cannot suspend a tasklet. " +
                    $"A [Tasklet] method called from a lambda, local function, query, constructor or accessor runs there as ordinary code (a small one may not show on the stack: " +
                    $"the JIT inlines it). Call it directly from the body of a [Tasklet] method, where the call becomes a nested frame{extra}, or spawn it " +
                    $"as its own tasklet.");
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

        /// <summary>
        /// The first method on the stack outside this library: the ordinary method the user should mark, whether it is marked
        /// already, and whether it is code that cannot be marked: a lambda or local function (then described by the method it is
        /// written in), a constructor, an accessor or an operator.
        /// </summary>
        private static (string Name, bool IsTasklet, bool IsLambda) FindUserCaller()
        {
            var trace = new StackTrace(2, false);
            foreach (StackFrame frame in trace.GetFrames())
            {
                var method = frame.GetMethod();
                if (method?.DeclaringType is not { } type || type.Assembly == typeof(ThrowHelper).Assembly) continue;
                if (method.Name.IndexOf('<') >= 0 || type.Name.IndexOf('<') >= 0)
                    return ("a lambda or local function in " + EnclosingMethod(type, method.Name), false, true);
                // Code that cannot be a tasklet either (the JIT may have inlined a small [Tasklet] method into it).
                if (method.IsConstructor)
                    return ($"a constructor of {type.Name}", false, true);
                if (method.IsSpecialName)
                    return ($"the accessor or operator {type.Name}.{method.Name}", false, true);
                return ($"{type.Name}.{method.Name}", method.IsDefined(typeof(TaskletAttribute), inherit: false), false);
            }
            return ("the calling method", false, false);
        }

        /// <summary>
        /// Type.Method of the user's method a compiler-generated one belongs to: <c>&lt;M&gt;b__1_0</c> (in a closure class
        /// <c>&lt;&gt;c</c> or <c>&lt;&gt;c__DisplayClass…</c> of the type) is in M; in a generated frame <c>__M_Frame</c>, in M.
        /// </summary>
        private static string EnclosingMethod(Type type, string methodName)
        {
            int open = methodName.IndexOf('<'), close = methodName.IndexOf('>');
            string name = open >= 0 && close > open + 1 ? methodName.Substring(open + 1, close - open - 1) : methodName;
            Type t = type;
            while (t.Name.IndexOf('<') >= 0 && t.DeclaringType != null) t = t.DeclaringType;
            if (t.Name.StartsWith("__", StringComparison.Ordinal) && t.Name.EndsWith("_Frame", StringComparison.Ordinal) && t.DeclaringType != null)
            {
                name = t.Name.Substring(2, t.Name.Length - 2 - "_Frame".Length);
                t = t.DeclaringType;
            }
            return t.Name + "." + name;
        }
    }
}
