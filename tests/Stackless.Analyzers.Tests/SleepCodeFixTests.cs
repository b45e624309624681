using System.Threading;
using System.Threading.Tasks;
using Stackless.Analyzers.CodeFixes;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>The TSK101/TSK102 fix: Thread.Sleep(d) and Task.Delay(d).Wait() in tasklet code become Scheduler.Sleep(d).</summary>
    public class SleepCodeFixTests
    {
        private static Task VerifyAsync(string code, string fixedCode) =>
            new GeneratedCodeFixTest<TaskletAnalyzer, SleepCodeFixProvider> { TestCode = code, FixedCode = fixedCode }.RunAsync(CancellationToken.None);

        [Fact]
        public Task MillisecondsBecomeATimeSpanAndTriviaStays() => VerifyAsync(
            """
            using System;
            using System.Threading;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void Tick(Channel<int> ticks, int period)
                {
                    while (true)
                    {
                        // wait a little
                        Thread.{|TSK101:Sleep(100)|}; // then tick
                        Thread.{|TSK101:Sleep(millisecondsTimeout: period * 2)|};
                        System.Threading.Thread.{|TSK101:Sleep(Timeout.Infinite)|};
                        ticks.Send(1);
                    }
                }
            }
            """,
            """
            using System;
            using System.Threading;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void Tick(Channel<int> ticks, int period)
                {
                    while (true)
                    {
                        // wait a little
                        Scheduler.Sleep(TimeSpan.FromMilliseconds(100)); // then tick
                        Scheduler.Sleep(TimeSpan.FromMilliseconds(period * 2));
                        Scheduler.Sleep(TimeSpan.FromMilliseconds(Timeout.Infinite));
                        ticks.Send(1);
                    }
                }
            }
            """);

        [Fact]
        public Task ATimeSpanIsPassedOn() => VerifyAsync(
            """
            using System;
            using System.Threading;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(TimeSpan pause) => Thread.{|TSK101:Sleep(pause)|};
            }
            """,
            """
            using System;
            using System.Threading;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(TimeSpan pause) => Scheduler.Sleep(pause);
            }
            """);

        [Fact]
        public Task AStaticallyImportedSleepIsFixedToo() => VerifyAsync(
            """
            using Stackless;
            using static System.Threading.Thread;

            partial class C
            {
                [Tasklet]
                static void M(Channel<int> ch)
                {
                    {|TSK101:Sleep(1)|};
                    ch.Send(1);
                }
            }
            """,
            """
            using Stackless;
            using static System.Threading.Thread;

            partial class C
            {
                [Tasklet]
                static void M(Channel<int> ch)
                {
                    Scheduler.Sleep(System.TimeSpan.FromMilliseconds(1));
                    ch.Send(1);
                }
            }
            """);

        [Fact]
        public Task TaskDelayWaitedBecomesASleep() => VerifyAsync(
            """
            using System;
            using System.Threading.Tasks;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(int ms)
                {
                    Task.Delay(ms).{|TSK102:Wait()|};
                    Task.Delay(TimeSpan.FromSeconds(1)).GetAwaiter().{|TSK102:GetResult()|};
                    Task.Delay(5).ConfigureAwait(false).GetAwaiter().{|TSK102:GetResult()|};
                }
            }
            """,
            """
            using System;
            using System.Threading.Tasks;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(int ms)
                {
                    Scheduler.Sleep(TimeSpan.FromMilliseconds(ms));
                    Scheduler.Sleep(TimeSpan.FromSeconds(1));
                    Scheduler.Sleep(TimeSpan.FromMilliseconds(5));
                }
            }
            """);

        [Fact]
        public Task UsingStacklessIsAddedWhenMissingAndSystemIsQualified() => VerifyAsync(
            """
            partial class C
            {
                [Stackless.Tasklet]
                static void M() => System.Threading.Thread.{|TSK101:Sleep(10)|};
            }
            """,
            """
            using Stackless;

            partial class C
            {
                [Stackless.Tasklet]
                static void M() => Scheduler.Sleep(System.TimeSpan.FromMilliseconds(10));
            }
            """);

        [Fact]
        public Task SchedulerStaysQualifiedWhenTheUsingWouldMakeANameAmbiguous() => VerifyAsync(
            """
            using System;
            using System.Threading;
            using System.Threading.Channels;

            partial class C
            {
                [Stackless.Tasklet]
                static void M(Channel<int> queue) => Thread.{|TSK101:Sleep(10)|};
            }
            """,
            """
            using System;
            using System.Threading;
            using System.Threading.Channels;

            partial class C
            {
                [Stackless.Tasklet]
                static void M(Channel<int> queue) => Stackless.Scheduler.Sleep(TimeSpan.FromMilliseconds(10));
            }
            """);

        [Fact]
        public Task SchedulerStaysQualifiedWhenTheNameMeansSomethingElse() => VerifyAsync(
            """
            using System;
            using System.Threading;

            partial class C
            {
                static object Scheduler = new object();

                [Stackless.Tasklet]
                static void M() => Thread.{|TSK101:Sleep(10)|};
            }
            """,
            """
            using System;
            using System.Threading;

            partial class C
            {
                static object Scheduler = new object();

                [Stackless.Tasklet]
                static void M() => Stackless.Scheduler.Sleep(TimeSpan.FromMilliseconds(10));
            }
            """);

        [Fact]
        public Task FixAllRewritesEverySleepAndAddsTheUsingOnce() => new GeneratedCodeFixTest<TaskletAnalyzer, SleepCodeFixProvider>
        {
            NumberOfFixAllIterations = 1,
            TestCode = """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                partial class C
                {
                    [Stackless.Tasklet]
                    static void A()
                    {
                        Thread.{|TSK101:Sleep(1)|};
                        Task.Delay(2).{|TSK102:Wait()|};
                    }

                    [Stackless.Tasklet]
                    static void B() => Thread.{|TSK101:Sleep(TimeSpan.Zero)|};
                }
                """,
            FixedCode = """
                using System;
                using System.Threading;
                using System.Threading.Tasks;
                using Stackless;

                partial class C
                {
                    [Stackless.Tasklet]
                    static void A()
                    {
                        Scheduler.Sleep(TimeSpan.FromMilliseconds(1));
                        Scheduler.Sleep(TimeSpan.FromMilliseconds(2));
                    }

                    [Stackless.Tasklet]
                    static void B() => Scheduler.Sleep(TimeSpan.Zero);
                }
                """,
        }.RunAsync(CancellationToken.None);

        [Fact]
        public Task NoFixWhereSleepWouldNotMeanTheSameOrCouldNotSuspend()
        {
            const string code = """
                using System;
                using System.Threading;
                using System.Threading.Tasks;
                using Stackless;

                partial class C
                {
                    static readonly object Gate = new object();

                    [Tasklet]
                    static void M(Thread worker, CancellationToken token)
                    {
                        worker.{|TSK101:Join()|};
                        Task.Delay(10, token).{|TSK102:Wait()|};
                        Task.Delay(10).{|TSK102:Wait(5)|};
                        lock (Gate)
                        {
                            Thread.{|TSK101:Sleep(1)|};
                        }
                        Span<int> scratch = stackalloc int[4];
                        Thread.{|TSK101:Sleep(1)|};
                        scratch[0] = 1;
                    }
                }
                """;
            // Join waits for a thread; a cancellable or bounded wait may end early; a suspension inside a lock is TSK005,
            // and a span declared before it may be live across it (TSK004).
            return VerifyAsync(code, code);
        }
    }
}
