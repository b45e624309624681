using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Ir;
using Stackless.Generator.Lowering;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Parts of the lowering as classes with explicit inputs (issue 16 item 2): the allocator, the verbatim copier run
    /// with a context of the test's own (no FrameLowerer), and the using-declaration trampolines as a step of their own.
    /// </summary>
    public class LoweringPartsTests
    {
        [Fact]
        public void TheAllocator_CountsLabelsTempsAndResumePointsApart_InTheOrderAskedFor()
        {
            var alloc = new LoweringAllocator();
            Assert.Equal("__while1", alloc.NewLabel("while"));
            Assert.Equal("__t1", alloc.NewTempName("t"));
            Assert.Equal("__endwhile2", alloc.NewLabel("endwhile"));
            Assert.Equal("__ex2", alloc.NewTempField("internal", "global::System.Exception", "ex"));
            Assert.Equal(new[] { 1, 2, 3 }, new[] { alloc.NewResumePoint(), alloc.NewResumePoint(), alloc.NewResumePoint() });
            Assert.Equal(3, alloc.ResumePointCount);
            Assert.Equal("__ex2", Assert.Single(alloc.Fields).Name);
            Assert.False(alloc.UsesThis);
            alloc.UseThis();
            Assert.True(alloc.UsesThis);
        }

        private const string Source = """
            using Stackless;
            partial class P
            {
                bool F;
                [Tasklet]
                void M(Channel<int> ch)
                {
                    while (true)
                    {
                        if (F) break;
                        ch.Receive();
                    }
                }
            }
            """;

        [Fact]
        public void TheCopier_AsksItsContextWhereAJumpGoes_AndWritesItAsAHole()
        {
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("P.cs", Source));
            SyntaxTree tree = compilation.SyntaxTrees[0];
            SemanticModel model = compilation.GetSemanticModel(tree);
            MethodDeclarationSyntax method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First();
            var facts = new MethodFacts(model, new KnownSymbols(compilation), (IMethodSymbol)model.GetDeclaredSymbol(method)!, method.Body!, CancellationToken.None);
            var context = new StubContext(facts, HoistingPlanner.Plan(facts, "__M_Frame", null), new LoweringAllocator());
            WhileStatementSyntax loop = method.Body!.DescendantNodes().OfType<WhileStatementSyntax>().Single();
            context.Breaks[loop] = "__endwhile7";

            IfStatementSyntax test = loop.DescendantNodes().OfType<IfStatementSyntax>().Single();
            CopiedCode copy = JumpHoles.Cut(BodyRewriter.Copy(context, test));

            Assert.Equal("if (__this.F) ", copy.Text); // the field of the user's type through __this; the break cut out
            Assert.Equal(new IrJumpHole("if (__this.F) ".Length, "__endwhile7"), Assert.Single(copy.Holes));
            Assert.True(context.Allocator.UsesThis);
        }

        [Fact]
        public void UsingDeclarationJumps_SendJumpsWrittenBeforeADeclaration_BackToTrampolines_LabelledByTheAllocator()
        {
            // { ; using var d = D(); void L() { } } with the ';' a hole to __end1: a local function follows, so no nesting.
            StatementSyntax hole = JumpHoles.Hole("__end1", SyntaxFactory.TriviaList(SyntaxFactory.Space));
            var block = (BlockSyntax)SyntaxFactory.ParseStatement("{ using var d = D(); void L() { } }");
            block = block.WithStatements(block.Statements.Insert(0, hole));
            Assert.Same(block, UsingDeclarationJumps.Nest(block));
            var alloc = new LoweringAllocator();
            alloc.NewLabel("x");
            BlockSyntax routed = UsingDeclarationJumps.WithTrampolines(block, alloc);
            CopiedCode copy = JumpHoles.Cut(routed);
            Assert.StartsWith("{ goto __over2; __jump3: ", copy.Text); // the trampoline, its jump cut out as a hole
            Assert.Contains("__over2: ", copy.Text);
            Assert.Contains("goto __jump3; using var d = D();", copy.Text); // the jump before the declaration goes back
            Assert.Equal("__end1", Assert.Single(copy.Holes).Label); // the trampoline's jump leaves the copy: a hole again
        }

        /// <summary>A context of the test's own: breaks go where <see cref="Breaks"/> says; nothing else is asked here.</summary>
        private sealed class StubContext : ICopyContext
        {
            public StubContext(MethodFacts facts, HoistingPlan plan, LoweringAllocator allocator) => (Facts, Plan, Allocator) = (facts, plan, allocator);

            public readonly Dictionary<SyntaxNode, string> Breaks = new();
            public MethodFacts Facts { get; }
            public HoistingPlan Plan { get; }
            public LoweringAllocator Allocator { get; }
            public bool Preemptible => false;
            public string? RethrowName => null;

            public string? BreakLabel(SyntaxNode loopOrSwitch) => Breaks.TryGetValue(loopOrSwitch, out string? l) ? l : null;
            public string? ContinueLabel(SyntaxNode loop) => null;
            public StatementSyntax ReturnStatement(ExpressionSyntax? value, bool insideTry, SyntaxNode original) => throw new NotSupportedException();
            public StatementSyntax? GotoJump(GotoStatementSyntax node, SyntaxNode root) => null;
            public string? LabelName(GotoStatementSyntax jump) => null;
            public bool CountsStepsIn(LocalFunctionStatementSyntax function) => false;
            public List<ILocalSymbol> BoxesNeeded(SyntaxNode function) => new();
            public ExpressionSyntax? BindingReceiverOf(SyntaxNode binding) => null;
            public bool LowersConditionalAccess(ConditionalAccessExpressionSyntax access) => false;
            public ExpressionSyntax PatternTest(ExpressionSyntax value, PatternSyntax pattern, Dictionary<SyntaxNode, LoweredValue>? replacements) => throw new NotSupportedException();
            public ExpressionSyntax BaseMember(MemberAccessExpressionSyntax access) => throw new NotSupportedException();
            public ExpressionSyntax BaseIndexer(ElementAccessExpressionSyntax access, IReadOnlyList<ArgumentSyntax> arguments) => throw new NotSupportedException();
            public bool IsInObjectBox(ISymbol local) => false;
            public ExpressionSyntax ObjectBoxValue(string box, ITypeSymbol type) => throw new NotSupportedException();
            public ExpressionSyntax FieldReference(ILocalSymbol local) => throw new NotSupportedException();
        }
    }
}
