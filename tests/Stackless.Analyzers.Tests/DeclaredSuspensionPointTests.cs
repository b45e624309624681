using System.Threading.Tasks;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>
    /// The analyzers know a suspension point by its [SuspensionPoint] attribute alone (design.md §7.1): the runtime's
    /// later ones (Select.Wait, Scheduler.Sleep, the timed TryReceive/TrySend, Tasklet.Await) and a user's own are reported by TSK111 and TSK112 like Channel.Send, with no list to update.
    /// </summary>
    public class DeclaredSuspensionPointTests
    {
        [Fact]
        public Task SelectWaitIsASuspensionPoint() => AnalyzerVerifier.VerifyAsync(
            """
            using System;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static int M(Channel<int> a, Channel<int> b)
                {
                    var select = new Select();
                    select.Receive(a);
                    select.Receive(b);
                    int fired = select.Wait();
                    Func<int> wait = select.{|#0:Wait|};
                    return fired + {|#1:Choose(select)|};
                }

                static int Choose(Select select) => select.Wait();
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK112").WithLocation(0).WithArguments("Select.Wait"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(1).WithArguments("Choose", "Choose \u2192 Select.Wait"));

        [Fact]
        public Task SchedulerSleepIsASuspensionPoint() => AnalyzerVerifier.VerifyAsync(
            """
            using System;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(Channel<int> ticks)
                {
                    Scheduler.Sleep(TimeSpan.FromSeconds(1));
                    ticks.Send(1);
                    Action<TimeSpan> sleep = Scheduler.{|#0:Sleep|};
                    {|#1:Nap()|};
                }

                static void Nap() => Scheduler.Sleep(TimeSpan.FromMilliseconds(5));
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK112").WithLocation(0).WithArguments("Scheduler.Sleep"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(1).WithArguments("Nap", "Nap \u2192 Scheduler.Sleep"));

        [Fact]
        public Task TimedTryReceiveAndTrySendAreSuspensionPointsAndTheNonBlockingOnesAreNot() => AnalyzerVerifier.VerifyAsync(
            """
            using System;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static int M(Channel<int> ch)
                {
                    TimeSpan t = TimeSpan.FromMilliseconds(10);
                    int sum = ch.TryReceive(out int v, t) ? v : 0;
                    Func<int, TimeSpan, bool> timedSend = ch.{|#0:TrySend|};
                    Func<int, bool> send = ch.TrySend;
                    sum += {|#1:Poll(ch, t)|} + {|#2:Offer(ch, t)|} + Peek(ch);
                    return sum;
                }

                static int Poll(Channel<int> ch, TimeSpan t) => ch.TryReceive(out int v, t) ? v : -1;
                static int Offer(Channel<int> ch, TimeSpan t) => ch.TrySend(1, t) ? 1 : 0;
                static int Peek(Channel<int> ch) => ch.TryReceive(out int v) && ch.TrySend(v) ? v : 0;
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK112").WithLocation(0).WithArguments("Channel<int>.TrySend"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(1).WithArguments("Poll", "Poll \u2192 Channel<int>.TryReceive"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(2).WithArguments("Offer", "Offer \u2192 Channel<int>.TrySend"));

        [Fact]
        public Task TaskletAwaitIsASuspensionPoint() => AnalyzerVerifier.VerifyAsync(
            """
            using System;
            using System.Threading.Tasks;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static int M(Task<int> count, ValueTask done)
                {
                    Tasklet.Await(done);
                    int n = Tasklet.Await(count);
                    Func<Task<int>, int> await = Tasklet.{|#0:Await|};
                    return n + {|#1:Get(count)|};
                }

                static int Get(Task<int> count) => Tasklet.Await(count);
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK112").WithLocation(0).WithArguments("Tasklet.Await<int>"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(1).WithArguments("Get", "Get \u2192 Tasklet.Await<int>"));

        [Fact]
        public Task AUsersOwnDeclaredSuspensionPointIsOne() => AnalyzerVerifier.VerifyAsync(
            """
            using System;
            using Stackless;
            using Stackless.CompilerServices;

            sealed class Mailbox
            {
                [SuspensionPoint(nameof(BeginTake), nameof(EndTake))]
                public int Take() => 0;

                public bool BeginTake(Tasklet frame) => false;
                public int EndTake(Tasklet frame) => 0;

                /// <summary>Not declared: an ordinary method, even with a suspending name.</summary>
                public int Peek() => 0;
            }

            partial class C
            {
                [Tasklet]
                static int M(Mailbox box)
                {
                    int first = box.Take() + box.Peek();
                    Func<int> take = box.{|#0:Take|};
                    Func<int> peek = box.Peek;
                    return first + {|#1:TakeTwo(box)|};
                }

                static int TakeTwo(Mailbox box) => box.Take() + box.Take();
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK112").WithLocation(0).WithArguments("Mailbox.Take"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(1).WithArguments("TakeTwo", "TakeTwo \u2192 Mailbox.Take"));
    }
}
