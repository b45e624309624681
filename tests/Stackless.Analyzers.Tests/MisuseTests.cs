using System.Threading.Tasks;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>TSK112 (a suspending method used as a delegate in tasklet code) and TSK113 (Scheduler.Run() in a tasklet).</summary>
    public class MisuseTests
    {
        [Fact]
        public Task SuspendingMethodGroupsInTaskletCodeAreReported() => AnalyzerVerifier.VerifyAsync(
            """
            using System;
            using System.Collections.Generic;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(Channel<int> ch, List<int> items)
                {
                    items.ForEach(ch.{|#0:Send|});
                    Action<Channel<int>> work = {|#1:Worker|};
                    Func<int> take = new Func<int>(ch.{|#2:Receive|});
                    Action yield = Scheduler.{|#3:Schedule|};
                    ch.Send(1);
                }

                [Tasklet]
                static void Worker(Channel<int> ch) => ch.Send(1);
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK112").WithLocation(0).WithArguments("Channel<int>.Send"),
            AnalyzerVerifier.Diagnostic("TSK112").WithLocation(1).WithArguments("C.Worker"),
            AnalyzerVerifier.Diagnostic("TSK112").WithLocation(2).WithArguments("Channel<int>.Receive"),
            AnalyzerVerifier.Diagnostic("TSK112").WithLocation(3).WithArguments("Scheduler.Schedule"));

        [Fact]
        public Task OtherMethodGroupsAndMethodGroupsOutsideTaskletCodeAreNotReported() => AnalyzerVerifier.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using Stackless;

            partial class C
            {
                static void Main()
                {
                    Action<Channel<int>> work = Worker;      // ordinary code (main) may call tasklet bodies directly
                    var ch = new Channel<int>();
                    new List<int> { 1 }.ForEach(ch.Send);
                }

                [Tasklet]
                static void M(Channel<int> ch, List<int> items)
                {
                    items.ForEach(Console.WriteLine);
                    Func<int, int> twice = Twice;
                    string name = nameof(Worker);
                    Action close = ch.Close;
                    ch.Send(twice(1));
                }

                static int Twice(int x) => 2 * x;

                [Tasklet]
                static void Worker(Channel<int> ch) => ch.Send(1);
            }
            """);

        [Fact]
        public Task SchedulerRunInTaskletCodeIsReported() => AnalyzerVerifier.VerifyAsync(
            """
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(Channel<int> ch)
                {
                    Scheduler.{|#0:Run()|};
                    ch.Send(1);
                }
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK113").WithLocation(0));

        [Fact]
        public Task SchedulerRunInOrdinaryCodeIsNotReported() => AnalyzerVerifier.VerifyAsync("""
            using System;
            using Stackless;

            partial class C
            {
                static void Main()
                {
                    Scheduler.Run();
                }

                [Tasklet]
                static void M(Channel<int> ch)
                {
                    Action later = () => Scheduler.Run();
                    ch.Send(1);
                }
            }
            """);
    }
}
