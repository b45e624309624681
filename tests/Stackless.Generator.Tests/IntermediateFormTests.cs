using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

        private static readonly EquatableArray<string> NoJumps = EquatableArray<string>.Empty;

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
            var body = new IrBody(EquatableArray<string>.Empty, EquatableArray<IrDispatchCase>.Empty, A<IrNode>(
                new IrLabel("__unused1"),
                new IrConditionalGoto("x > 0", "__end2", -1, 0),
                new IrVerbatim("{ __result = 1; goto __leave3; }", 4, 8, A("__leave3")),
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
            var body = new IrBody(EquatableArray<string>.Empty, EquatableArray<IrDispatchCase>.Empty, A<IrNode>(
                new IrVerbatim("int a = 0;", 3, 8, NoJumps),
                new IrAssign("__index2", "0"),
                new IrAssign("__pendingException3", "__ex4", "rethrown after the finally block"),
                new IrIncrement("__index2"),
                new IrEvaluate("global::Stackless.CompilerServices.TaskletFrame.TakeResult(ref __call1)"),
                new IrRethrowPending("__pendingException3"),
                new IrThrow("new global::System.Runtime.CompilerServices.SwitchExpressionException(__t5)"),
                // The branches of one user line's ?: : the generator's statements between its pieces stay on that line.
                new IrVerbatim("__t6 = a;", 7, 8, NoJumps),
                new IrAssign("__t7", "default!"),
                new IrVerbatim("__t7 = __t6 + 1;", 7, 8, NoJumps),
                new IrFinish("__result")), File);
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
        public void EveryUserLine_MapsToItsSourceLine_AcrossLabelsCommentsAndTryRegions()
        {
            var inner = A<IrNode>(
                new IrSuspend(1, 5, "ch.Receive()", "ch.BeginReceive(this)", 5, 8),
                new IrVerbatim("v = ch.EndReceive(this);", 5, 8, NoJumps),
                new IrLabel("__again4"),
                new IrVerbatim("w = v +\n    1;", 6, 8, NoJumps),
                new IrConditionalGoto("w < 10", "__again4", 8, 8, IsLoopBackEdge: true));
            var body = new IrBody(A("const int K = 1;"), A(new IrDispatchCase(1, "__try1")), A<IrNode>(
                new IrVerbatim("int a = 0;", 3, 8, NoJumps),
                new IrComment("a comment takes a line"),
                new IrVerbatim("a++;", 4, 8, NoJumps),
                new IrTryRegion("__try1", A(new IrDispatchCase(1, "__resume1")), inner,
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
            IrSuspend Suspend(int state) => new(state, state, "ch.Receive()", "ch.BeginReceive(this)", state, 0);
            IrTryRegion Try(string entry, params IrNode[] body) =>
                new(entry, EquatableArray<IrDispatchCase>.Empty, A(body), A<IrNode>(new IrFinally(false, EquatableArray<IrNode>.Empty)));
            var lowered = new IrBody(EquatableArray<string>.Empty, EquatableArray<IrDispatchCase>.Empty, A<IrNode>(
                Suspend(1),
                Try("__try1", Suspend(2), Try("__try2", Suspend(3)), Try("__try3")),
                Suspend(4)), File);

            IrBody routed = StateDispatch.Route(lowered);

            Assert.Equal(A(new IrDispatchCase(1, "__resume1"), new IrDispatchCase(2, "__try1"), new IrDispatchCase(3, "__try1"), new IrDispatchCase(4, "__resume4")), routed.Dispatch);
            var outer = (IrTryRegion)routed.Statements[1];
            Assert.Equal(A(new IrDispatchCase(2, "__resume2"), new IrDispatchCase(3, "__try2")), outer.Dispatch);
            Assert.Equal(A(new IrDispatchCase(3, "__resume3")), ((IrTryRegion)outer.Body[1]).Dispatch);
            Assert.Equal(0, ((IrTryRegion)outer.Body[2]).Dispatch.Count); // nothing resumes in it
            Assert.Equal(lowered.Statements[0], routed.Statements[0]);
        }
    }
}
