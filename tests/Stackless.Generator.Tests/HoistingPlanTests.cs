using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Lowering;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// The hoisting plan as a pass of its own (issue 16): the method's facts in, where each local lives and its name out,
    /// by symbol. And what step checks in loops that do not suspend ask of it (issue 14): locals that stay C# locals of
    /// MoveNext, saved to a field only around a check.
    /// </summary>
    public class HoistingPlanTests
    {
        private static (MethodFacts Facts, MethodDeclarationSyntax Method) Facts(string methods)
        {
            string source = "using System; using Stackless;\npartial class P\n{\n" + methods + "\n}\n";
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("P.cs", source));
            SyntaxTree tree = compilation.SyntaxTrees[0];
            SemanticModel model = compilation.GetSemanticModel(tree);
            MethodDeclarationSyntax method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First();
            var symbol = (IMethodSymbol)model.GetDeclaredSymbol(method)!;
            return (new MethodFacts(model, new KnownSymbols(compilation), symbol, (SyntaxNode?)method.Body ?? method.ExpressionBody!, CancellationToken.None), method);
        }

        private static HoistingPlan Plan(string methods, System.Func<MethodDeclarationSyntax, IReadOnlyList<SyntaxNode>>? checkedLoops = null)
        {
            (MethodFacts facts, MethodDeclarationSyntax method) = Facts(methods);
            return HoistingPlanner.Plan(facts, "__M_Frame", checkedLoops?.Invoke(method));
        }

        private static PlannedLocal Local(HoistingPlan plan, string name, int nth = 0) =>
            plan.Locals.Where(l => l.Symbol.Name == name).ElementAt(nth);

        [Fact]
        public void EachLocalOfTheSpine_GetsItsStorage()
        {
            HoistingPlan plan = Plan("""
                [Tasklet]
                static int M(Channel<int> ch, int[] xs)
                {
                    const int K = 3;
                    int a = ch.Receive();
                    foreach (int x in xs)
                    {
                        Func<int> f = () => x;
                        ch.Receive();
                        a += f();
                    }
                    if (a > 0) { int copied = a * K; a = copied; }
                    Span<int> s = stackalloc int[2];
                    s[0] = a;
                    return s[0];
                }
                """);
            Assert.Equal(LocalStorage.Const, Local(plan, "K").Storage);
            Assert.Equal(LocalStorage.Field, Local(plan, "a").Storage);
            Assert.Equal(LocalStorage.FieldBoxPerIteration, Local(plan, "x").Storage); // a lambda captures each iteration's x
            Assert.Equal(LocalStorage.Field, Local(plan, "f").Storage);
            Assert.Equal(LocalStorage.FlattenedLocal, Local(plan, "s").Storage); // nothing suspends after it
            Assert.DoesNotContain(plan.Locals, l => l.Symbol.Name == "copied"); // declared in copied code: stays a local there
            Assert.All(plan.Locals, l => Assert.Null(l.SaveField)); // no checked loops asked for
            Assert.Equal(new[] { "ch", "xs" }, plan.ParameterFields.Select(p => p.Field));
        }

        [Fact]
        public void NamesAreGivenBySymbol_SiblingsOfTheSameNameAndGeneratedLookalikesNeverShareOne()
        {
            HoistingPlan plan = Plan("""
                [Tasklet]
                static int M(Channel<int> ch, int[] xs)
                {
                    int n = 0;
                    foreach (var ok in xs) ch.Receive();
                    foreach (var ok in xs) { Scheduler.Schedule(); n += ok; }
                    { string State = "s"; ch.Receive(); n += State.Length; }
                    { int __t1 = 2; n += __t1; }
                    return 6 switch { 0 => 0, var ok when ok > 4 => ok + n, _ => -1 };
                }
                """);
            PlannedLocal ok1 = Local(plan, "ok", 0), ok2 = Local(plan, "ok", 1);
            Assert.Equal("ok", ok1.Name);
            Assert.NotEqual(ok1.Name, ok2.Name);
            Assert.NotEqual("State", Local(plan, "State").Name); // a frame member's name
            // Every frame-level name is distinct, and a renamed one is spelled by nothing in the method.
            var names = plan.ParameterFields.Select(p => p.Field).Concat(plan.Locals.Select(l => l.Name)).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
            foreach (PlannedLocal l in plan.Locals.Where(l => l.Name != l.Symbol.Name))
                Assert.False(plan.IsFrameMemberName(l.Name) || l.Name.StartsWith("__", System.StringComparison.Ordinal), l.Name);
            // The arm's own 'ok' and the copied '__t1' stay locals of their copies: the arm's keeps its name (its scope is
            // its own), the generated lookalike is renamed by symbol.
            (MethodFacts facts, MethodDeclarationSyntax method) = Facts("""
                [Tasklet]
                static int M(Channel<int> ch) { { int __t1 = 2; ch.Receive(); } { int __t1 = 3; return __t1; } }
                """);
            HoistingPlan copied = HoistingPlanner.Plan(facts, "__M_Frame");
            ISymbol inCopy = method.DescendantNodes().OfType<VariableDeclaratorSyntax>().Select(v => facts.Model.GetDeclaredSymbol(v)!).Last();
            Assert.Null(copied.LocalOf(inCopy));
            Assert.Equal("t1_2", copied.Locals.Single().Name); // the hoisted one: a field
            Assert.Equal("t1_3", copied.CopiedNameOf(inCopy)); // the copied one: a local of its block, still not a generated name
        }

        [Fact]
        public void WithoutCheckedLoops_ALoopThatDoesNotSuspendIsCopied_AndTheSumIsAField()
        {
            HoistingPlan plan = Plan(Arith);
            Assert.Equal(LocalStorage.Field, Local(plan, "sum").Storage);
            Assert.DoesNotContain(plan.Locals, l => l.Symbol.Name is "i" or "t");
        }

        private const string Arith = """
            [Tasklet]
            static long Arith(int n)
            {
                long sum = 0;
                for (int i = 0; i < n; i++) { long t = (long)i * i; sum += t ^ (sum >> 3); }
                return sum;
            }
            """;

        [Fact]
        public void ACheckedLoopThatDoesNotSuspend_KeepsItsLocalsInMoveNext_SavedOnlyAroundItsCheck()
        {
            HoistingPlan plan = Plan(Arith, m => m.DescendantNodes().OfType<ForStatementSyntax>().ToList<SyntaxNode>());
            PlannedLocal sum = Local(plan, "sum"), i = Local(plan, "i");
            var loop = new[] { "for" };
            Assert.Equal(LocalStorage.MethodLocal, sum.Storage);
            Assert.Equal(LocalStorage.MethodLocal, i.Storage);
            Assert.Equal(loop, sum.SavedAround.Select(Keyword));
            Assert.Equal(loop, i.SavedAround.Select(Keyword));
            Assert.NotNull(sum.SaveField);
            Assert.NotEqual(sum.SaveField, i.SaveField);
            // The body (which does not suspend) is copied as a block: its local stays there, dead at the back-edge.
            Assert.DoesNotContain(plan.Locals, l => l.Symbol.Name == "t");
            Assert.True(plan.IsAssigned(sum.Symbol) && plan.IsAssigned(i.Symbol)); // declared at the top of MoveNext, assigned where the user declared
        }

        [Fact]
        public void ALocalASuspensionPointFollows_StaysAField_EvenAroundACheckedLoop()
        {
            HoistingPlan plan = Plan("""
                [Tasklet]
                static long M(Channel<long> ch, int n)
                {
                    long sum = 0;
                    for (int i = 0; i < n; i++) sum += i;
                    ch.Send(sum);
                    long after = 1;
                    while (after < n) after *= 2;
                    return after;
                }
                """, m => m.DescendantNodes().Where(s => s is ForStatementSyntax or WhileStatementSyntax).ToList());
            Assert.Equal(LocalStorage.Field, Local(plan, "sum").Storage); // the Send suspends after it: a field keeps it
            Assert.Empty(Local(plan, "sum").SavedAround);
            Assert.Equal(LocalStorage.MethodLocal, Local(plan, "i").Storage);
            Assert.Equal(new[] { "for" }, Local(plan, "i").SavedAround.Select(Keyword));
            Assert.Equal(new[] { "while" }, Local(plan, "after").SavedAround.Select(Keyword));
        }

        [Fact]
        public void ACapturedLocal_StaysAField_AroundACheckedLoop()
        {
            HoistingPlan plan = Plan("""
                [Tasklet]
                static int M(int n)
                {
                    int c = 0;
                    Func<int> read = () => c;
                    while (c < n) c++;
                    return read();
                }
                """, m => m.DescendantNodes().OfType<WhileStatementSyntax>().ToList<SyntaxNode>());
            Assert.Equal(LocalStorage.Field, Local(plan, "c").Storage); // a closure shares it: a MoveNext local would be another variable
            Assert.Equal(LocalStorage.MethodLocal, Local(plan, "read").Storage);
        }

        [Fact]
        public void IsLowered_IsTheSpine_AndACheckedLoopWithWhatEnclosesIt()
        {
            const string source = """
                [Tasklet]
                static long M(Channel<long> ch, int n)
                {
                    long sum = 0;
                    if (n > 0) { for (int i = 0; i < n; i++) sum += i; }
                    while (sum > 100) sum /= 2;
                    ch.Send(sum);
                    return sum;
                }
                """;
            foreach (bool withFor in new[] { false, true })
            {
                HoistingPlan plan = PlanOf(source, withFor, out MethodDeclarationSyntax method);
                StatementSyntax[] top = method.Body!.Statements.ToArray();
                var ifs = (IfStatementSyntax)top[1];
                ForStatementSyntax loop = method.DescendantNodes().OfType<ForStatementSyntax>().Single();
                Assert.True(plan.IsLowered(method.Body)); // the body and the suspending statement, either way
                Assert.True(plan.IsLowered(top[3]));
                Assert.False(plan.IsLowered(top[0]));
                Assert.False(plan.IsLowered(top[2])); // a loop nobody checks and that does not suspend: copied
                Assert.False(plan.IsLowered(loop.Statement)); // the checked loop's body does not suspend: copied
                Assert.False(plan.IsLowered(null));
                // The checked loop is lowered, and so is every node around it (the if and its block), as the spine is.
                Assert.Equal(withFor, plan.IsLowered(loop));
                Assert.Equal(withFor, plan.IsLowered(ifs));
                Assert.Equal(withFor, plan.IsLowered(ifs.Statement));
            }
        }

        private static HoistingPlan PlanOf(string methods, bool withFor, out MethodDeclarationSyntax method)
        {
            (MethodFacts facts, MethodDeclarationSyntax m) = Facts(methods);
            method = m;
            return HoistingPlanner.Plan(facts, "__M_Frame", withFor ? m.DescendantNodes().OfType<ForStatementSyntax>().ToList<SyntaxNode>() : null);
        }

        private static string Keyword(SyntaxNode loop) => loop.GetFirstToken().ValueText;

        // A foreach over a channel (issue 15): its variable lives within one step unless something else keeps it across one.
        [Theory]
        [InlineData("foreach (int x in ch) total += x;", nameof(LocalStorage.MethodLocal))]
        [InlineData("foreach (int x in ch) { ch.Send(1); total += x; }", nameof(LocalStorage.Field))] // a suspension between it and a use
        [InlineData("foreach (int x in ch) { Func<int> f = () => x; total += f(); }", nameof(LocalStorage.FieldBoxPerIteration))] // captured
        [InlineData("foreach (int x in ch) { total += x; if (total > 100) goto done; } done: total++;", nameof(LocalStorage.Field))] // a user's goto
        [InlineData("foreach (int x in Next(ch)) total += x;", nameof(LocalStorage.Field))] // its collection suspends
        public void TheVariableOfAForEachOverAChannel_IsALocalOfMoveNext_UnlessSomethingElseSuspendsOrHoldsIt(string loop, string expected)
        {
            HoistingPlan plan = Plan("[Tasklet] static int M(Channel<int> ch) { int total = 0; " + loop + " return total; }\n"
                + "[Tasklet] static Channel<int> Next(Channel<int> c) => c.Receive() > 0 ? c : c;");
            Assert.Equal(expected, plan.Locals.Single(l => l.Symbol.Name == "x").Storage.ToString());
        }
    }
}
