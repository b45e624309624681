using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Emitter;
using Stackless.Generator.Ir;
using Stackless.Generator.Lowering;
using Stackless.Generator.Model;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// The intermediate form of a frame body and its emitter (issue 16): labels survive only when something jumps to
    /// them, indentation follows nesting, and every line of the user's code maps to its own source line.
    /// </summary>
    public class IntermediateFormTests
    {
        private const string File = "/src/M.cs";

        private static EquatableArray<T> A<T>(params T[] items) where T : IEquatable<T> => new(items);

        private static readonly EquatableArray<IrJumpHole> NoJumps = EquatableArray<IrJumpHole>.Empty;

        /// <summary>C# as the lowering would build it (parsed here, in the test, for brevity; the generator never parses).</summary>
        private static IrSyntax<ExpressionSyntax> X(string code) => SyntaxFactory.ParseExpression(code);

        /// <summary>A dispatch written as one switch.</summary>
        private static IrDispatch OneLevel(params IrDispatchCase[] cases) => new(A(cases), 0);

        private static string Emit(IrBody body)
        {
            var w = new IndentedWriter();
            BodyEmitter.Write(w, 0, body);
            return w.ToString();
        }

        /// <summary>The source line each emitted line maps to under C#'s #line rules (-1: hidden; 0: not mapped).</summary>
        private static List<(string Text, int Line)> Mapped(string text)
        {
            var result = new List<(string, int)>();
            int next = 0;
            foreach (string line in text.Split('\n'))
            {
                if (line.StartsWith("#line hidden", StringComparison.Ordinal)) { next = -1; continue; }
                if (line.StartsWith("#line ", StringComparison.Ordinal))
                {
                    next = int.Parse(line.Substring(6, line.IndexOf(' ', 6) - 6), CultureInfo.InvariantCulture);
                    continue;
                }
                result.Add((line.Trim(), next));
                if (next > 0) next++;
            }
            return result;
        }

        [Fact]
        public void UnusedLabels_AreDropped_AndALabelEndingABlockGetsAnEmptyStatement()
        {
            var body = new IrBody(EquatableArray<IrLocal>.Empty, IrDispatch.None, A<IrNode>(
                new IrLabel("__unused1"),
                new IrConditionalGoto(X("x > 0"), "__end2", -1, 0),
                new IrVerbatim("{ __result = 1;  }", 4, 8, A(new IrJumpHole(16, "__leave3"))),
                new IrLabel("__leave3"),
                new IrFinish(null),
                new IrLabel("__end2"),
                new IrComment("nothing follows")), "");
            string text = Emit(body);
            Assert.DoesNotContain("__unused1", text);
            Assert.Contains("__leave3:", text);
            Assert.Contains("__end2:\n;\n// nothing follows", text.Replace("    ", ""));
            Assert.DoesNotContain("#line", text); // no file: no directives
        }

        [Fact]
        public void TheGeneratorsStatements_AreTypedNodes_WrittenHiddenByTheEmitter_OrOnTheLineTheyLower()
        {
            var body = new IrBody(EquatableArray<IrLocal>.Empty, IrDispatch.None, A<IrNode>(
                new IrVerbatim("int a = 0;", 3, 8, NoJumps),
                new IrAssign(X("__index2"), X("0")),
                new IrAssign(X("__pendingException3"), X("__ex4"), "rethrown after the finally block"),
                new IrIncrement("__index2"),
                new IrEvaluate(X("global::Stackless.CompilerServices.TaskletFrame.TakeResult(ref __call1)")),
                new IrRethrowPending("__pendingException3"),
                new IrThrow(X("new global::System.Runtime.CompilerServices.SwitchExpressionException(__t5)")),
                // The branches of one user line's ?: : the generator's statements between its pieces stay on that line.
                new IrVerbatim("__t6 = a;", 7, 8, NoJumps),
                new IrAssign(X("__t7"), X("default!")),
                new IrVerbatim("__t7 = __t6 + 1;", 7, 8, NoJumps),
                new IrFinish(X("__result"))), File);
            List<(string Text, int Line)> mapped = Mapped(Emit(body));
            int LineOf(string code) => mapped.Single(m => m.Text == code).Line;
            Assert.Equal(3, LineOf("int a = 0;"));
            Assert.Equal(-1, LineOf("__index2 = 0;"));
            Assert.Equal(-1, LineOf("__pendingException3 = __ex4; // rethrown after the finally block"));
            Assert.Equal(-1, LineOf("__index2++;"));
            Assert.Equal(-1, LineOf("global::Stackless.CompilerServices.TaskletFrame.TakeResult(ref __call1);"));
            Assert.Equal(-1, LineOf("if (__pendingException3 != null) global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(__pendingException3).Throw();"));
            Assert.Equal(-1, LineOf("throw new global::System.Runtime.CompilerServices.SwitchExpressionException(__t5);"));
            Assert.Equal(7, LineOf("__t6 = a; __t7 = default!; __t7 = __t6 + 1;"));
            Assert.Equal(-1, LineOf("Return(__result);"));
        }

        [Fact]
        public void AUserStatementsHole_IsWrittenAsItsJump_ItsLabelKept_AndRoutedLikeCopiedCode()
        {
            // The one way a statement of the user's code jumps (issue 16 item 2 (d)): a hole, here a probe's jump past its catch.
            var probe = GeneratedSyntax.TryCatch(GeneratedSyntax.Block(GeneratedSyntax.AssignStatement(GeneratedSyntax.Name("r"), GeneratedSyntax.Name("p")),
                JumpHoles.Hole("__or1", default)), "E");
            var statement = new IrUserStatement(probe, 5, 8, JumpHoles.InSyntax(probe));
            Assert.Equal(A(new IrJumpHole(probe.ToFullString().IndexOf(';', probe.ToFullString().IndexOf("p;", StringComparison.Ordinal) + 2), "__or1")), statement.Holes);
            var body = new IrBody(EquatableArray<IrLocal>.Empty, IrDispatch.None, A<IrNode>(statement, new IrLabel("__or1"), new IrFinish(null)), "");
            string text = Emit(body);
            Assert.Contains("try { r = p; goto __or1; } catch (E) { }", text);
            Assert.Contains("__or1:", text); // counted as used: the label stays
            // Routing reads the hole, as it reads copied code's (nothing to route here: it stays).
            Assert.Equal(body, ExceptionHandlerRouting.Route(body));
        }

        [Fact]
        public void AUserStatementBuiltAsSyntax_IsWrittenOnItsLine_AndEqualWhenWrittenAlike()
        {
            static IrUserStatement Assign(string target, string value, int line) =>
                new(GeneratedSyntax.AssignStatement(GeneratedSyntax.Name(target), GeneratedSyntax.Name(value)), line, 8, NoJumps);
            var body = new IrBody(EquatableArray<IrLocal>.Empty, IrDispatch.None, A<IrNode>(
                Assign("__t1", "a", 5),
                new IrAssign(X("__t2"), X("default!")),
                Assign("__t2", "__t1", 5),
                Assign("b", "__t2", 6),
                new IrUserStatement(GeneratedSyntax.Checked(true, GeneratedSyntax.ThrowStatement(GeneratedSyntax.Name("e"))), 7, 8, NoJumps)), File);
            List<(string Text, int Line)> mapped = Mapped(Emit(body));
            int LineOf(string code) => mapped.Single(m => m.Text == code).Line;
            Assert.Equal(5, LineOf("__t1 = a; __t2 = default!; __t2 = __t1;"));
            Assert.Equal(6, LineOf("b = __t2;"));
            Assert.Equal(7, LineOf("checked { throw e; }"));
            // Syntax compares by reference; a lowering run again must equal the kept one: equal when written alike.
            Assert.Equal(Assign("x", "y", 5), Assign("x", "y", 5));
            Assert.Equal(Assign("x", "y", 5).GetHashCode(), Assign("x", "y", 5).GetHashCode());
            Assert.NotEqual(Assign("x", "y", 5), Assign("x", "z", 5));
            Assert.NotEqual(Assign("x", "y", 5), Assign("x", "y", 6));
        }

        [Fact]
        public void SyntaxInANode_IsEqualWhenWrittenAlike_AndKeepsNoUserTree()
        {
            // Built twice (a lowering run again): different nodes, equal nodes of the IR.
            IrConditionalGoto Goto(int n) => new(GeneratedSyntax.NotEqualTo(GeneratedSyntax.Name("__caught1"), GeneratedSyntax.Number(n)), "__skip2", -1, 0);
            Assert.Equal(Goto(1), Goto(1));
            Assert.Equal(Goto(1).GetHashCode(), Goto(1).GetHashCode());
            Assert.NotEqual(Goto(1), Goto(2));
            Assert.Equal("if (__caught1 != 1) goto __skip2;", Emit(new IrBody(EquatableArray<IrLocal>.Empty, IrDispatch.None, A<IrNode>(Goto(1)), File)).Trim());
            // A node of the user's tree is taken out of it: same text, no parent, not the user's tree.
            var tree = CSharpSyntaxTree.ParseText("class C { bool M(int a) => a > 0; }");
            var user = tree.GetRoot().DescendantNodes().OfType<BinaryExpressionSyntax>().Single();
            var kept = new IrSyntax<ExpressionSyntax>(user);
            Assert.Null(kept.Node.Parent);
            Assert.NotSame(tree, kept.Node.SyntaxTree);
            Assert.Equal("a > 0", kept.Node.ToFullString());
        }

        [Fact]
        public void Parentheses_AreDecidedOnSyntax_AsTheTextRuleDid()
        {
            string Wrapped(string code) => Parentheses.Wrapped(SyntaxFactory.ParseExpression(code)).ToFullString();
            string Unwrapped(string code) => Parentheses.Unwrapped(SyntaxFactory.ParseExpression(code)).ToFullString();
            Assert.Equal("(a && b)", Wrapped("a && b"));
            Assert.Equal("(a && b)", Wrapped("(a && b)"));
            Assert.Equal("((a) && (b))", Wrapped("(a) && (b)"));
            Assert.Equal("((int)x)", Wrapped("(int)x"));
            // The old character count stopped at a quote: such a condition keeps its extra parentheses.
            Assert.Equal("((s == \"a\"))", Wrapped("(s == \"a\")"));
            Assert.Equal("((c /* ) */))", Wrapped("(c /* ) */)"));
            Assert.Equal("a > 0", Unwrapped("((a > 0))"));
            Assert.Equal("(s == 'a')", Unwrapped("(s == 'a')"));
            Assert.Equal("( a )", Unwrapped("(( a ))"));
        }

        [Fact]
        public void EveryUserLine_MapsToItsSourceLine_AcrossLabelsCommentsAndTryRegions()
        {
            var inner = A<IrNode>(
                new IrSuspend(1, 5, "ch.Receive()", X("ch.BeginReceive(this)"), 5, 8),
                new IrVerbatim("v = ch.EndReceive(this);", 5, 8, NoJumps),
                new IrLabel("__again4"),
                new IrVerbatim("w = v +\n    1;", 6, 8, NoJumps),
                new IrConditionalGoto(X("w < 10"), "__again4", 8, 8, IsLoopBackEdge: true));
            var body = new IrBody(A(new IrLocal(true, SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.IntKeyword)), "K", X("1"))), OneLevel(new IrDispatchCase(1, "__try1")), A<IrNode>(
                new IrVerbatim("int a = 0;", 3, 8, NoJumps),
                new IrComment("a comment takes a line"),
                new IrVerbatim("a++;", 4, 8, NoJumps),
                new IrTryRegion("__try1", OneLevel(new IrDispatchCase(1, "__resume1")), inner,
                    A<IrNode>(new IrFinally(true, A<IrNode>(new IrVerbatim("{ Log(); }", 10, 8, NoJumps))))),
                new IrVerbatim("return;", 11, 8, NoJumps)), File);
            string text = Emit(body);
            List<(string Text, int Line)> mapped = Mapped(text);
            int LineOf(string code) => mapped.Single(m => m.Text == code).Line;
            Assert.Equal(3, LineOf("int a = 0;"));
            Assert.Equal(4, LineOf("a++;"));
            // A resume point is one line with the statement it resumes: Begin, the return to the trampoline, the resume label,
            // State = -1 and the End call, under one directive; its comment ends the line (a comment line would cost another).
            const string resumePoint = "if (ch.BeginReceive(this)) { State = 1; return; } __resume1: State = -1; v = ch.EndReceive(this); // resume point 1 \u2014 M.cs(5): ch.Receive()";
            Assert.Equal(5, LineOf(resumePoint));
            Assert.Single(text.Split('\n'), l => l.StartsWith("#line 5 ", StringComparison.Ordinal));
            Assert.Equal(6, LineOf("w = v +"));
            Assert.Equal(7, LineOf("1;"));
            Assert.Equal(8, LineOf("if (w < 10) goto __again4;"));
            Assert.Equal(10, LineOf("{ Log(); }"));
            Assert.Equal(11, LineOf("return;"));
            // What the generator adds is hidden.
            Assert.Equal(-1, LineOf("if (State <= 0) // not when the frame merely suspends"));
            Assert.EndsWith("return;\n#line hidden\n", text); // what follows the body (its closing brace) is the generator's
            // Nesting decides indentation: the try body is one level in, its labels one level out of it.
            string[] lines = text.Split('\n');
            Assert.Contains("    " + resumePoint, lines);
            Assert.Contains("        case 1: goto __resume1;", lines);
            Assert.Equal(new[] { (1, 5) }, body.ResumePoints());
        }

        [Fact]
        public void StateDispatch_ReachesAResumePointInNestedTries_InHops()
        {
            IrSuspend Suspend(int state) => new(state, state, "ch.Receive()", X("ch.BeginReceive(this)"), state, 0);
            IrTryRegion Try(string entry, params IrNode[] body) =>
                new(entry, IrDispatch.None, A(body), A<IrNode>(new IrFinally(false, EquatableArray<IrNode>.Empty)));
            var lowered = new IrBody(EquatableArray<IrLocal>.Empty, IrDispatch.None, A<IrNode>(
                Suspend(1),
                Try("__try1", Suspend(2), Try("__try2", Suspend(3)), Try("__try3")),
                Suspend(4)), File);

            IrBody routed = StateDispatch.Route(lowered);

            Assert.Equal(OneLevel(new IrDispatchCase(1, "__resume1"), new IrDispatchCase(2, "__try1"), new IrDispatchCase(3, "__try1"), new IrDispatchCase(4, "__resume4")), routed.Dispatch);
            var outer = (IrTryRegion)routed.Statements[1];
            Assert.Equal(OneLevel(new IrDispatchCase(2, "__resume2"), new IrDispatchCase(3, "__try2")), outer.Dispatch);
            Assert.Equal(OneLevel(new IrDispatchCase(3, "__resume3")), ((IrTryRegion)outer.Body[1]).Dispatch);
            Assert.Equal(0, ((IrTryRegion)outer.Body[2]).Dispatch.Count); // nothing resumes in it
            Assert.Equal(lowered.Statements[0], routed.Statements[0]);
        }

        [Fact]
        public void StateDispatch_OfMoreThan256Cases_IsTwoLevels_InBlocksOf128States_EachDispatchOnItsOwn()
        {
            IrSuspend Suspend(int state) => new(state, state, "ch.Receive()", X("ch.BeginReceive(this)"), state, 0);
            IrNode[] Suspends(int from, int to) => Enumerable.Range(from, to - from + 1).Select(s => (IrNode)Suspend(s)).ToArray();
            IrTryRegion Try(string entry, IrNode[] body) =>
                new(entry, IrDispatch.None, A(body), A<IrNode>(new IrFinally(false, EquatableArray<IrNode>.Empty)));
            // States 1..299 in the body, 300..600 in one try (301 cases: two levels), 601..610 in another (10: one level).
            var lowered = new IrBody(EquatableArray<IrLocal>.Empty, IrDispatch.None,
                A(Suspends(1, 299).Append(Try("__try1", Suspends(300, 600))).Append(Try("__try2", Suspends(601, 610))).ToArray()), File);

            IrBody routed = StateDispatch.Route(lowered);

            Assert.Equal(7, routed.Dispatch.BlockShift);
            Assert.Equal(Enumerable.Range(1, 610), routed.Dispatch.Cases.Select(c => c.State));
            Assert.Equal(new IrDispatchCase(299, "__resume299"), routed.Dispatch.Cases[298]);
            Assert.Equal(new IrDispatchCase(300, "__try1"), routed.Dispatch.Cases[299]);
            Assert.Equal(new IrDispatchCase(601, "__try2"), routed.Dispatch.Cases[600]);
            // Blocks by State >> 7: 1..127 (state 0 is the start, no case), 128..255, 256..383, 384..511, 512..610.
            Assert.Equal(new[] { (0, 1, 127), (1, 128, 255), (2, 256, 383), (3, 384, 511), (4, 512, 610) },
                routed.Dispatch.Blocks().Select(b => (b.Key, b.Cases[0].State, b.Cases[b.Cases.Count - 1].State)));
            var try1 = (IrTryRegion)routed.Statements[299];
            Assert.Equal(7, try1.Dispatch.BlockShift);
            Assert.Equal(Enumerable.Range(300, 301).Select(s => new IrDispatchCase(s, "__resume" + s)), try1.Dispatch.Cases);
            Assert.Equal(new[] { 2, 3, 4 }, try1.Dispatch.Blocks().Select(b => b.Key));
            var try2 = (IrTryRegion)routed.Statements[300];
            Assert.Equal(OneLevel(Enumerable.Range(601, 10).Select(s => new IrDispatchCase(s, "__resume" + s)).ToArray()), try2.Dispatch);

            // Written: an outer switch on the block, a switch on the state in each block, and the reason in a comment.
            string[] lines = Emit(routed).Split('\n');
            int top = Array.IndexOf(lines, "switch (State >> 7) // 610 states in blocks of 128: C# compiles one switch of N cases in time and memory quadratic in N");
            Assert.Equal(0, top);
            Assert.Equal(new[] { "{", "    case 0:", "        switch (State)", "        {", "            case 1: goto __resume1;" }, lines.Skip(1).Take(5));
            int endOfBlock0 = Array.IndexOf(lines, "            case 127: goto __resume127;");
            Assert.Equal(new[] { "        }", "        break;", "    case 1:", "        switch (State)", "        {", "            case 128: goto __resume128;" },
                lines.Skip(endOfBlock0 + 1).Take(6));
            Assert.Contains("            case 300: goto __try1;", lines);
            Assert.Contains("    switch (State >> 7) // 301 states in blocks of 128: C# compiles one switch of N cases in time and memory quadratic in N", lines);
            Assert.Contains("        case 2:", lines); // the try's first block: 300..383
            Assert.Contains("                case 300: goto __resume300;", lines);
            Assert.Contains("    switch (State)", lines); // the second try: one level
            Assert.Contains("        case 601: goto __resume601;", lines);
        }

        [Fact]
        public void StateDispatch_Of256Cases_IsOneSwitch_Of257_TwoLevels()
        {
            IrBody Routed(int states) => StateDispatch.Route(new IrBody(EquatableArray<IrLocal>.Empty, IrDispatch.None,
                A(Enumerable.Range(1, states).Select(s => (IrNode)new IrSuspend(s, s, "ch.Receive()", X("ch.BeginReceive(this)"), s, 0)).ToArray()), File));
            Assert.Equal(0, Routed(256).Dispatch.BlockShift);
            Assert.StartsWith("switch (State)\n{\n    case 1: goto __resume1;\n", Emit(Routed(256)));
            Assert.Equal(7, Routed(257).Dispatch.BlockShift);
            Assert.Equal(new[] { 0, 1, 2 }, Routed(257).Dispatch.Blocks().Select(b => b.Key));
        }
    }
}
