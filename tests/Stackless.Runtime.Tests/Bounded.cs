using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using Xunit;

namespace Stackless.Runtime.Tests
{
    /// <summary>
    /// As <see cref="Isolated"/>, with a time bound: a lost wake-up shows as a failed test, not a hung run.
    /// A body that overruns is left behind on its (background) thread.
    /// </summary>
    internal static class Bounded
    {
        public static void Run(Action body, int seconds = 60)
        {
            ExceptionDispatchInfo? failure = null;
            var thread = new Thread(() =>
            {
                try { body(); }
                catch (Exception ex) { failure = ExceptionDispatchInfo.Capture(ex); }
            }) { IsBackground = true };
            thread.Start();
            Assert.True(thread.Join(TimeSpan.FromSeconds(seconds)), $"the test body did not finish within {seconds} s (a lost wake-up or a hang)");
            failure?.Throw();
        }
    }
}
