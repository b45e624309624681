using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Deep input never crashes the compiler (issue 16): long expression chains lower without recursion proportional
    /// to their length, and what is still nested too deeply becomes TSK012. The generator's own passes (parse, lowering,
    /// emit) run again on a thread with a small stack (a compiler host's worker thread may have little more) and must
    /// give the same frames, so a pass proves no deep recursion; Roslyn binds each body first on a big stack
    /// (<see cref="TestCompiler.RunGeneratorWithPassesOnStack"/>): its binder and nullable analysis recurse as deep as
    /// the user's code nests, which is its need, not ours.
    /// </summary>
    public class DeepInputTests
    {
        private const int SmallStack = 256 * 1024;
        /// <summary>Roslyn's own binder needs more than 256 KB for 500 nested blocks: a thread's default on Windows.</summary>
        private const int DefaultStack = 1024 * 1024;
        private const int Terms = 10_000;

        /// <summary><paramref name="count"/> terms joined by <paramref name="op"/>, term i written by <paramref name="term"/>.</summary>
        private static string Chain(int count, string op, System.Func<int, string> term) =>
            string.Join(" " + op + " ", Enumerable.Range(0, count).Select(term));

        [Fact]
        public void ASumOf10000Terms_AfterAReceive_CompilesAndRuns()
        {
            string chain = Chain(Terms, "+", i => i == 0 ? "c.Receive()" : (i - 1).ToString());
            string trace = Differential.Same(TestPrograms.Feeder + "[Tasklet] static int F(Channel<int> c) => " + chain + ";\n",
                "F(ch)", init: "ch = new();", partners: "SpawnFeed(ch, 1);", generatorStack: SmallStack);
            long expected = 1 + (long)(Terms - 1) * (Terms - 2) / 2; // the received 1, then 0 + 1 + … + 9998
            Assert.Equal("result " + expected, trace);
        }

        [Fact]
        public void ASumOf10000Terms_EndingInAReceive_CompilesAndRuns()
        {
            // A call every 100 terms (Roslyn's own semantic queries cost as much as a node is deep: one per term is slow).
            string chain = Chain(Terms, "+", i => i == Terms - 1 ? "c.Receive()" : i % 100 == 0 ? "Side(" + i + ")" : "1");
            string trace = Differential.Same(TestPrograms.Feeder + """
                static long sides;
                static int Side(int i) { sides += i; return 1; }
                [Tasklet] static string F(Channel<int> c) { int sum = 
                """ + chain + """
                ; return sum + " " + sides; }

                """, "F(ch)", init: "ch = new(); sides = 0;", partners: "SpawnFeed(ch, 1);", generatorStack: SmallStack);
            long sides = Enumerable.Range(0, Terms - 1).Where(i => i % 100 == 0).Sum(i => (long)i);
            Assert.Equal("result " + (Terms - 1 + 1) + " " + sides, trace); // 9,999 ones and the received 1
        }

        [Fact]
        public void AStringConcatenationOf10000Terms_WithReceivesAlongIt_CompilesAndRuns()
        {
            // Terms: a receive every 2,000 terms, a side effect (a counter) every 50th term, literals otherwise.
            string Term(int i) => i % 2000 == 1000 ? "c.Receive()" : i % 50 == 0 ? "Next()" : "\"s" + i + "\"";
            string chain = "\"\" + " + Chain(Terms, "+", Term);
            string trace = Differential.Same(TestPrograms.Feeder + """
                static int counter;
                static int Next() => ++counter;
                [Tasklet] static string F(Channel<int> c) => 
                """ + chain + ";\n", "F(ch)", init: "ch = new(); counter = 0;", partners: "SpawnFeed(ch, 10);", generatorStack: SmallStack);
            var expected = new StringBuilder();
            int counter = 0, received = 0;
            for (int i = 0; i < Terms; i++)
                expected.Append(i % 2000 == 1000 ? (++received).ToString() : i % 50 == 0 ? (++counter).ToString() : "s" + i);
            Assert.Equal("result " + expected, trace);
        }

        [Fact]
        public void ASumOf10000Terms_WithAReceiveEvery100Terms_CompilesAndRuns()
        {
            // 100 suspensions along one left-deep chain: each spills the sum so far into the frame.
            string chain = Chain(Terms, "+", i => i % 100 == 0 ? "c.Receive()" : "1");
            string trace = Differential.Same(TestPrograms.Feeder + "[Tasklet] static int F(Channel<int> c) => " + chain + ";\n",
                "F(ch)", init: "ch = new();", partners: "SpawnFeed(ch, 100);", generatorStack: SmallStack);
            Assert.Equal("result " + (Terms - 100 + 100 * 101 / 2), trace); // 9,900 ones and the received 1…100
        }

        [Fact]
        public void AStringConcatenationOf10000Terms_WithAwaitsAlongIt_CompilesAndRuns()
        {
            // Tasklet.Await of a completed task (every 1,000th term, from 500) and of one completed later by another
            // tasklet (every 1,000th term, from 0), literals otherwise.
            string Term(int i) => i % 1000 == 500 ? "Tasklet.Await(Task.FromResult(\"a\" + i))" : i % 1000 == 0 ? "Tasklet.Await(Later(i))" : "\"s\"";
            string chain = "\"\" + " + Chain(Terms, "+", Term);
            string trace = Differential.Same("""
                static TaskCompletionSource<string>? pending;
                static Task<string> Later(int i) { pending = new TaskCompletionSource<string>(); return pending.Task; }
                [Tasklet] static void Completer()
                {
                    for (int completed = 0; completed < 10; Scheduler.Schedule())
                        if (pending is { } p) { pending = null; completed++; p.SetResult("l"); }
                }
                [Tasklet] static string F() { int i = 0; return 
                """ + chain.Replace("Task.FromResult(\"a\" + i)", "Task.FromResult(\"a\" + i++)") + """
                ; }

                """, "F()", init: "pending = null;", partners: "SpawnCompleter();", usings: "using System.Threading.Tasks;", generatorStack: SmallStack);
            var expected = new StringBuilder();
            int awaited = 0;
            for (int i = 0; i < Terms; i++)
                expected.Append(i % 1000 == 500 ? "a" + awaited++ : i % 1000 == 0 ? "l" : "s");
            Assert.Equal("result " + expected, trace);
        }

        [Fact]
        public void ChainsOf10000AndsAndOrs_WithReceives_ShortCircuitAndRun()
        {
            // A counted call every 100 terms, literals otherwise.
            string and = Chain(Terms, "&&", i => i == 0 ? "c.Receive() == 1" : i == Terms / 2 ? "c.Receive() == 2" : i % 100 == 50 ? "K(true)" : "true");
            string or = Chain(Terms, "||", i => i == 0 ? "c.Receive() == 0" : i == Terms / 2 ? "c.Receive() == 4" : i % 100 == 50 ? "K(false)" : "false");
            string trace = Differential.Same(TestPrograms.Feeder + """
                static int calls;
                static bool K(bool v) { calls++; return v; }
                [Tasklet] static string F(Channel<int> c)
                {
                    bool a = 
                """ + and + """
                ;
                    int afterAnd = calls;
                    bool o = 
                """ + or + """
                ;
                    return a + " " + afterAnd + " " + o + " " + calls;
                }

                """, "F(ch)", init: "ch = new(); calls = 0;", partners: "SpawnFeed(ch, 4);", generatorStack: SmallStack);
            // && : receives 1 and 2, every term is true, so all 100 K calls run; || : receives 3 (false), then the
            // terms up to the second receive, which is 4: true, and the 50 K calls after it are skipped.
            Assert.Equal("result True 100 True 150", trace);
        }

        [Fact]
        public void AnElseIfChainOf3000_WithReceivesInTheFirstHalf_CompilesAndRuns()
        {
            // Each else-if nests in the previous one's else. Receives at links 250, 750 and 1,250 (never equal); from
            // link 1,251 on nothing suspends (copied as written); link 2,000 matches x. On 1 MB: Roslyn's own lookups
            // recurse along the chain's binders (nearly all of 256 KB at link 3,000 on their own).
            const int links = 3000;
            var body = new StringBuilder("int x = c.Receive() * 10000;\n");
            for (int i = 0; i < links; i++)
            {
                string condition = i < 1500 && i % 500 == 250 ? "c.Receive() == " + i : i == 2000 ? "x == 10000" : "x == " + i;
                body.Append(i == 0 ? "if (" : "else if (").Append(condition).Append(") return ").Append(i).Append(";\n");
            }
            body.Append("else return -x;\n");
            string trace = Differential.Same(TestPrograms.Feeder + "[Tasklet] static int F(Channel<int> c) {\n" + body + "}\n",
                "F(ch)", init: "ch = new();", partners: "SpawnFeed(ch, 4);", generatorStack: DefaultStack);
            Assert.Equal("result 2000", trace);
        }

        [Fact]
        public void ThreeThousandNestedParentheses_AreTSK012_NotACrash_AndCallersStillCompile()
        {
            const int depth = 3000;
            string source = """
                using Stackless;
                public static partial class P
                {
                    [Tasklet] public static int F(Channel<int> c) => 
                """ + new string('(', depth) + "c.Receive()" + new string(')', depth) + """
                ;
                    [Tasklet] public static int G(Channel<int> c) => F(c) + 1;
                }
                """;
            // Roslyn parses and compiles this on a large stack; the generator gets a thread's default (1 MB).
            CSharpCompilation input = OnStack(64 << 20, () => TestCompiler.CreateCompilation(("Program.cs", source)));
            GeneratorOutcome outcome = TestCompiler.RunGeneratorOnStack(input, DefaultStack);
            Diagnostic only = Assert.Single(outcome.GeneratorDiagnostics);
            Assert.Equal("TSK012", only.Id);
            Assert.Contains("too deeply nested", only.GetMessage());
            // F's body is refused, but its factory and SpawnF are declared (throwing): G's frame compiles.
            Assert.Contains(outcome.Sources, s => s.SourceText.ToString().Contains("__G_Frame"));
            var generated = outcome.Sources.Select(s => s.SyntaxTree).ToHashSet();
            Diagnostic[] errors = OnStack(64 << 20, () => outcome.Output.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error && generated.Contains(d.Location.SourceTree!)).ToArray());
            Assert.Empty(errors);
        }

        private static T OnStack<T>(int stackSize, System.Func<T> run)
        {
            T result = default!;
            var thread = new System.Threading.Thread(() => result = run(), stackSize);
            thread.Start();
            thread.Join();
            return result;
        }

        [Fact]
        public void FiveHundredNestedBlocks_WithAReceiveInside_CompileAndRun()
        {
            const int depth = 500;
            var body = new StringBuilder("int s = 0;\n");
            for (int i = 0; i < depth; i++) body.Append("{ int v" + i + " = " + i + "; s += v" + i + ";\n");
            body.Append("s += c.Receive() * 1000000;\n");
            for (int i = 0; i < depth; i++) body.Append("s += v" + (depth - 1 - i) + "; }\n");
            body.Append("return s;\n");
            string trace = Differential.Same(TestPrograms.Feeder + "[Tasklet] static int F(Channel<int> c) {\n" + body + "}\n",
                "F(ch)", init: "ch = new();", partners: "SpawnFeed(ch, 1);", generatorStack: DefaultStack);
            Assert.Equal("result " + (1000000 + 2 * (depth * (depth - 1) / 2)), trace);
        }

        [Fact]
        public void FiveHundredNestedBlocks_EachWithAReceive_AndLocalsLiveAcrossThem_CompileAndRun()
        {
            // Every level's local lives across the 499 receives nested inside it: 500 hoisted locals, 500 resume points.
            const int depth = 500;
            var body = new StringBuilder("int s = 0;\n");
            for (int i = 0; i < depth; i++) body.Append("{ int v" + i + " = c.Receive(); s += v" + i + ";\n");
            for (int i = 0; i < depth; i++) body.Append("s += v" + (depth - 1 - i) + "; }\n");
            body.Append("return s;\n");
            string trace = Differential.Same(TestPrograms.Feeder + "[Tasklet] static int F(Channel<int> c) {\n" + body + "}\n",
                "F(ch)", init: "ch = new();", partners: "SpawnFeed(ch, " + depth + ");", generatorStack: DefaultStack);
            Assert.Equal("result " + (2 * (depth * (depth + 1) / 2)), trace);
        }
    }
}
