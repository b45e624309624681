using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>
    /// Suspension points are declared ([SuspensionPoint]), not listed: the analyzers know a library's own ones from its
    /// metadata, as they know the runtime's (TSK111 through an ordinary method, TSK112 as a delegate, a foreach step).
    /// </summary>
    public class LibrarySuspensionPointTests
    {
        private const string Library = """
            using System.Collections.Generic;
            using Stackless;
            using Stackless.CompilerServices;

            namespace Lib
            {
                public sealed class Gate
                {
                    [SuspensionPoint(nameof(BeginWait), nameof(EndWait))]
                    public void Wait() { }
                    public bool BeginWait(Tasklet frame) => false;
                    public void EndWait(Tasklet frame) { }

                    public void Open() { }                       // does not suspend
                    public bool TryWait() => true;               // nor this one, beside a declared one
                }

                public sealed class Mailbox
                {
                    private readonly Channel<int> inner = new();
                    [SuspensionPoint(nameof(BeginNext), nameof(EndNext))]
                    public IEnumerator<int> GetEnumerator() { yield break; }
                    public bool BeginNext(Tasklet frame) => inner.BeginReceive(frame);
                    public bool EndNext(Tasklet frame, out int item) => inner.EndReceiveNext(frame, out item);
                }
            }
            """;

        /// <summary>The library, compiled on its own against the runtime: the consumer sees it only as metadata.</summary>
        private static MetadataReference CompileLibrary()
        {
            CSharpCompilation compilation = CSharpCompilation.Create("DeclaringLib",
                new[] { CSharpSyntaxTree.ParseText(Library) }, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            using var pe = new MemoryStream();
            var result = compilation.Emit(pe);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            return MetadataReference.CreateFromImage(pe.ToArray());
        }

        private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new AnalyzerVerifier.Test { TestCode = source };
            test.TestState.AdditionalReferences.Add(CompileLibrary());
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task ALibrarysSuspensionPoints_AreKnownToTSK111AndTSK112() => VerifyAsync(
            """
            using System;
            using Stackless;
            using Lib;

            partial class C
            {
                [Tasklet]
                static void M(Gate gate, Mailbox box)
                {
                    {|#0:WaitFor(gate)|};
                    {|#1:Drain(box)|};
                    OpenIt(gate);                       // reaches no suspension point
                    Action wait = gate.{|#2:Wait|};
                    gate.Wait();                        // a tasklet may suspend on it
                    foreach (int x in box) { }
                }

                static void WaitFor(Gate gate) => gate.Wait();
                static void Drain(Mailbox box) { foreach (int x in box) { } }
                static void OpenIt(Gate gate) { gate.Open(); gate.TryWait(); box.GetEnumerator(); }
                static Mailbox box = new();
            }
            """,
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(0).WithArguments("WaitFor", "WaitFor \u2192 Gate.Wait"),
            AnalyzerVerifier.Diagnostic("TSK111").WithLocation(1).WithArguments("Drain", "Drain \u2192 foreach over Mailbox"),
            AnalyzerVerifier.Diagnostic("TSK112").WithLocation(2).WithArguments("Gate.Wait"));
    }
}
