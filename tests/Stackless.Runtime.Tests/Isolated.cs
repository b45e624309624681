using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// Runs a test body on a new thread: each thread has its own scheduler and main tasklet, so no
    /// test sees tasklets, channels or an error handler left behind by another.
    /// </summary>
    internal static class Isolated
    {
        public static void Run(Action body)
        {
            ExceptionDispatchInfo? failure = null;
            var thread = new Thread(() =>
            {
                try { body(); }
                catch (Exception ex) { failure = ExceptionDispatchInfo.Capture(ex); }
            });
            thread.Start();
            thread.Join();
            failure?.Throw();
        }
    }
}
