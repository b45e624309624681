using System;
using System.Threading.Tasks;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>TSK110: a [Tasklet] method calls a method of the compilation that blocks, directly or a few calls down.</summary>
    public class BlockingThroughCallTests
    {
        private static readonly (string, string)[] NoFiles = Array.Empty<(string, string)>();

        [Fact]
        public Task ChainIsReportedAtTheCallSiteInTheTasklet() => AnalyzerVerifier.VerifyAsync(
            """
            using System.Threading;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(Channel<int> ch)
                {
                    {|#0:Helper()|};
                    ch.Send(1);
                }

                static void Helper() => Wait();
                static void Wait() => Thread.Sleep(10);
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK110").WithLocation(0).WithArguments("Helper", "Helper \u2192 Wait \u2192 Thread.Sleep (TSK101)"));

        [Fact]
        public Task InstanceCallsConstructorsLocalFunctionsAndPropertiesAreFollowed() => AnalyzerVerifier.VerifyAsync(
            """
            using System.Threading;
            using System.Threading.Tasks;
            using Stackless;

            class Blocker
            {
                public Blocker() => Thread.Sleep(1);
            }

            partial class C
            {
                private readonly Task<int> pending = Task.FromResult(1);

                [Tasklet]
                void M(Channel<int> ch)
                {
                    this.{|#0:Read()|};
                    {|#1:new Blocker()|};
                    {|#2:Local()|};
                    ch.Send(1);

                    void Local() => Console();
                }

                int Read() => pending.Result;
                static void Console() => System.Console.ReadKey();
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK110").WithLocation(0).WithArguments("Read", "Read \u2192 Task<int>.Result (TSK102)"),
            AnalyzerVerifier.Diagnostic("TSK110").WithLocation(1).WithArguments("new Blocker", "new Blocker \u2192 Thread.Sleep (TSK101)"),
            AnalyzerVerifier.Diagnostic("TSK110").WithLocation(2).WithArguments("Local", "Local \u2192 Console \u2192 Console.ReadKey (TSK105)"));

        [Fact]
        public Task TheShortestChainIsReported() => AnalyzerVerifier.VerifyAsync(
            """
            using System.IO;
            using System.Threading;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M() => {|#0:A()|};

                static void A() { B(); C2(); }
                static void B() => D();
                static void D() => Thread.Sleep(1);
                static void C2() => File.ReadAllText("x");
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK110").WithLocation(0).WithArguments("A", "A \u2192 C2 \u2192 File.ReadAllText (TSK107)"));

        [Fact]
        public Task ChainsUpToFiveMethodsDeepAreFollowedAndLongerOnesAreNot() => AnalyzerVerifier.VerifyAsync(
            """
            using System.Threading;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M()
                {
                    {|#0:L1()|};
                    K1();
                }

                static void L1() => L2();
                static void L2() => L3();
                static void L3() => L4();
                static void L4() => L5();
                static void L5() => Thread.Sleep(1);

                static void K1() => K2();
                static void K2() => K3();
                static void K3() => K4();
                static void K4() => K5();
                static void K5() => K6();
                static void K6() => Thread.Sleep(1);
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK110").WithLocation(0).WithArguments("L1", "L1 \u2192 L2 \u2192 L3 \u2192 L4 \u2192 L5 \u2192 Thread.Sleep (TSK101)"));

        [Fact]
        public Task RecursionWithoutBlockingEndsAndReportsNothing() => AnalyzerVerifier.VerifyAsync("""
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(Channel<int> ch) => ch.Send(Even(10) ? 1 : 0);

                static bool Even(int n) => n == 0 || Odd(n - 1);
                static bool Odd(int n) => n != 0 && Even(n - 1);
            }
            """);

        [Fact]
        public Task NonBlockingCalleesTaskletCalleesAndLambdasAreNotReported() => AnalyzerVerifier.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(Channel<int> ch)
                {
                    ch.Send(Add(1, 2));
                    Sleeper();                 // a nested [Tasklet] call: Sleeper's own body gets TSK101
                    Spawner();                 // blocks only inside a lambda it hands to Task.Run
                    External(ch);              // not in this compilation's source: not followed
                }

                static int Add(int a, int b) => a + b;

                [Tasklet]
                static void Sleeper() => Thread.{|TSK101:Sleep(1)|};

                static Task Spawner() => Task.Run(() => Thread.Sleep(1));

                static void External(Channel<int> ch) => GC.KeepAlive(ch);

                static void NotCalledFromATasklet() => Thread.Sleep(1);
            }
            """);

        [Fact]
        public Task FamilyTurnedOffInEditorConfigIsNotReportedThroughCallsEither() => AnalyzerVerifier.VerifyAsync(
            """
            using System.IO;
            using System.Threading;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M()
                {
                    Load();
                    {|#0:Nap()|};
                }

                static string Load() => File.ReadAllText("config.json");
                static void Nap() => Thread.Sleep(1);
            }
            """,
            NoFiles,
            new[] { ("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.TSK107.severity = none\n") },
            AnalyzerVerifier.Diagnostic("TSK110").WithLocation(0).WithArguments("Nap", "Nap \u2192 Thread.Sleep (TSK101)"));

        [Fact]
        public Task CallUnderPragmaDisableOfItsFamilyIsNotReportedThroughCallsEither() => AnalyzerVerifier.VerifyAsync(
            """
            using System.Net.Sockets;
            using System.Threading;
            using Stackless;

            partial class C
            {
                [Tasklet]
                static void M(Socket s, byte[] b)
                {
                    ReadReady(s, b);
                    {|#0:ReadAfterRestore(s, b)|};
                    {|#1:Nap()|};
                }

                // The socket is non-blocking: this receive never waits.
            #pragma warning disable TSK108
                static int ReadReady(Socket s, byte[] b) => s.Receive(b);
            #pragma warning restore TSK108
                static int ReadAfterRestore(Socket s, byte[] b) => s.Receive(b);
            #pragma warning disable TSK108 // another family's call is still reported
                static void Nap() => Thread.Sleep(1);
            #pragma warning restore TSK108
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK110").WithLocation(0).WithArguments("ReadAfterRestore", "ReadAfterRestore \u2192 Socket.Receive (TSK108)"),
            AnalyzerVerifier.Diagnostic("TSK110").WithLocation(1).WithArguments("Nap", "Nap \u2192 Thread.Sleep (TSK101)"));
    }
}
