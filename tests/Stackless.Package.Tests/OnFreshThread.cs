using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Stackless.Package.Tests
{
    /// <summary>
    /// Runs a sample on a thread of its own: every thread has its own scheduler, so a sample starts
    /// with an empty run queue and cannot leave tasklets behind for another test.
    /// </summary>
    internal static class OnFreshThread
    {
        public static T Run<T>(Func<T> body)
        {
            T result = default!;
            ExceptionDispatchInfo? failure = null;
            var thread = new Thread(() =>
            {
                try { result = body(); }
                catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
            });
            thread.Start();
            if (!thread.Join(TimeSpan.FromMinutes(3)))
                throw new TimeoutException("the sample did not finish in 3 minutes");
            failure?.Throw();
            return result;
        }
    }
}
