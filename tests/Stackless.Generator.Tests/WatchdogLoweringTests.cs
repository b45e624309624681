using System;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Threading;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Step checks in generated code (issue 14): one at the entry of every [Tasklet] method that calls another (every
    /// cycle of calls passes through one) and one at every back-edge of a lowered loop, none in
    /// <c>[Tasklet(Preemptible = false)]</c>; a budgeted <c>Scheduler.Run</c> interrupts there and
    /// the tasklet resumes exactly where it was.
    /// </summary>
    public class WatchdogLoweringTests
    {
        /// <summary>The [Tasklet] method <paramref name="name"/> and <c>{name}Plain</c>, the same body as ordinary C#.</summary>
        private static string Twins(string returnType, string name, string parameters, string body) =>
            "[Tasklet]\nstatic " + returnType + " " + name + "(" + parameters + ")\n" + body
            + "\npublic static " + returnType + " " + name + "Plain(" + parameters + ")\n" + body + "\n";

        private const string QuietBody = """
            {
                long acc = 0;
                int i = 0;
                while (i < n) { acc += i; i++; }
                for (int j = 0; j < n; j++)
                {
                    if (j % 3 == 0) continue;
                    for (int k = 0; k < 4; k++) { if (k == j % 4) break; acc = acc * 31 % 1000003 + k; }
                }
                int d = 0;
                do { d += 3; if (d % 7 == 0) continue; acc++; } while (d < n);
                int[] squares = new int[n];
                for (int j = 0; j < squares.Length; j++) squares[j] = j * j;
                foreach (int x in squares) acc ^= x;
                var list = new List<int> { 1, 2, 3 };
                foreach (int x in list) acc += x * i;
                var funcs = new List<Func<int>>();
                for (int j = 0; j < 3; j++)
                {
                    int copy = j;
                    for (int k = 0; k < 2; k++) copy += k;
                    funcs.Add(() => copy * 10 + j);
                }
                foreach (Func<int> f in funcs) acc += f();
                string s = "";
                try
                {
                    for (int j = 0; j < 5; j++) { s += j; if (j == 3) throw new InvalidOperationException("at" + j); }
                }
                catch (InvalidOperationException e) { s += e.Message; }
                finally { s += "!"; }
                using (var sw = new System.IO.StringWriter())
                {
                    for (int j = 0; j < 3; j++) sw.Write(j);
                    s += sw.ToString();
                }
                lock (list) { for (int j = 0; j < 3; j++) acc += j; } // not checked: nothing may suspend inside a lock
                switch (n % 3)
                {
                    case 1:
                        for (int j = 0; j < n; j++) { if (j == 5) goto case 2; acc++; }
                        break;
                    case 2:
                        object o = 0;
                        while (o is int v && v < 4) { o = v + 1; acc += v; }
                        break;
                }
                return acc + " " + i + " " + d + " " + s;
            }
            """;

        // Ref-like and ref locals (a Span from stackalloc, a ref to a local): a loop gets its check where none is read
        // after the check's resume point (the resume comes from the dispatch, past their initialization).
        private const string SpansBody = """
            {
                long acc = 0;
                for (int j = 0; j < n; j++) acc += j;                    // checked: it ends before the span is declared
                Span<int> span = stackalloc int[4];
                for (int j = 0; j < span.Length; j++) span[j] = j * n;   // not checked: span is read after its back-edge
                foreach (int x in span) acc += x;                        // not checked: a ref-struct enumerator
                ref long r = ref acc;
                r += span[3];
                int k = 0;
                while (k < n) { acc += k * 3; k++; }                     // checked: neither span nor r is read after it
                for (int j = 0; j < 3; j++)                              // checked: chars is declared in its body
                {
                    ReadOnlySpan<char> chars = "abcd".AsSpan(j);
                    acc += chars.Length;
                    int m = 0;
                    while (m < chars.Length) { acc = acc * 7 % 1000003 + chars[m]; m++; } // not checked: chars is read in it
                    for (int q = 0; q < 2; q++) acc++;                   // checked: chars is not read after it
                }
                lock (Log)                                               // counted, not checked: no pause inside a lock
                {
                    int t = 0;
                    do { t++; acc += t; } while (t < 3);
                    foreach (var (a, b) in new[] { (1, 2), (3, 4) }) acc += a * b;
                    foreach (char c in "xyz") acc += c;
                }
                return acc;
            }
            """;

        // Local functions (issue 14): those only called, from the body or each other, run in place and count their loops'
        // steps (a static one too); one turned into a delegate, and a lambda, may run later outside any tasklet and do not.
        // Backward gotos and goto case count theirs where they get no check (inside a try, a switch copied whole).
        private const string LocalsBody = """
            {
                long acc = 0;
                int calls = 0;
                long Sum(int upTo) { long s = 0; for (int j = 0; j < upTo; j++) s += j; calls++; return s; }
                static int Digits(int v) { int d = 0; do { d++; v /= 10; } while (v != 0); return d; }
                int Collatz(long v) { int steps = 0; while (v != 1) { v = v % 2 == 0 ? v / 2 : 3 * v + 1; steps++; } return steps + Twice(steps); }
                int Twice(int v) { int r = 0; foreach (int x in new[] { v, v }) r += x; return r; }
                int Back(int v) { int k = 0; again: k++; if (k < v) goto again; return k; }
                int Fact(int v) => v <= 1 ? 1 : v * Fact(v - 1);
                int Later(int v) { int r = 0; for (int j = 0; j < v; j++) r += j * j; return r; }
                Func<int, int> later = Later;
                Func<int, int> lambda = v => { int r = 0; while (v > 0) { r += v; v--; } return r; };
                for (int i = 0; i < n; i++)
                    acc = acc * 31 % 1000003 + Sum(i) + Digits(i * 997) + Collatz(i + 1) + Back(i % 5 + 1) + Fact(i % 6) + later(i) + lambda(i);
                int hops = 0;
                switch (n % 2)
                {
                    case 0: hops++; if (hops < 7) goto case 1; break;
                    case 1: hops += 2; goto case 0;
                }
                int tries = 0;
                try { retry: tries++; if (tries < 4) goto retry; }
                finally { acc += tries; }
                return acc * 1000 + calls * 10 + hops + nameof(Sum).Length;
            }
            """;

        private static readonly string Program = $$"""
            using System;
            using System.Collections.Generic;
            using Stackless;

            public static partial class W
            {
                public static List<string> Log = new();
                public static int Interruptions;

                [Tasklet] static int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);

                [Tasklet]
                static void Producer(Channel<int> ch, int n)
                {
                    int i = 0;
                    do { ch.Send(i * i); i++; } while (i < n);
                    ch.Close();
                }

                [Tasklet]
                static long Consumer(Channel<int> ch)
                {
                    long total = 0;
                    foreach (int x in ch)
                    {
                        try
                        {
                            if (x % 7 == 2) throw new FormatException("x" + x);
                            for (int k = 0; k < 3; k++) { total = total * 3 % 1000003 + x + k; Scheduler.Schedule(); }
                        }
                        catch (FormatException e) { Log.Add(e.Message); total -= 1; }
                        finally { total += Fib(x % 6); }
                    }
                    return total;
                }

                [Tasklet]
                static int Spinner(int rounds)
                {
                    int acc = 0, steps = 0;
                    while (acc < rounds) { acc += Fib(steps % 4); steps++; }
                    return acc * 1000 + steps;
                }

                // Backward gotos: a check before each (one copied inside an if, one on the flattened spine).
                [Tasklet]
                static int Gotos(int n)
                {
                    int i = 0, acc = 0;
                top:
                    acc += i;
                    i++;
                    if (i < n) goto top;
                    if (acc % 2 == 0) { acc++; goto top; }
                    return acc;
                }

                [Tasklet]
                static string Words(string[] words)
                {
                    string s = "";
                    foreach (string w in words)
                    {
                        s += w.Length;
                        Scheduler.Schedule();
                    }
                    return s;
                }

                // Loops that do not suspend (issue 14): each gets a step check at its back-edge, where it can. Each body below
                // is also compiled as ordinary C# (the method's name + "Plain"): the tasklet must agree with it, interrupted or not.
                {{Twins("string", "Quiet", "int n", QuietBody)}}
                {{Twins("long", "Spans", "int n", SpansBody)}}
                {{Twins("long", "Locals", "int n", LocalsBody)}}

                public static string Run(int budget, bool soft, bool total)
                {
                    Log = new();
                    Interruptions = 0;
                    var ch = new Channel<int>();
                    SpawnProducer(ch, 30);
                    Tasklet<long> c = SpawnConsumer(ch);
                    Tasklet<int> s = SpawnSpinner(40);
                    Tasklet<int> f = SpawnFib(11);
                    Tasklet<string> w = SpawnWords(new[] { "a", "bb", "ccc", "dddd" });
                    Tasklet<int> g = SpawnGotos(300);
                    Tasklet<string> q = SpawnQuiet(40);
                    Tasklet<long> sp = SpawnSpans(30);
                    Tasklet<long> lo = SpawnLocals(25);
                    if (budget == 0)
                    {
                        Scheduler.Run();
                    }
                    else if (soft)
                    {
                        while (Scheduler.RunCount > 1)
                        {
                            Scheduler.Run(budget, soft: true, totalBudget: total);
                            if (Scheduler.RunCount > 1) Interruptions++;
                        }
                    }
                    else
                    {
                        Tasklet? victim;
                        while ((victim = Scheduler.Run(budget, totalBudget: total)) != null)
                        {
                            if (!victim.IsPaused) throw new InvalidOperationException("a victim must be paused");
                            Interruptions++;
                            victim.Insert();
                        }
                    }
                    return c.Result + " " + s.Result + " " + f.Result + " " + w.Result + " " + g.Result + " " + q.Result + " " + sp.Result + " " + lo.Result + " " + string.Join(",", Log);
                }

                [Tasklet]
                static void Count(int[] box, int n)
                {
                    for (int i = 0; i < n; i++) { box[0]++; Scheduler.Schedule(); }
                }

                [Tasklet(Preemptible = false)]
                static void CountQuietly(int[] box, int n)
                {
                    for (int i = 0; i < n; i++) { box[0]++; Scheduler.Schedule(); }
                }

                [Tasklet]
                static void Forever(int[] box)
                {
                    try
                    {
                        while (true) { box[0]++; Scheduler.Schedule(); }
                    }
                    finally { Log.Add("finally after " + box[0]); }
                }

                [Tasklet]
                static void Spin(int[] box)
                {
                    int n = 0;
                    try
                    {
                        while (true) { n++; box[0] = n; }
                    }
                    finally { Log.Add("spin finally at " + n); }
                }

                [Tasklet]
                static void Nested(int[] box)
                {
                    for (int i = 0; i < 10; i++)
                        for (int j = 0; j < 10; j++)
                            box[0]++;
                }

                // A loop inside a lock only counts its steps: a budget it spends interrupts the tasklet at its next check.
                [Tasklet]
                static void Locked(int[] box)
                {
                    lock (box) { for (int i = 0; i < 100; i++) box[0]++; }
                    while (true) box[0]++;
                }

                [Tasklet(Preemptible = false)]
                static void LockedQuietly(int[] box)
                {
                    lock (box) { for (int i = 0; i < 100; i++) box[0]++; }
                }

                // A local function only called runs in place: its loop counts its steps, as in a lock (a static one too).
                [Tasklet]
                static void InLocal(int[] box)
                {
                    void Hundred() { for (int i = 0; i < 100; i++) box[0]++; }
                    Hundred();
                    while (true) box[0]++;
                }

                [Tasklet]
                static void InStaticLocal(int[] box)
                {
                    static void Hundred(int[] b) { int i = 0; while (i < 100) { b[0]++; i++; } }
                    Hundred(box);
                    while (true) box[0]++;
                }

                // Turned into a delegate, it may run later outside any tasklet: its loop does not count.
                [Tasklet]
                static void InDelegate(int[] box)
                {
                    void Hundred() { for (int i = 0; i < 100; i++) box[0]++; }
                    Action a = Hundred;
                    a();
                    while (true) box[0]++;
                }

                // A backward goto inside a lock cannot be checked: it counts.
                [Tasklet]
                static void GotoInLock(int[] box)
                {
                    lock (box) { again: box[0]++; if (box[0] < 100) goto again; }
                    while (true) box[0]++;
                }

                [Tasklet(Preemptible = false)]
                static void SpinQuietly(int[] box, int n)
                {
                    for (int i = 0; i < n; i++) box[0]++;
                }

                [Tasklet] static int Outer() => Middle() + 1;
                [Tasklet] static int Middle() => Inner() + 1;
                [Tasklet] static int Inner() { Log.Add("inner ran"); return 41; }

                public static string Exact()
                {
                    Log = new();
                    var box = new int[1];
                    Tasklet t = SpawnCount(box, 1000);
                    Tasklet? v = Scheduler.Run(100);
                    string a = (v == t) + " " + box[0] + " " + t.IsPaused;
                    t.Insert();
                    Scheduler.Run();
                    a += " " + box[0] + " " + t.IsAlive;

                    var quiet = new int[1];
                    SpawnCountQuietly(quiet, 1000);
                    a += " " + (Scheduler.Run(1) == null) + " " + quiet[0];

                    var forever = new int[1];
                    Tasklet ft = SpawnForever(forever);
                    v = Scheduler.Run(50);
                    a += " " + (v == ft) + " " + forever[0];
                    ft.Kill();
                    a += " " + ft.IsAlive + " " + string.Join(",", Log);

                    // A backward goto: 50 pass, the 51st (i = 51, acc = 0 + 1 + ... + 50) interrupts; inserted, it finishes.
                    Tasklet<int> gt = SpawnGotos(1000);
                    v = Scheduler.Run(50);
                    a += " " + (v == gt) + " " + gt.IsPaused;
                    gt.Insert();
                    Scheduler.Run();
                    a += " " + gt.Result;

                    // Loops that do not suspend: Spin is interrupted at its 51st back-edge, its local kept for the finally the kill runs.
                    Log = new();
                    var spun = new int[1];
                    Tasklet st = SpawnSpin(spun);
                    v = Scheduler.Run(50);
                    a += " | " + (v == st) + " " + spun[0];
                    st.Kill();
                    a += " " + st.IsAlive + " " + string.Join(",", Log);
                    // Nested: 11 checks per outer iteration (10 inner back-edges, then the outer one); the 51st is the 7th inner one of i = 4.
                    var nested = new int[1];
                    Tasklet nt = SpawnNested(nested);
                    v = Scheduler.Run(50);
                    a += " " + (v == nt) + " " + nested[0];
                    nt.Insert();
                    Scheduler.Run();
                    a += " " + nested[0] + " " + nt.IsAlive;
                    var quietly = new int[1];
                    SpawnSpinQuietly(quietly, 1000);
                    a += " " + (Scheduler.Run(1) == null) + " " + quietly[0];

                    // Counted in a lock: its 100 steps spend the budget of 50 there, uninterrupted; the while's first check
                    // (after one iteration) interrupts.
                    var locked = new int[1];
                    Tasklet lt = SpawnLocked(locked);
                    v = Scheduler.Run(50);
                    a += " " + (v == lt) + " " + locked[0];
                    lt.Kill();

                    // Local functions: counted in place (100 steps, then the while's first check: 101), a static one too; not
                    // when turned into a delegate (the while's 51st check: 151). A backward goto in a lock: 99 counted, then 101.
                    foreach (Func<int[], Tasklet> spawn in new Func<int[], Tasklet>[] { SpawnInLocal, SpawnInStaticLocal, SpawnInDelegate, SpawnGotoInLock })
                    {
                        var counted = new int[1];
                        Tasklet ct = spawn(counted);
                        v = Scheduler.Run(50);
                        a += " " + (v == ct) + " " + counted[0];
                        ct.Kill();
                    }

                    // Entry checks: Outer's entry passes the budget of 1, Middle's is interrupted before its body runs.
                    Log = new();
                    Tasklet<int> o = SpawnOuter();
                    v = Scheduler.Run(1);
                    a += " | " + (v == o) + " " + Log.Count;
                    o.Insert();
                    Scheduler.Run();
                    a += " " + o.Result + " " + string.Join(",", Log);
                    return a;
                }
            }
            """;

        private static Type Compile(out string generated)
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean(Program);
            generated = outcome.AllGenerated;
            return TestCompiler.Load(outcome.Output).GetType("W")!;
        }

        /// <summary>Runs <paramref name="body"/> on a fresh thread: a fresh scheduler, nothing left from another test.</summary>
        private static T OnFreshThread<T>(Func<T> body)
        {
            T result = default!;
            ExceptionDispatchInfo? failure = null;
            var thread = new Thread(() =>
            {
                try { result = body(); }
                catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e is TargetInvocationException { InnerException: { } inner } ? inner : e); }
            });
            thread.Start();
            thread.Join();
            failure?.Throw();
            return result;
        }

        /// <summary>The text of one generated frame class, up to the next generated file.</summary>
        private static string FrameText(string generated, string frame)
        {
            int at = generated.IndexOf("class " + frame + " ", StringComparison.Ordinal);
            Assert.True(at >= 0, frame + " not generated");
            int next = EndOfMethod(generated, at);
            return next < 0 ? generated[at..] : generated[at..next];
        }

        // A generated file holds every [Tasklet] method of its type, each after a line naming it.
        private static int EndOfMethod(string generated, int at)
        {
            int file = generated.IndexOf("// ----", at, StringComparison.Ordinal);
            int method = generated.IndexOf("// [Tasklet] ", at, StringComparison.Ordinal);
            return file < 0 ? method : method < 0 ? file : Math.Min(file, method);
        }

        [Fact]
        public void QuietLoops_AgreeWithOrdinaryCSharp()
        {
            Type w = Compile(out string generated);
            string quiet = (string)w.GetMethod("QuietPlain")!.Invoke(null, new object[] { 40 })!;
            long spans = (long)w.GetMethod("SpansPlain")!.Invoke(null, new object[] { 30 })!;
            long locals = (long)w.GetMethod("LocalsPlain")!.Invoke(null, new object[] { 25 })!;
            string run = OnFreshThread(() => (string)w.GetMethod("Run")!.Invoke(null, new object[] { 0, false, false })!);
            // Run's result ends with Quiet's, Spans', Locals' and the log (which never holds a space).
            Assert.Contains(" " + quiet + " " + spans + " " + locals + " ", run + " ");
            // Spans: four loops checked, three not (a span read after the back-edge, a ref-struct enumerator, chars read in the loop).
            string spansFrame = FrameText(generated, "__Spans_Frame");
            Assert.Equal(4, Occurrences(spansFrame, "if (StepCounterSpent())"));
            Assert.DoesNotContain("BudgetCheck", spansFrame);
            // Locals: Sum, Digits (static), Collatz, Twice and Back count in place, the goto case back and the goto in the try
            // count; Later (a delegate) and the lambda do not, Fact has no loop, the for of the body is checked.
            string localsFrame = FrameText(generated, "__Locals_Frame");
            Assert.Equal(7, Occurrences(localsFrame, "CountLoopStep()"));
            Assert.Contains("int Later(int v) { int r = 0; for (int j = 0; j < v; j++) r += j * j; return r; }", localsFrame);
            Assert.Contains("{ CountLoopStep(); goto case 0; }", localsFrame);
        }

        private static int Occurrences(string text, string what)
        {
            int n = 0;
            for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) n++;
            return n;
        }

        [Fact]
        public void InterruptedEveryKSteps_SameResultAsUninterrupted()
        {
            Type w = Compile(out _);
            MethodInfo run = w.GetMethod("Run")!;
            FieldInfo interruptions = w.GetField("Interruptions")!;
            string expected = OnFreshThread(() => (string)run.Invoke(null, new object[] { 0, false, false })!);
            Assert.StartsWith("", expected);
            foreach (bool total in new[] { false, true })
            {
                foreach (int k in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 17, 23, 31, 50, 64, 100, 1000, 100_000 })
                {
                    (string actual, int count) = OnFreshThread(() => ((string)run.Invoke(null, new object[] { k, false, total })!, (int)interruptions.GetValue(null)!));
                    Assert.True(expected == actual, $"hard, budget {k}, total {total}: expected '{expected}', got '{actual}'");
                    if (k <= 10) Assert.True(count > 0, $"budget {k} never interrupted");
                    if (k == 100_000) Assert.Equal(0, count);
                    (actual, count) = OnFreshThread(() => ((string)run.Invoke(null, new object[] { k, true, total })!, (int)interruptions.GetValue(null)!));
                    Assert.True(expected == actual, $"soft, budget {k}, total {total}: expected '{expected}', got '{actual}'");
                }
            }
        }

        [Fact]
        public void ChecksAtEntryAndBackEdges_ExactCounts_PreemptibleFalse_Kill()
        {
            Type w = Compile(out string generated);
            string result = OnFreshThread(() => (string)w.GetMethod("Exact")!.Invoke(null, null)!);
            Assert.Equal(
                // Count calls no tasklet, so it has no entry check: 100 back-edges pass, the one after iteration 101
                // interrupts; inserted, it finishes.
                "True 101 True 1000 False"
                // CountQuietly has no checks: Run(1) cannot interrupt it.
                + " True 1000"
                // Forever: interrupted at its 51st check (after 51 iterations); the kill runs its finally there.
                + " True 51 False finally after 51"
                // Gotos(1000): interrupted at its 51st backward goto; the loop ends with 0 + ... + 999 = 499,500, even, so the
                // spine's goto runs once more: + 1, then + i (1,000) = 500,501.
                + " True True 500501"
                // Loops that do not suspend: Spin (a leaf: no entry check) interrupted after 51 iterations, its local n read
                // by the finally of the kill; Nested interrupted at 4 * 10 + 7 = 47, then finishes (100); SpinQuietly
                // (Preemptible = false) is not interrupted.
                + " | True 51 False spin finally at 51 True 47 100 False True 1000"
                // Locked: the lock's loop runs all 100 iterations, the while's first check interrupts at 101.
                + " True 101"
                // InLocal, InStaticLocal: 100 counted, interrupted at 101; InDelegate: not counted, 100 + 51; GotoInLock: 99 counted, 101.
                + " True 101 True 101 True 151 True 101"
                // Outer's entry check is the one step of Run(1); Middle is interrupted at its entry, before its body (Inner,
                // a leaf, has no entry check).
                + " | True 0 43 inner ran",
                result);
            // The quiet method's frame has no check; the others have them.
            int quiet = generated.IndexOf("class __CountQuietly_Frame", StringComparison.Ordinal);
            Assert.True(quiet >= 0, generated);
            int next = EndOfMethod(generated, quiet);
            string quietFrame = next < 0 ? generated[quiet..] : generated[quiet..next];
            Assert.DoesNotContain("BudgetCheck", quietFrame);
            Assert.Contains("BudgetCheck", generated);
            // The same for a loop that does not suspend: SpinQuietly's frame has none, Spin's has the check with no call in the loop.
            string spinQuietlyFrame = FrameText(generated, "__SpinQuietly_Frame");
            Assert.DoesNotContain("StepCounterSpent", spinQuietlyFrame);
            Assert.DoesNotContain("BudgetCheck", spinQuietlyFrame);
            Assert.Contains("if (StepCounterSpent()) { __saved_n = n; State = ", FrameText(generated, "__Spin_Frame"));
            // Copied loops count their steps, except in Preemptible = false.
            Assert.Contains("for (int i = 0; i < 100; i++, CountLoopStep())", FrameText(generated, "__Locked_Frame"));
            Assert.DoesNotContain("CountLoopStep", FrameText(generated, "__LockedQuietly_Frame"));
            // A local function counts in place (a static one loses the modifier to reach the frame), not one made a delegate.
            Assert.Contains("for (int i = 0; i < 100; i++, CountLoopStep()) box[0]++;", FrameText(generated, "__InLocal_Frame"));
            string staticLocal = FrameText(generated, "__InStaticLocal_Frame");
            Assert.Contains("void Hundred(int[] b) { int i = 0; for (; i < 100; CountLoopStep()) { b[0]++; i++; } }", staticLocal);
            Assert.DoesNotContain("static void Hundred", staticLocal);
            Assert.DoesNotContain("CountLoopStep", FrameText(generated, "__InDelegate_Frame"));
            Assert.Contains("{ CountLoopStep(); goto again; }", FrameText(generated, "__GotoInLock_Frame"));
        }
    }
}
