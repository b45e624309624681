using System;
using System.Collections.Generic;
using System.Linq;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>Which constructs the grammar may use (a construct the generator refuses by design can be switched off here).</summary>
    public sealed class GrammarOptions
    {
        public bool Lambdas { get; init; } = true;
        /// <summary>Suspension inside a switch section's <c>when</c> guard (C# allows await there).</summary>
        public bool SuspendInCaseGuards { get; init; } = true;
        public bool LambdasCapturingLoopLocals { get; init; } = true;
        /// <summary>Closures kept past their iteration (in <c>fns</c>, called at the end): lambdas, local functions turned into delegates, over out vars and pattern variables.</summary>
        public bool KeptClosures { get; init; } = true;
        /// <summary>Suspension inside a switch expression arm's <c>when</c> guard.</summary>
        public bool SuspendInArmGuards { get; init; } = true;
        public bool Thrower { get; init; } = true;
        public bool Killer { get; init; } = true;
        /// <summary>Values of anonymous type across suspension points: <c>var an = new { A = …, B = … }</c> and LINQ rows in a suspending <c>foreach</c>.</summary>
        public bool AnonymousTypes { get; init; } = true;
        /// <summary>A helper class hierarchy: a virtual [Tasklet] method overridden (suspending, calling <c>base.</c>) and a [Tasklet] interface member, called through base-typed references.</summary>
        public bool Hierarchy { get; init; } = true;
        /// <summary>A record local updated with <c>with { X = … }</c> whose member value may suspend.</summary>
        public bool Records { get; init; } = true;
        /// <summary>Collection expressions <c>[a, cin.Receive(), ..xs]</c>.</summary>
        public bool CollectionExpressions { get; init; } = true;
        /// <summary><c>??=</c> with a right side that may suspend.</summary>
        public bool CoalescingAssignment { get; init; } = true;
        /// <summary>Throw expressions in <c>?:</c> and <c>??</c>.</summary>
        public bool ThrowExpressions { get; init; } = true;
        /// <summary><c>if</c> conditions of a struct with <c>operator true/false</c> (whose operand may suspend).</summary>
        public bool OperatorTrue { get; init; } = true;
        /// <summary><c>using</c> variables captured by closures kept past their iteration.</summary>
        public bool UsingCaptures { get; init; } = true;
        /// <summary>
        /// Name reuse (issue 16): bare blocks (sibling scopes whose same-name locals differ in type, hoisted or not),
        /// switch-arm and case pattern variables named like the loop variables of sibling statements, locals named like
        /// the frame's generated names and members (<c>State</c>, <c>__t1</c>, <c>__call1</c>, <c>__result</c>, …),
        /// and lambda parameters shadowing locals and parameters.
        /// </summary>
        public bool NameReuse { get; init; } = true;
        /// <summary>Wave 2 (issue 11): <c>Scheduler.Sleep</c> under virtual time, timed <c>TryReceive</c>/<c>TrySend</c> and <c>Select</c> (see ProgramGenerator.Time.cs).</summary>
        public bool TimeAndSelect { get; init; } = true;
        /// <summary>Issue 16 item 6: long left-deep chains (+, &amp;&amp;/||, string concatenation) with suspensions among their terms, deep nested parentheses and blocks (ProgramGenerator.Chains.cs).</summary>
        public bool LongChains { get; init; } = true;
        /// <summary><c>Tasklet.Await</c> of completed tasks and of tasks a partner completes or faults later, of anonymous types too (ProgramGenerator.Awaits.cs).</summary>
        public bool Awaits { get; init; } = true;
        /// <summary>[Tasklet] calls inside lambdas, local functions and LINQ queries, which run as ordinary code (ProgramGenerator.Awaits.cs).</summary>
        public bool TaskletCallsInLambdas { get; init; } = true;
        /// <summary>
        /// Session 5: loops that do not suspend (tight arithmetic, nested, with break/continue, locals and closures, inside
        /// try regions), bounded backward <c>goto</c>s (labels named like generated labels, the same label in sibling
        /// blocks), pattern and <c>out</c> variables declared by a statement and read across suspensions, and locals of
        /// lambdas and local functions shadowing the method's (ProgramGenerator.Quiet.cs).
        /// </summary>
        public bool QuietLoopsAndGotos { get; init; } = true;
        /// <summary>
        /// Evaluation order around suspensions (issue 16 (b), spilling as syntax): assignments, compound assignments and
        /// increments of locals inside expressions, tuples and positional patterns, deconstructions, calls and checked
        /// arithmetic whose operands suspend (ProgramGenerator.Spill.cs).
        /// </summary>
        public bool SpillOrder { get; init; } = true;
        /// <summary>Session 6: out arguments of suspension points in every position and to every kind of variable (ProgramGenerator.OutArgs.cs).</summary>
        public bool OutArguments { get; init; } = true;
        /// <summary>
        /// An out argument named after a timeout whose side effect moves the out argument's index (<c>TryReceive(timeout:
        /// …(k = 1)…, value: out arr[k &amp; 3])</c>): Regressions/Seed21500371.cs, fixed in 371ba75.
        /// </summary>
        public bool OutAfterSideEffect { get; init; } = true;
        /// <summary>
        /// Fuzz seed 294's shape: a jump out of copied code (or lowered code) before a <c>using</c> declaration followed by
        /// a local function (compiled through trampolines since b41dbdb; refused with TSK010 before).
        /// </summary>
        public bool JumpsBeforeUsingDeclarations { get; init; } = true;
        /// <summary>Helpers now and then marked <c>[Tasklet(Preemptible = false)]</c> (no step checks: the watchdog cannot interrupt them).</summary>
        public bool NotPreemptible { get; init; } = true;
        /// <summary>
        /// Session 7: loops around nested tries whose catch and finally blocks suspend, left by jumps from the try and from
        /// a catch that has suspended, exceptions thrown from a suspending catch or finally (ProgramGenerator.Handlers.cs).
        /// </summary>
        public bool HandlerRouting { get; init; } = true;
        /// <summary>Session 8: now and then a run of 200–600 resume points in Body, so its dispatch has more than 256 cases (ProgramGenerator.ManyStates.cs).</summary>
        public bool ManyResumePoints { get; init; } = true;
        public static GrammarOptions Default { get; } = new();
        /// <summary>The grammar before the constructs of session 2 (anonymous types … using captures): for timing and bisecting.</summary>
        public static GrammarOptions Classic { get; } = new()
        {
            AnonymousTypes = false, Hierarchy = false, Records = false, CollectionExpressions = false,
            CoalescingAssignment = false, ThrowExpressions = false, OperatorTrue = false, UsingCaptures = false, NameReuse = false, TimeAndSelect = false,
            LongChains = false, Awaits = false, TaskletCallsInLambdas = false, QuietLoopsAndGotos = false, SpillOrder = false,
            OutArguments = false, NotPreemptible = false, JumpsBeforeUsingDeclarations = false, HandlerRouting = false,
            ManyResumePoints = false,
        };
    }

    /// <summary>
    /// The seeded random program generator of issue 7. Every program it writes is a valid C# [Tasklet] method
    /// (plus helpers) that the spec says is supported, and terminates: loops are bounded by counters, gotos only
    /// jump forward (to labels at the end of an enclosing block), and helper recursion is bounded by a depth argument.
    /// </summary>
    public sealed partial class ProgramGenerator
    {
        private readonly Random _r;
        private readonly GrammarOptions _o;
        private int _uid;
        /// <summary>
        /// Labels a forward goto written so far jumps to (statements are generated in text order): C# refuses a using
        /// declaration between such a goto and its label, even one in a nested block of the label's (CS8648, seed 23601980).
        /// </summary>
        private readonly HashSet<string> _forwardGotoTargets = new();

        private ProgramGenerator(int seed, GrammarOptions o)
        {
            _r = new Random(seed);
            _o = o;
        }

        public static FuzzProgram Generate(int seed, GrammarOptions? options = null)
            => new ProgramGenerator(seed, options ?? GrammarOptions.Default).Program(seed);

        /// <summary>
        /// A variable (or a member of one) expressions may read. <paramref name="ViaVar"/>: a member of a reference-typed
        /// local declared with <c>var</c> (so of nullable type): a local function must not read it, since nullable analysis
        /// takes a captured variable's declared state there (CS8602), unlike in a lambda.
        /// </summary>
        private sealed record Var(string Name, Ty Type, bool ReadOnly, bool LoopScoped, bool ViaVar = false);

        /// <summary>The context of a local function's body: no members of <c>var</c> locals (see <see cref="Var"/>).</summary>
        private static Ctx ForLocalFunction(Ctx c) => c with { Vars = c.Vars.Where(v => !v.ViaVar).ToImmutableList() };

        private sealed record Ctx
        {
            public int Depth { get; init; }
            public int LoopDepth { get; init; }
            public bool CanBreak { get; init; }
            public bool CanContinue { get; init; }
            public bool CanReturn { get; init; } = true;
            public bool InCatch { get; init; }
            public bool InLoop { get; init; }
            public bool InHelper { get; init; }
            /// <summary>In a helper: the name of its depth parameter (recursive calls pass it minus one).</summary>
            public string DepthParam { get; init; } = "d";
            /// <summary>Inside a lambda, local function or query clause: nothing may suspend, a [Tasklet] call runs as ordinary code.</summary>
            public bool InLambda { get; init; }
            public Ctx InLambdaBody() => this with { InLambda = true };
            public bool HasArr { get; init; }
            /// <summary>Body's locals <c>sh</c> (a <c>Shape</c>) and <c>st</c> (an <c>IStep</c>) exist.</summary>
            public bool HasShapes { get; init; }
            /// <summary>Body's record local <c>pt</c> exists.</summary>
            public bool HasRecord { get; init; }
            /// <summary>The current block ends with a goto target: C# forbids a goto to jump forward over a using declaration.</summary>
            public bool BlockHasLabel { get; init; }
            /// <summary>
            /// Inside a handler loop, whose goto target follows the loop: no using declaration anywhere in it, since C# refuses a
            /// goto written before a using declaration to a label after it, even in an enclosing block (CS8648).
            /// </summary>
            public bool NoUsingDeclarations { get; init; }
            public ImmutableList<string> Labels { get; init; } = ImmutableList<string>.Empty;
            /// <summary>Labels before this point in enclosing blocks (or earlier in this one) that a counted goto may jump back to.</summary>
            public ImmutableList<BackLabel> BackLabels { get; init; } = ImmutableList<BackLabel>.Empty;
            /// <summary>The labels declared in the current block (shared by the contexts of one block; a new set per block).</summary>
            public HashSet<string> BlockLabelNames { get; init; } = new();
            public ImmutableList<Var> Vars { get; init; } = ImmutableList<Var>.Empty;
            /// <summary>Names a variable scoped inside an expression here must not take (a for or foreach variable of the header being written).</summary>
            public ImmutableList<string> Taken { get; init; } = ImmutableList<string>.Empty;
        }

        /// <summary>A label a goto may jump back to at most <paramref name="K"/> times, counted in <paramref name="Counter"/>.</summary>
        private sealed record BackLabel(string Label, string Counter, int K);

        private int Uid() => ++_uid;
        private bool P(double p) => _r.NextDouble() < p;
        private int N(int max) => _r.Next(max);
        private T Pick<T>(IReadOnlyList<T> l) => l[_r.Next(l.Count)];

        private FuzzProgram Program(int seed)
        {
            var partners = new List<string>
            {
                $"H.FeedForever(\"in\", cin, i => (i * {1 + N(7)} + {N(10)}) % {5 + N(20)} - {N(4)});",
                "H.Sink(\"out\", cout);",
            };
            if (P(0.3)) partners.Add($"H.Yielder(\"y\", {1 + N(6)});");
            if (_o.TimeAndSelect) TimedPartners(partners);
            if (_o.Thrower && P(0.3)) partners.Add($"H.Thrower(\"thr\", {1 + N(14)}, new TestException(\"injected\"), pending: {(P(0.5) ? "true" : "false")});");
            else if (_o.Killer && P(0.08)) partners.Add($"H.Killer(\"kill\", {1 + N(14)}, pending: {(P(0.5) ? "true" : "false")});");

            var methods = new List<MethodDef>();
            var types = new List<string>();
            bool shapes = _o.Hierarchy && P(0.4);
            bool box = P(0.5);
            if (_o.Records) types.Add("public record Pt(int X, string S);");
            if (_o.OperatorTrue) types.Add(TriType);
            if (_o.OutArguments) types.Add(OutTypes);
            var bodyCtx = new Ctx { HasArr = true, HasShapes = shapes, HasRecord = _o.Records };
            if (_o.Records)
                bodyCtx = bodyCtx with { Vars = bodyCtx.Vars.Add(new Var("pt.X", Ty.Int, true, false)).Add(new Var("pt.S", Ty.Str, true, false)) };
            if (_o.OutArguments)
                bodyCtx = bodyCtx with { Vars = bodyCtx.Vars.Add(new Var("cel.V", Ty.Int, false, false)) };
            var body = new Block();
            body.Stmts.Add(new Stmt("init", "int[] arr = new int[4];\nAcc? acc = new Acc();\nAcc? nacc = null;\nstring? ns = null;" + (_o.KeptClosures ? "\nvar fns = new List<Func<int>>();" : "")
                + (_o.Records ? $"\nPt pt = new Pt({N(5)}, \"p\");" : "")
                + (_o.OutArguments ? "\nCell cel = new Cell();\nCell[] cells = new Cell[2];" : "")
                + (shapes ? $"\nShape sh = {(box ? "new Box()" : "new Ring()")};\nIStep st = (IStep)sh;" : "")));
            string shapeInit = body.Stmts[0].Head;
            var ctx = bodyCtx;
            GenStatements(body, ref ctx, 2 + N(4));
            body.Stmts.Add(EndLog(ctx));
            if (_o.KeptClosures) body.Stmts.Add(new Stmt("log", "Log(\"fns \" + string.Join(\",\", fns.Select(f => f())));"));
            body.Stmts.Add(new Stmt("return", "return {e0};", new() { IntExpr(ctx, 2, true) }));
            methods.Add(new MethodDef("static int Body(Channel<int> cin, Channel<int> cout)", body));

            for (int h = 0; h < 2; h++)
            {
                // With name reuse, parameters now and then named like the frame's generated names and members.
                string dn = "d", xn = "x";
                if (_o.NameReuse && _o.QuietLoopsAndGotos && P(0.4))
                {
                    string[] generated = { "State", "__t1", "__result", "__this", "__frame", "value", "__p1", "Return", "__resume1" };
                    dn = Pick(generated);
                    xn = P(0.5) ? "x" : Pick(generated.Where(g => g != dn).ToList());
                }
                var hctx = new Ctx
                {
                    InHelper = true,
                    DepthParam = dn,
                    Vars = ImmutableList<Var>.Empty.Add(new Var(xn, Ty.Int, false, false)).Add(new Var(dn, Ty.Int, true, false)),
                };
                var hb = new Block();
                hb.Stmts.Add(new Stmt("log", $"Log(\"Help{h} \" + {dn} + \" \" + {xn});"));
                hb.Stmts.Add(new Stmt("guard", $"if ({dn} <= 0) return {xn} + 1;"));
                GenStatements(hb, ref hctx, N(3));
                hb.Stmts.Add(new Stmt("return", "return {e0};", new() { IntExpr(hctx, 2, true) }));
                methods.Add(new MethodDef($"static int Help{h}(Channel<int> cin, Channel<int> cout, int {dn}, int {xn})", hb)
                {
                    Attribute = _o.NotPreemptible && P(0.15) ? "[Tasklet(Preemptible = false)]" : "[Tasklet]",
                });
            }
            if (_o.TaskletCallsInLambdas && methods.Any(m => Uses(m.Body, "Pure(")))
                methods.Add(new MethodDef(PureHeader, PureBody()));
            if (shapes)
            {
                // The hierarchy costs three more frames to compile: keep it only where Body calls it.
                var w = new CodeWriter();
                body.Render(w);
                if (w.ToString().Contains("sh.Step(", StringComparison.Ordinal) || w.ToString().Contains("st.Twice(", StringComparison.Ordinal))
                    types.Insert(0, HierarchyTypes(box));
                else
                    body.Stmts[0].Head = shapeInit.Substring(0, shapeInit.IndexOf("\nShape sh", StringComparison.Ordinal));
            }
            return new FuzzProgram(seed, methods, partners, types);
        }

        private static bool Uses(Block b, string text)
        {
            var w = new CodeWriter();
            b.Render(w);
            return w.ToString().Contains(text, StringComparison.Ordinal);
        }

        /// <summary>
        /// An abstract base with a virtual [Tasklet] method, an override that suspends and calls <c>base.</c> (Box also
        /// reads ordinary members through <c>base.</c>), and a [Tasklet] interface member (Box implements it explicitly,
        /// Ring implicitly). Only the derived class Body uses is emitted: each frame costs compile time in CI.
        /// </summary>
        private string HierarchyTypes(bool box)
        {
            int k = N(5), t = N(6);
            string shape = $$"""
                public partial interface IStep
                {
                    [Tasklet]
                    int Twice(Channel<int> cin, int x);
                }
                public abstract partial class Shape
                {
                    public int K = {{k}};
                    public virtual string Name => "shape" + K;
                    [Tasklet]
                    public virtual int Step(Channel<int> cin, int x)
                    {
                        Log("Shape.Step " + x + " " + Name);
                        if (x > {{t}}) Scheduler.Schedule();
                        return x + K;
                    }
                }
                public partial class Box : Shape, IStep
                {
                    public override string Name => "box/" + base.Name;
                    [Tasklet]
                    public override int Step(Channel<int> cin, int x)
                    {
                        int b = base.Step(cin, x + cin.Receive());
                        Log("Box.Step " + b + " " + base.K + " " + base.Name);
                        return b * 2 - x;
                    }
                    [Tasklet]
                    int IStep.Twice(Channel<int> cin, int x) => Step(cin, x) + cin.Receive();
                }
                """;
            string ring = $$"""
                public partial class Ring : Shape, IStep
                {
                    [Tasklet]
                    public override int Step(Channel<int> cin, int x)
                    {
                        Scheduler.Schedule();
                        Log("Ring.Step " + x);
                        return x > {{t / 2}} ? base.Step(cin, x - 1) - base.K : -x;
                    }
                    [Tasklet]
                    public int Twice(Channel<int> cin, int x)
                    {
                        int a = cin.Receive();
                        Scheduler.Schedule();
                        return a + x + base.K;
                    }
                }
                """;
            int cut = shape.IndexOf("public partial class Box", StringComparison.Ordinal);
            return box ? shape : shape.Substring(0, cut) + ring;
        }

        /// <summary>A struct usable as a condition through <c>operator true/false</c> only (no conversion to bool).</summary>
        private const string TriType = """
            public readonly struct Tri
            {
                private readonly int _v;
                public Tri(int v) { _v = v; Log("tri " + v); }
                public static bool operator true(Tri t) => t._v % 3 != 0;
                public static bool operator false(Tri t) => t._v % 3 == 0;
            }
            """;

        private Stmt EndLog(Ctx c)
        {
            var names = c.Vars.Where(v => v.Type != Ty.Bool || true).Select(v => v.Name).ToList();
            string parts = names.Count == 0 ? "\"\"" : string.Join(" + \" \" + ", names.Select(n => n));
            return new Stmt("log", $"Log(\"end \" + {parts});");
        }

        // ---- statements ----

        private void GenStatements(Block b, ref Ctx c, int count)
        {
            var declared = new HashSet<string>();
            if (P(0.5)) b.Stmts.Add(new Stmt("log", $"Log(\"b{Uid()}\");"));
            for (int i = 0; i < count; i++)
                b.Stmts.Add(GenStatement(ref c, declared));
            if (_o.Lambdas && _o.KeptClosures && c.HasArr && c.InLoop && P(0.3)) b.Stmts.Add(KeptClosure(c));
        }

        private Block SubBlock(Ctx c, int count)
        {
            var inner = c with { Depth = c.Depth + 1, BlockHasLabel = false, BlockLabelNames = new HashSet<string>() };
            var b = new Block();
            if (c.Depth < 3 && P(0.15))
            {
                // A forward goto target at the end of this block.
                b.EndLabel = LabelName(inner);
                inner = inner with { Labels = inner.Labels.Add(b.EndLabel), BlockHasLabel = true };
            }
            GenStatements(b, ref inner, count);
            return b;
        }

        private int BlockSize(Ctx c) => c.Depth >= 1 ? 1 + N(2) : 1 + N(3);

        private Stmt GenStatement(ref Ctx c, HashSet<string> declared)
        {
            bool deep = c.Depth >= 2;
            if (_o.ManyResumePoints && !c.InHelper && !c.InLoop && !c.InLambda && !deep && P(0.002)) return ManyResumePoints();
            int roll = N(100);
            if (roll < 4 && _o.QuietLoopsAndGotos && P(0.6)) return QuietLoop(ref c, declared);
            if (roll < 10) return LogStmt(c);
            if (roll < 22) return Decl(ref c, declared);
            if (roll < 30) return Assign(c);
            if (roll < 34) return new Stmt("schedule", "Scheduler.Schedule();");
            if (roll < 38 && _o.TimeAndSelect && P(0.6)) return TimedStatement(c);
            if (roll < 38) return new Stmt("send", "cout.Send({e0});", new() { IntExpr(c, 2, true) });
            if (roll < 41 && c.HasArr) return new Stmt("arr", "arr[{e0} & 3] += {e1};", new() { IntExpr(c, 1, true), IntExpr(c, 2, true) });
            if (roll < 44) return new Stmt("call", "Help" + N(2) + "(cin, cout, " + (c.InHelper ? c.DepthParam + " - 1" : N(3).ToString()) + ", {e0});", new() { IntExpr(c, 1, true) });
            if (roll < 48 && _o.Lambdas) return _o.KeptClosures && c.HasArr && c.InLoop && P(0.5) ? KeptClosure(c) : Lambda(c);
            if (roll < 56 && (c.CanBreak || c.CanContinue || c.CanReturn || c.Labels.Count > 0 || c.InCatch || c.BackLabels.Count > 0)) return Jump(c);
            if (roll < 59) return new Stmt("throw", "if ({e0}) throw new TestException(\"t" + Uid() + "\");", new() { BoolExpr(c, 2, true) });
            if (roll < 66 && _o.HandlerRouting && c.Depth < 2 && c.LoopDepth < (c.InHelper ? 1 : 2) && P(0.6)) return HandlerLoop(c);
            if (roll < 66 && _o.QuietLoopsAndGotos && P(0.5) && QuietStatement(ref c, declared) is Stmt quiet) return quiet;
            if (roll < 66 && _o.SpillOrder && P(0.15) && Deconstruction(ref c, declared) is Stmt decon) return decon;
            if (roll < 66 && _o.OutArguments && P(0.2) && OutStatement(ref c, declared) is Stmt outs) return outs;
            if (roll < 66 && _o.JumpsBeforeUsingDeclarations && P(0.25) && JumpBeforeUsingDeclaration(ref c) is Stmt jumpUsing) return jumpUsing;
            if (roll < 66 && NewStatement(ref c) is Stmt extra) return extra;
            // A construct with no place here falls through to an if, as before bare blocks took 66..68 (ifs were never made then).
            if (roll < 66 && !deep) return If(c);
            if (roll < 68 && _o.NameReuse && c.Depth < 3) return new Stmt("block", "") { Unwrappable = true }.Add(SubBlock(c, BlockSize(c)), "");
            if (deep) return LogStmt(c);
            if (roll < 72) return If(c);
            if (roll < 80 && c.LoopDepth < (c.InHelper ? 1 : 2)) return Loop(c);
            if (roll < 85) return Switch(c);
            if (roll < 93) return Try(c);
            return Using(ref c);
        }

        /// <summary>The statements of the newer constructs (null when the roll picks one that is switched off or has no place here).</summary>
        private Stmt? NewStatement(ref Ctx c)
        {
            int id = Uid();
            switch (N(10))
            {
                case 6 when _o.LongChains:
                    return ChainStatement(ref c);
                case 7 when _o.LongChains:
                    return DeepBlocks(c);
                case 8 when _o.Awaits:
                    return AwaitStatement(ref c);
                case 9 when _o.TaskletCallsInLambdas:
                    return PureInLinq(c);
                case 0 when _o.AnonymousTypes:
                {
                    Stmt s = new("anon", $"var an{id} = new {{ A = {{e0}}, B = {{e1}} }};\nLog(\"an{id} \" + an{id});", new() { IntExpr(c, 2, true), StrExpr(c, 1, true) });
                    c = c with { Vars = c.Vars.Add(new Var($"an{id}.A", Ty.Int, true, c.InLoop, ViaVar: true)).Add(new Var($"an{id}.B", Ty.Str, true, c.InLoop, ViaVar: true)) };
                    return s;
                }
                case 1 when _o.Records && c.HasRecord:
                    return P(0.6)
                        ? new Stmt("with", "pt = pt with { X = {e0} };", new() { IntExpr(c, 2, true) })
                        : new Stmt("with", "pt = pt with { S = {e0}, X = pt.X + {e1} };", new() { StrExpr(c, 1, true), IntExpr(c, 1, true) });
                case 2 when _o.CollectionExpressions:
                {
                    string spread = c.HasArr ? "arr" : $"Enumerable.Range({N(4)}, 2)";
                    bool list = P(0.5);
                    Stmt s = new("collection", $"{(list ? "List<int>" : "int[]")} l{id} = [{{e0}}, {{e1}}, ..{spread}];\nLog(\"l{id} \" + string.Join(\",\", l{id}));",
                        new() { IntExpr(c, 1, true), IntExpr(c, 2, true) });
                    c = c with { Vars = c.Vars.Add(new Var($"l{id}{(list ? ".Count" : ".Length")}", Ty.Int, true, c.InLoop)) };
                    return s;
                }
                case 3 when _o.CoalescingAssignment:
                    if (c.HasArr && P(0.5))
                        return P(0.3) ? new Stmt("coalesce", "if ({e0}) ns = null;", new() { BoolExpr(c, 1, true) })
                            : new Stmt("coalesce", $"ns ??= {{e0}};\nLog(\"ns \" + ns);", new() { StrExpr(c, 2, true) });
                    return new Stmt("coalesce", $"string? q{id} = {{e0}} ? null : \"q{id}\";\nq{id} ??= {{e1}};\nLog(\"q{id} \" + q{id});",
                        new() { BoolExpr(c, 1, true), StrExpr(c, 2, true) });
                case 4 when _o.Hierarchy && c.HasShapes:
                    return P(0.5)
                        ? new Stmt("virtual", $"Log(\"sh{id} \" + sh.Step(cin, {{e0}}) + sh.Name);", new() { IntExpr(c, 1, true) })
                        : new Stmt("virtual", $"Log(\"st{id} \" + st.Twice(cin, {{e0}}));", new() { IntExpr(c, 1, true) });
                case 5 when _o.AnonymousTypes && c.LoopDepth < (c.InHelper ? 1 : 2) && c.Depth < 2:
                {
                    // LINQ rows of anonymous type, enumerated by a foreach that suspends (the enumerator lives in the frame).
                    int k = 1 + N(3);
                    var inner = c with { LoopDepth = c.LoopDepth + 1, CanBreak = true, CanContinue = true, InLoop = true };
                    inner = inner with { Vars = inner.Vars.Add(new Var($"r{id}.I", Ty.Int, true, true, ViaVar: true)).Add(new Var($"r{id}.S", Ty.Str, true, true, ViaVar: true)) };
                    string rows = $"Enumerable.Range({N(4)}, {k + 1}).Select(i => new {{ I = i, S = \"r\" + i }}).Where(r => r.I % 3 != {N(3)})" + (P(0.5) ? ".ToList()" : "");
                    Block b = SubBlock(inner, BlockSize(c));
                    b.Stmts.Insert(0, new Stmt("log", $"Log(\"row \" + r{id});"));
                    return new Stmt("linq", $"foreach (var r{id} in {rows})") { Unwrappable = true }.Add(b, "");
                }
            }
            return null;
        }

        /// <summary>
        /// The name of a variable scoped inside an expression or a switch section (an arm's or a case's pattern
        /// variable): with name reuse, mostly a name the sibling statements of this block use for their loop variables
        /// (or a k), unless it is visible or taken here; otherwise <paramref name="fresh"/>.
        /// </summary>
        private string ScopedName(Ctx c, string fresh)
        {
            if (!_o.NameReuse || P(0.3)) return fresh;
            string name = Pick(new[] { "k", "e", "i" }) + c.Depth;
            return c.Vars.Any(v => v.Name == name) || c.Taken.Contains(name) ? fresh : name;
        }

        private Stmt LogStmt(Ctx c)
        {
            int id = Uid();
            return N(3) switch
            {
                0 => new Stmt("log", $"Log(\"s{id}\");"),
                1 => new Stmt("log", $"Log(\"s{id} \" + {{e0}});", new() { IntExpr(c, 2, true) }),
                _ => new Stmt("log", $"Log(\"s{id} \" + {{e0}});", new() { StrExpr(c, 2, true) }),
            };
        }

        private static readonly string[] s_pool = { "a", "b", "c" };

        /// <summary>
        /// The name of a local declared in the current block: a/b/c and the depth, or with name reuse a generated name or a
        /// sibling's loop variable; null when the block has used them all. Marks it declared.
        /// </summary>
        private string? LocalName(Ctx c, HashSet<string> declared)
        {
            int depth = c.Depth;
            var free = s_pool.Select(p => p + depth).Where(n => !declared.Contains(n)).ToList();
            if (free.Count == 0) return null;
            string name = Pick(free);
            declared.Add(name);
            if (_o.NameReuse && P(0.25))
            {
                // Named like a generated name or a frame member: the frame must not let it hide or capture one.
                string suffix = depth == 0 ? "" : depth.ToString();
                string generated = N(_o.QuietLoopsAndGotos ? 12 : 9) switch
                {
                    9 => "__resume" + (depth + 1),
                    10 => "__ex" + (depth + 1),
                    11 => "__o" + (depth + 1),
                    0 => "State" + suffix,
                    1 => "__result" + suffix,
                    2 => "__this" + suffix,
                    3 => "Return" + suffix,
                    4 => "__t" + (depth + 1),
                    5 => "__call" + (depth + 1),
                    6 => "__pendingException" + (depth + 1),
                    7 => "__p" + (depth + 1),
                    _ => "__pendingBranch" + (depth + 2),
                };
                if (!declared.Contains(generated) && !c.Vars.Any(v => v.Name == generated)) name = generated;
                declared.Add(name);
            }
            else if (_o.NameReuse && depth > 0 && P(0.2))
            {
                // Named like a loop variable of the enclosing block's statements (a sibling scope, maybe hoisted, maybe
                // of another type), unless that loop encloses this block.
                string sibling = Pick(new[] { "i", "e" }) + (depth - 1);
                if (!declared.Contains(sibling) && !c.Vars.Any(v => v.Name == sibling) && !c.Taken.Contains(sibling)) name = sibling;
                declared.Add(name);
            }
            return name;
        }

        private Stmt Decl(ref Ctx c, HashSet<string> declared)
        {
            string? name = LocalName(c, declared);
            if (name == null) return LogStmt(c);
            Ty t = N(10) switch { < 6 => Ty.Int, < 8 => Ty.Str, _ => Ty.Bool };
            Expr init = ExprOf(t, c, 2, true);
            c = c with { Vars = c.Vars.Add(new Var(name, t, false, c.InLoop)) };
            string tn = t switch { Ty.Int => "int", Ty.Bool => "bool", _ => "string" };
            return new Stmt("decl", $"{tn} {name} = {{e0}};", new() { init });
        }

        private Stmt Assign(Ctx c)
        {
            var vars = c.Vars.Where(v => !v.ReadOnly).ToList();
            if (vars.Count == 0) return LogStmt(c);
            Var v = Pick(vars);
            Expr e = ExprOf(v.Type, c, 2, true);
            if (e.Kids.Count == 0 && e.Format == v.Name) e = Expr.Literal(v.Type);
            string op = v.Type switch
            {
                Ty.Int => Pick(new[] { "=", "+=", "-=", "^=", "*=" }),
                Ty.Str => Pick(new[] { "=", "+=" }),
                _ => Pick(new[] { "=", "&=", "|=" }),
            };
            return new Stmt("assign", $"{v.Name} {op} {{e0}};", new() { e });
        }

        private Stmt Lambda(Ctx c)
        {
            int id = Uid();
            Ctx pure = (_o.LambdasCapturingLoopLocals ? c : c with { Vars = c.Vars.Where(v => !v.LoopScoped).ToImmutableList() }).InLambdaBody();
            if (_o.NameReuse && P(0.12))
            {
                // A lambda parameter named like the method's channel parameter (of another type) or like a name of the frame
                // (State, __result, __t1, __call1, __this): inside, the name is the lambda's int, whatever the frame calls its own.
                // Its body reads the parameter and one plain variable only (no cin: it may be shadowed).
                string name = Pick(new[] { "cin", "cout", "State", "__result", "__t1", "__call1", "__this" });
                var plain = pure.Vars.Where(v => v.Type == Ty.Int && v.Name != name && !v.Name.StartsWith(name + ".", StringComparison.Ordinal)).ToList();
                string other = plain.Count > 0 ? Pick(plain).Name : N(10).ToString();
                return new Stmt("lambda", $"Func<int, int> h{id} = {name} => {name} * 2 + {other};\nLog(\"h{id} \" + h{id}({{e0}}));",
                    new() { IntExpr(c, 1, true) });
            }
            var shadowable = c.Vars.Where(v => !v.Name.Contains('.')).ToList();
            if (_o.NameReuse && shadowable.Count > 0 && P(0.4))
            {
                // A lambda parameter shadowing a local or parameter (C# 8): inside, the name is the lambda's int.
                string name = Pick(shadowable).Name;
                var inside = pure with { Vars = pure.Vars.Where(v => v.Name != name && !v.Name.StartsWith(name + ".", StringComparison.Ordinal)).ToImmutableList().Add(new Var(name, Ty.Int, true, false)) };
                return new Stmt("lambda", $"Func<int, int> h{id} = {name} => {name} * 2 + {{e0}};\nLog(\"h{id} \" + h{id}({{e1}}));",
                    new() { IntExpr(inside, 2, false), IntExpr(c, 1, true) });
            }
            if (N(2) == 0)
                return new Stmt("lambda", $"Func<int> f{id} = () => {{e0}} + 1;\nLog(\"f{id} \" + f{id}());", new() { IntExpr(pure, 2, false) });
            return new Stmt("lambda", $"int g{id}(int q) => q * 2 + {{e0}};\nLog(\"g{id} \" + g{id}({{e1}}));", new() { IntExpr(ForLocalFunction(pure), 2, false), IntExpr(c, 1, true) });
        }

        /// <summary>
        /// A closure that outlives its iteration (added to <c>fns</c>, called at the end): C# gives each iteration its own
        /// variables, so each closure must see the values of the iteration that made it.
        /// </summary>
        private Stmt KeptClosure(Ctx c)
        {
            int id = Uid();
            Ctx pure = (_o.LambdasCapturingLoopLocals ? c : c with { Vars = c.Vars.Where(v => !v.LoopScoped).ToImmutableList() }).InLambdaBody();
            switch (N(_o.OutArguments ? 5 : 4))
            {
                case 4:
                {
                    // A local function over this iteration's variables converted to a delegate (the frame wraps it in a
                    // lambda of its own, with parameters named like its parameter here).
                    var vars = pure.Vars.Where(v => !v.Name.Contains('.')).ToList();
                    string pn = N(3) switch { 0 => "__a0", 1 when vars.Count > 0 => "__box_" + Pick(vars).Name, _ => "q" };
                    return new Stmt("lambda", $"int g{id}(int {pn}) => {pn} * 2 + {{e0}};\nFunc<int, int> fg{id} = g{id};\nfns.Add(() => fg{id}({N(5)}));",
                        new() { IntExpr(ForLocalFunction(pure), 2, false) });
                }
                case 0:
                    return new Stmt("lambda", $"fns.Add(() => {{e0}});", new() { IntExpr(pure, 2, false) });
                case 1:
                    return new Stmt("lambda", $"int g{id}() => {{e0}} + 3;\nfns.Add(g{id});\nLog(\"g{id} \" + g{id}());", new() { IntExpr(ForLocalFunction(pure), 2, false) });
                case 2:
                {
                    var withO = pure with { Vars = pure.Vars.Add(new Var("o" + id, Ty.Int, true, true)) };
                    return new Stmt("lambda", $"if (int.TryParse({{e0}}, out var o{id})) fns.Add(() => o{id} * 2 + {{e1}});",
                        new() { StrExpr(c, 1, true), IntExpr(withO, 1, false) });
                }
                default:
                {
                    var withP = pure with { Vars = pure.Vars.Add(new Var("p" + id, Ty.Int, true, true)) };
                    return new Stmt("lambda", $"if ((object)({{e0}}) is int p{id}) fns.Add(() => p{id} - {{e1}});",
                        new() { IntExpr(c, 1, true), IntExpr(withP, 1, false) });
                }
            }
        }

        private Stmt Jump(Ctx c)
        {
            var options = new List<Func<Stmt>>();
            if (c.CanBreak) options.Add(() => new Stmt("break", "if ({e0}) break;", new() { BoolExpr(c, 2, true) }));
            if (c.CanContinue) options.Add(() => new Stmt("continue", "if ({e0}) continue;", new() { BoolExpr(c, 2, true) }));
            if (c.CanReturn) options.Add(() => new Stmt("return", "if ({e0}) return {e1};", new() { BoolExpr(c, 2, true), IntExpr(c, 2, true) }));
            if (c.Labels.Count > 0)
            {
                string l = Pick(c.Labels);
                options.Add(() => { _forwardGotoTargets.Add(l); return new Stmt("goto", $"if ({{e0}}) goto {l};", new() { BoolExpr(c, 2, true) }); });
            }
            if (c.InCatch) options.Add(() => new Stmt("rethrow", "if ({e0}) throw;", new() { BoolExpr(c, 2, true) }));
            if (c.BackLabels.Count > 0) options.Add(() => BackGoto(c, Pick(c.BackLabels)));
            return Pick(options)();
        }

        private Stmt If(Ctx c)
        {
            var s = _o.OperatorTrue && P(0.25)
                ? new Stmt("if", "if (new Tri({e0}))", new() { IntExpr(c, 2, true) }) { Unwrappable = true }
                : new Stmt("if", "if ({e0})", new() { BoolExpr(c, 2, true) }) { Unwrappable = true };
            if (P(0.5))
            {
                s.Add(SubBlock(c, BlockSize(c)), "else");
                s.Add(SubBlock(c, BlockSize(c)), "");
            }
            else
            {
                s.Add(SubBlock(c, BlockSize(c)), "");
            }
            return s;
        }

        private Stmt Loop(Ctx c)
        {
            int id = Uid();
            int k = 1 + N(3);
            var inner = c with { LoopDepth = c.LoopDepth + 1, CanBreak = true, CanContinue = true, InLoop = true };
            string d = c.Depth.ToString();
            switch (N(5))
            {
                case 0:
                    return new Stmt("while", $"int w{id} = 0;\nwhile (w{id}++ < {k} && {{e0}})", new() { BoolExpr(c, 2, true) }) { Unwrappable = true }
                        .Add(SubBlock(inner, BlockSize(c)), "");
                case 1:
                    return new Stmt("do", $"int w{id} = 0;\ndo", new() { BoolExpr(c, 2, true) }) { Unwrappable = true }
                        .Add(SubBlock(inner, BlockSize(c)), $"while (w{id}++ < {k} && {{e0}});");
                case 2:
                {
                    var body = inner with { Vars = inner.Vars.Add(new Var("i" + d, Ty.Int, true, true)) };
                    Ctx header = c with { Taken = c.Taken.Add("i" + d) };
                    return new Stmt("for", $"for (int i{d} = {{e0}} & 1; i{d} < {k} && {{e1}}; i{d} = i{d} + 1 + ({{e2}} & 1))",
                            new() { IntExpr(header, 1, true), BoolExpr(header with { Vars = body.Vars }, 2, true), IntExpr(header with { Vars = body.Vars }, 1, true) }) { Unwrappable = true }
                        .Add(SubBlock(body, BlockSize(c)), "");
                }
                default:
                {
                    var body = inner with { Vars = inner.Vars.Add(new Var("e" + d, Ty.Int, true, true)) };
                    var exprs = new List<Expr>();
                    c = c with { Taken = c.Taken.Add("e" + d) }; // the header's expressions
                    string source;
                    switch (N(c.HasArr ? 6 : 5))
                    {
                        case 0: source = $"new[] {{ {{e0}}, {{e1}}{(k > 2 ? ", 7" : "")} }}"; exprs.Add(IntExpr(c, 1, true)); exprs.Add(IntExpr(c, 1, true)); break;
                        case 1: source = $"new List<int> {{ {{e0}}{(k > 1 ? ", 5" : "")} }}"; exprs.Add(IntExpr(c, 1, true)); break;
                        case 2: source = $"Enumerable.Range({N(5)}, {k})"; break;
                        case 3:
                        case 4: source = $"Src({k}, {id})"; break;
                        default: source = "arr"; break;
                    }
                    string decl = P(0.5) ? "int" : "var";
                    return new Stmt("foreach", $"foreach ({decl} e{d} in {source})", exprs) { Unwrappable = true }
                        .Add(SubBlock(body, BlockSize(c)), "");
                }
            }
        }

        private Stmt Switch(Ctx c)
        {
            int id = Uid();
            var inner = c with { CanBreak = true };
            var labels = new List<string>();
            var exprs = new List<Expr> { IntExpr(c, 2, true) };
            if (P(0.7)) labels.Add("case 0:");
            if (P(0.5)) labels.Add("case 1 or 2:");
            if (P(0.5)) labels.Add("case < 0:");
            if (P(0.5)) { exprs.Add(BoolExpr(c, 1, _o.SuspendInCaseGuards)); labels.Add($"case > 5 when {{e{exprs.Count - 1}}}:"); }
            string sv = ScopedName(c, "s" + id);
            if (P(0.4))
            {
                var withS = c with { Vars = c.Vars.Add(new Var(sv, Ty.Int, true, c.InLoop)) };
                exprs.Add(BoolExpr(withS, 1, _o.SuspendInCaseGuards));
                labels.Add($"case {(_o.NameReuse && P(0.5) ? "var" : "int")} {sv} when {sv} % 2 == 0 && {{e{exprs.Count - 1}}}:");
            }
            if (labels.Count == 0 || P(0.7)) labels.Add("default:");
            var s = new Stmt("switch", "switch ({e0})\n{\n" + labels[0], exprs);
            for (int i = 0; i < labels.Count; i++)
            {
                Ctx sc = inner;
                if (labels[i].StartsWith("case int " + sv + " ", StringComparison.Ordinal) || labels[i].StartsWith("case var " + sv + " ", StringComparison.Ordinal))
                    sc = inner with { Vars = inner.Vars.Add(new Var(sv, Ty.Int, true, c.InLoop)) };
                string after = i + 1 < labels.Count ? "break;\n" + labels[i + 1] : "break;\n}";
                s.Add(SubBlock(sc, BlockSize(c)), after);
            }
            return s;
        }

        private Stmt Try(Ctx c)
        {
            string d = c.Depth.ToString();
            int kind = N(4); // 0 try-catch, 1 try-finally, 2 try-catch-finally, 3 try-catch-catch-finally
            var s = new Stmt("try", "try") { Unwrappable = true };
            Block tryBlock = SubBlock(c, BlockSize(c));
            var inCatch = c with { InCatch = true, Vars = c.Vars.Add(new Var($"x{d}.Message", Ty.Str, true, c.InLoop)) };
            var inFinally = c with { CanBreak = false, CanContinue = false, CanReturn = false, InCatch = false, Labels = ImmutableList<string>.Empty, BackLabels = ImmutableList<BackLabel>.Empty };
            string Catch() => N(4) switch
            {
                0 => $"catch (TestException x{d}) when (x{d}.Message != \"t{Uid()}\")",
                1 => $"catch (Exception x{d})",
                _ => $"catch (TestException x{d})",
            };
            switch (kind)
            {
                case 0:
                    s.Add(tryBlock, Catch());
                    s.Add(SubBlock(inCatch, BlockSize(c)), "");
                    break;
                case 1:
                    s.Add(tryBlock, "finally");
                    s.Add(SubBlock(inFinally, BlockSize(c)), "");
                    break;
                case 2:
                    s.Add(tryBlock, Catch());
                    s.Add(SubBlock(inCatch, BlockSize(c)), "finally");
                    s.Add(SubBlock(inFinally, BlockSize(c)), "");
                    break;
                default:
                    s.Add(tryBlock, $"catch (OtherException x{d})");
                    s.Add(SubBlock(inCatch, 1), $"catch (Exception x{d}) when (x{d} is TestException)");
                    s.Add(SubBlock(inCatch, BlockSize(c)), "finally");
                    s.Add(SubBlock(inFinally, BlockSize(c)), "");
                    break;
            }
            return s;
        }

        /// <summary>A goto written before this point jumps to a label after it (so no using declaration may come here).</summary>
        private bool AfterForwardGoto(Ctx c) => c.Labels.Any(_forwardGotoTargets.Contains);

        private Stmt Using(ref Ctx c)
        {
            int id = Uid();
            if (P(0.4) && !c.BlockHasLabel && !c.NoUsingDeclarations && !AfterForwardGoto(c))
            {
                if (_o.UsingCaptures) c = c with { Vars = c.Vars.Add(new Var($"r{id}.Name", Ty.Str, true, c.InLoop, ViaVar: true)) };
                return new Stmt("usingdecl", $"using var r{id} = new LogDisposable(\"r{id}\");");
            }
            string d = c.Depth.ToString();
            Ctx inner = _o.UsingCaptures ? c with { Vars = c.Vars.Add(new Var($"u{d}.Name", Ty.Str, true, c.InLoop, ViaVar: true)) } : c;
            Block b = SubBlock(inner, BlockSize(c));
            if (_o.UsingCaptures && _o.Lambdas && _o.KeptClosures && c.HasArr && c.InLoop && P(0.5))
                b.Stmts.Insert(0, new Stmt("lambda", $"fns.Add(() => u{d}.Name.Length * 10 + {N(10)});"));
            return new Stmt("using", $"using (var u{d} = new LogDisposable(\"u{id}\"))") { Unwrappable = true }.Add(b, "");
        }

        // ---- expressions ----

        private Expr ExprOf(Ty t, Ctx c, int depth, bool susp) => t switch
        {
            Ty.Int => IntExpr(c, depth, susp),
            Ty.Bool => BoolExpr(c, depth, susp),
            _ => StrExpr(c, depth, susp),
        };

        private Expr VarOr(Ctx c, Ty t, Func<Expr> otherwise)
        {
            var vs = c.Vars.Where(v => v.Type == t).ToList();
            return vs.Count > 0 ? new Expr(t, Pick(vs).Name) : otherwise();
        }

        private Expr IntLeaf(Ctx c, bool susp)
        {
            if (_o.OutArguments && P(susp ? 0.05 : 0.01)) return susp ? OutIntLeaf(c) : QuietOutLeaf(c);
            if (susp && _o.TimeAndSelect && P(0.12)) return TimedIntLeaf(c);
            if (susp && _o.Awaits && P(0.04)) return AwaitIntLeaf(c);
            if (_o.TaskletCallsInLambdas && (c.InLambda ? P(0.15) : susp && P(0.03))) return PureCall(c);
            int roll = N(100);
            if (susp && roll < 30) return new Expr(Ty.Int, "cin.Receive()") { Suspends = true };
            if (susp && roll < 36)
                return new Expr(Ty.Int, "Help" + N(2) + "(cin, cout, " + (c.InHelper ? c.DepthParam + " - 1" : N(3).ToString()) + ", {0})", IntLeaf(c, false)) { Suspends = true };
            if (susp && roll < 40 && c.HasShapes)
                return new Expr(Ty.Int, P(0.6) ? "sh.Step(cin, {0})" : "st.Twice(cin, {0})", IntLeaf(c, false)) { Suspends = true };
            if (roll < 55) return VarOr(c, Ty.Int, () => new Expr(Ty.Int, N(10).ToString()));
            if (roll < 75) return new Expr(Ty.Int, $"V(\"v{Uid()}\", {N(10)})");
            return new Expr(Ty.Int, N(10).ToString());
        }

        private Expr IntExpr(Ctx c, int depth, bool susp)
        {
            if (depth <= 0 || P(0.35)) return IntLeaf(c, susp);
            if (_o.SpillOrder && P(0.07) && SpillExpr(c, depth, susp) is Expr spill) return spill;
            int roll = N(100);
            if (roll < 40) return new Expr(Ty.Int, "({0} " + Pick(new[] { "+", "-", "*", "^", "&" }) + " {1})", IntExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp));
            if (roll < 55) return new Expr(Ty.Int, "({0} ? {1} : {2})", BoolExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp));
            if (roll < 62 && c.HasArr) return new Expr(Ty.Int, "arr[{0} & 3]", IntExpr(c, depth - 1, susp));
            if (roll < 68) return new Expr(Ty.Int, "({0}).Length", StrExpr(c, depth - 1, susp));
            if (roll < 76 && c.HasArr) return new Expr(Ty.Int, (P(0.5) ? "(acc?.Add({0}) ?? {1})" : "(nacc?.Add({0}) ?? {1})"), IntExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp));
            if (roll < 80) return new Expr(Ty.Int, "({0} switch {{ 0 => {1}, 1 => {2}, > 5 => {3}, _ => {4} }})",
                IntExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp));
            if (roll < 84)
            {
                // Arms with guards (which may suspend), a guard over the arm's pattern variable, and that variable in the arm.
                string sv = ScopedName(c, "s" + Uid());
                bool guardSusp = susp && _o.SuspendInArmGuards;
                var withS = c with { Vars = c.Vars.Add(new Var(sv, Ty.Int, true, c.InLoop)) };
                Expr guard1 = guardSusp && P(0.5) ? new Expr(Ty.Bool, "(cin.Receive() > " + N(6) + ")") { Suspends = true } : BoolExpr(c, depth - 1, guardSusp);
                return new Expr(Ty.Int, "({0} switch {{ > 5 when {1} => {2}, " + (_o.NameReuse && P(0.5) ? "var " : "int ") + sv + " when " + sv + " % 2 == 0 && {3} => {4}, _ => {5} }})",
                    IntExpr(c, depth - 1, susp), guard1, IntExpr(c, depth - 1, susp),
                    BoolExpr(withS, depth - 1, guardSusp), IntExpr(withS, depth - 1, susp), IntExpr(c, depth - 1, susp));
            }
            if (roll < 90) { int id = Uid(); return new Expr(Ty.Int, $"(int.TryParse({{0}}, out var o{id}) ? o{id} : -1)", StrExpr(c, depth - 1, susp)); }
            if (roll < 95) return new Expr(Ty.Int, "-({0})", IntExpr(c, depth - 1, susp));
            if (roll < 96 && _o.ThrowExpressions)
                return new Expr(Ty.Int, "({0} ? {1} : throw new TestException(\"te" + Uid() + "\"))", BoolExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp));
            if (roll < 98 && _o.Records && c.HasRecord)
                return new Expr(Ty.Int, "(pt with {{ X = {0} }}).X", IntExpr(c, depth - 1, susp));
            if (_o.LongChains && P(0.6)) return InlineChain(Ty.Int, c, susp);
            return IntLeaf(c, susp);
        }

        private Expr BoolExpr(Ctx c, int depth, bool susp)
        {
            if (depth <= 0 || P(0.25))
            {
                if (susp && _o.OutArguments && P(0.05)) return OutBoolLeaf(c);
                if (susp && _o.TimeAndSelect && P(0.12)) return TimedBoolLeaf(c);
                if (susp && _o.Awaits && P(0.04)) return AwaitBoolLeaf(c);
                int roll = N(100);
                if (roll < 40) return new Expr(Ty.Bool, $"B(\"c{Uid()}\", {(P(0.5) ? "true" : "false")})");
                if (roll < 60) return VarOr(c, Ty.Bool, () => new Expr(Ty.Bool, P(0.5) ? "true" : "false"));
                return new Expr(Ty.Bool, "({0} " + Pick(new[] { "<", ">", "==", "!=" }) + " {1})", IntLeaf(c, susp), new Expr(Ty.Int, N(10).ToString()));
            }
            int r = N(100);
            if (r < 30)
            {
                Expr a = IntExpr(c, depth - 1, susp), b = IntExpr(c, depth - 1, susp);
                if (a.Render() == b.Render()) b = new Expr(Ty.Int, N(10).ToString());
                return new Expr(Ty.Bool, "({0} " + Pick(new[] { "<", ">", "==", "!=", "<=" }) + " {1})", a, b);
            }
            if (r < 50) return new Expr(Ty.Bool, "({0} && {1})", BoolExpr(c, depth - 1, susp), BoolExpr(c, depth - 1, susp));
            if (r < 70) return new Expr(Ty.Bool, "({0} || {1})", BoolExpr(c, depth - 1, susp), BoolExpr(c, depth - 1, susp));
            if (r < 78) return new Expr(Ty.Bool, "!{0}", BoolExpr(c, depth - 1, susp));
            if (r < 86) { int id = Uid(); return new Expr(Ty.Bool, $"((object)({{0}}) is int p{id} && p{id} > {N(6)})", IntExpr(c, depth - 1, susp)); }
            if (r < 93) return new Expr(Ty.Bool, $"(V(\"r{Uid()}\", {{0}}) is > {N(4)} and < {5 + N(5)})", IntExpr(c, depth - 1, susp));
            if (r < 96 && _o.LongChains) return InlineChain(Ty.Bool, c, susp);
            return new Expr(Ty.Bool, "({0} ? {1} : {2})", BoolExpr(c, depth - 1, susp), BoolExpr(c, depth - 1, susp), BoolExpr(c, depth - 1, susp));
        }

        private Expr StrExpr(Ctx c, int depth, bool susp)
        {
            if (susp && _o.Awaits && P(0.03)) return AwaitStrLeaf(c);
            if (depth <= 0 || P(0.3))
                return N(3) == 0 ? new Expr(Ty.Str, $"\"w{N(10)}\"") : VarOr(c, Ty.Str, () => new Expr(Ty.Str, $"\"w{N(10)}\""));
            int r = N(100);
            if (r < 30) return new Expr(Ty.Str, "$\"<{{{0}}}|{{{1}}}>\"", IntExpr(c, depth - 1, susp), StrExpr(c, depth - 1, susp));
            if (r < 55) return new Expr(Ty.Str, "({0} + {1})", StrExpr(c, depth - 1, susp), IntExpr(c, depth - 1, susp));
            if (r < 75 && c.HasArr) return new Expr(Ty.Str, "(ns ?? {0})", StrExpr(c, depth - 1, susp));
            if (r < 90) return new Expr(Ty.Str, "({0}).ToString()", IntExpr(c, depth - 1, susp));
            if (r < 93 && _o.ThrowExpressions)
                return new Expr(Ty.Str, "(({0} ? {1} : null) ?? throw new TestException(\"tn" + Uid() + "\"))", BoolExpr(c, depth - 1, susp), StrExpr(c, depth - 1, susp));
            if (r < 95 && _o.CoalescingAssignment && c.HasArr)
                return new Expr(Ty.Str, "(ns ??= {0})", StrExpr(c, depth - 1, susp));
            if (r < 97 && _o.LongChains) return InlineChain(Ty.Str, c, susp);
            return new Expr(Ty.Str, "({0} ? {1} : {2})", BoolExpr(c, depth - 1, susp), StrExpr(c, depth - 1, susp), StrExpr(c, depth - 1, susp));
        }
    }

    /// <summary>A minimal immutable list (value semantics are not needed; copies are cheap at these sizes).</summary>
    public sealed class ImmutableList<T> : List<T>
    {
        public static readonly ImmutableList<T> Empty = new();

        public new ImmutableList<T> Add(T item)
        {
            var l = new ImmutableList<T>();
            l.AddRange(this);
            ((List<T>)l).Add(item);
            return l;
        }
    }

    internal static class ImmutableListExtensions
    {
        public static ImmutableList<T> ToImmutableList<T>(this IEnumerable<T> items)
        {
            var l = new ImmutableList<T>();
            l.AddRange(items);
            return l;
        }
    }
}
