using System.Threading.Tasks;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>TSK111: a [Tasklet] method calls an ordinary method that reaches a suspension point (it would throw at run time).</summary>
    public class SuspensionOutsideTaskletTests
    {
        [Fact]
        public Task EverySuspensionPointInACalleeIsReported() => AnalyzerVerifier.VerifyAsync(
            """
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(Channel<int> ch, Tasklet other)
                {
                    {|#0:Forward(ch)|};
                    int x = {|#1:Take(ch)|};
                    {|#2:Drain(ch)|};
                    {|#3:Yield()|};
                    {|#4:Pause()|};
                    {|#5:Fail(ch)|};
                    {|#6:SendAll(ch)|};
                    {|#7:Stop(other)|};
                    {|#8:CallsATasklet(ch)|};
                }

                static void Forward(Channel<int> ch) => ch.Send(1);
                static int Take(Channel<int> ch) => ch.Receive();
                static void Drain(Channel<int> ch) { foreach (int x in ch) { } }
                static void Yield() => Scheduler.Schedule();
                static void Pause() => Scheduler.ScheduleRemove();
                static void Fail(Channel<int> ch) => ch.SendException(new System.Exception());
                static int SendAll(Channel<int> ch) => ch.SendSequence(new[] { 1, 2 });
                static void Stop(Tasklet t) => t.Kill();
                static void CallsATasklet(Channel<int> ch) => Worker(ch);

                [Tasklet]
                static void Worker(Channel<int> ch) => ch.Send(2);
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(0).WithArguments("Forward", "Forward \u2192 Channel<int>.Send"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(1).WithArguments("Take", "Take \u2192 Channel<int>.Receive"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(2).WithArguments("Drain", "Drain \u2192 foreach over Channel<int>"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(3).WithArguments("Yield", "Yield \u2192 Scheduler.Schedule"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(4).WithArguments("Pause", "Pause \u2192 Scheduler.ScheduleRemove"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(5).WithArguments("Fail", "Fail \u2192 Channel<int>.SendException"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(6).WithArguments("SendAll", "SendAll \u2192 Channel<int>.SendSequence"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(7).WithArguments("Stop", "Stop \u2192 Tasklet.Kill"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(8).WithArguments("CallsATasklet", "CallsATasklet \u2192 C.Worker"));

        [Fact]
        public Task SuspensionSeveralCallsDownIsReportedWithTheChain() => AnalyzerVerifier.VerifyAsync(
            """
            using Stackless;

            partial class Pipeline
            {
                [Tasklet]
                void Run(Channel<string> ch) => this.{|#0:Outer(ch)|};

                void Outer(Channel<string> ch) => Inner(ch);
                void Inner(Channel<string> ch) => ch.Send("x");
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(0).WithArguments("Outer", "Outer \u2192 Inner \u2192 Channel<string>.Send"));

        [Fact]
        public Task CalleesThatDoNotSuspendOrAreNotCalledFromTaskletsAreNotReported() => AnalyzerVerifier.VerifyAsync("""
            using System;
            using Stackless;

            partial class C
            {
                static void Main()
                {
                    var ch = new Channel<int>();
                    Forward(ch);                      // main may block: the call pumps the scheduler
                    Scheduler.Run();
                }

                [Tasklet]
                static void M(Channel<int> ch)
                {
                    Close(ch);                        // Close, Balance, Current... do not suspend
                    Inspect(ch);
                    Worker(ch);                       // a [Tasklet] callee is a proper nested frame
                    Action later = () => Forward(ch); // a lambda is not tasklet code
                    ch.Send(1);
                }

                static void Forward(Channel<int> ch) => ch.Send(1);
                static void Close(Channel<int> ch) => ch.Close();
                static int Inspect(Channel<int> ch) => ch.Balance + Scheduler.RunCount + Scheduler.Current.Id;

                [Tasklet]
                static void Worker(Channel<int> ch) => Forward(ch);   // this call is the only one reported
            }
            """.Replace("=> Forward(ch);   //", "=> {|TSK111:Forward(ch)|};   //"));

        [Fact]
        public Task SuspensionInsideALambdaOfTheCalleeIsNotReported() => AnalyzerVerifier.VerifyAsync("""
            using System;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(Channel<int> ch)
                {
                    Action send = MakeSender(ch);
                    ch.Send(1);
                }

                static Action MakeSender(Channel<int> ch) => () => ch.Send(2);
            }
            """);
    }
}
