namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// <c>Tasklet.Await</c> of tasks that have completed (<c>Task.FromResult</c>, a <c>ValueTask</c> of a value) and of
    /// tasks a partner completes or faults later (<c>H.Later</c>, <c>H.Failing</c>: deterministic, see Harness/Completers.cs),
    /// of int, bool, string and anonymous types (<c>Task&lt;'a&gt;</c>: End&lt;'a&gt; cannot be written in the frame); and
    /// [Tasklet] calls inside lambdas, local functions and LINQ queries, where they run as ordinary code (<c>Pure</c> never
    /// suspends there; called as a suspension point elsewhere it may).
    /// </summary>
    public sealed partial class ProgramGenerator
    {
        private const string Tasks = "System.Threading.Tasks.";

        /// <summary>The [Tasklet] method that lambdas call: it suspends only when told to (never inside a lambda).</summary>
        internal const string PureHeader = "static int Pure(Channel<int> cin, int x, bool wait)";

        private static Block PureBody()
        {
            var b = new Block();
            b.Stmts.Add(new Stmt("log", "Log(\"Pure \" + x + \" \" + wait);"));
            b.Stmts.Add(new Stmt("guard", "if (wait) x += cin.Receive();"));
            b.Stmts.Add(new Stmt("return", "return x * 3 + 1;"));
            return b;
        }

        private Expr AwaitIntLeaf(Ctx c)
        {
            string id = Uid().ToString(System.Globalization.CultureInfo.InvariantCulture);
            string ticks = N(4).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string later = "\"aw" + id + "\", " + ticks + ", ";
            switch (N(9))
            {
                case 0:
                    return Await("Tasklet.Await(" + Tasks + "Task.FromResult({0}))", IntExpr(c, 1, true));
                case 1:
                    return Await("Tasklet.Await(new " + Tasks + "ValueTask<int>({0}))", IntExpr(c, 1, true));
                case 2:
                case 3:
                    return Await("Tasklet.Await(H.Later(" + later + "{0}))", IntExpr(c, 1, true));
                case 4:
                    return Await("Tasklet.Await(H.LaterValue(" + later + "{0}))", IntExpr(c, 1, true));
                case 5 when _o.AnonymousTypes:
                    return Await("Tasklet.Await(" + Tasks + "Task.FromResult(new {{ A = {0}, S = \"x" + id + "\" }})).A", IntExpr(c, 1, true));
                case 6 when _o.AnonymousTypes:
                    return Await("Tasklet.Await(H.Later(" + later + "new {{ A = {0}, N = new {{ B = {1} }} }})).N.B", IntLeaf(c, false), IntExpr(c, 1, true));
                case 7 when _o.AnonymousTypes:
                    return Await("Tasklet.Await(H.LaterValue(" + later + "new[] {{ new {{ Q = {0} }}, new {{ Q = {1} }} }}))[" + N(2) + "].Q", IntLeaf(c, false), IntExpr(c, 1, true));
                case 8 when P(0.5):
                    return Await("Tasklet.Await(H.Failing<int>(" + later + "\"af" + id + "\"))");
                default:
                    return Await("Tasklet.Await(H.Later(" + later + "{0}))", IntLeaf(c, true));
            }
        }

        private static Expr Await(string format, params Expr[] kids) => new(Ty.Int, format, kids) { Suspends = true };

        private Expr AwaitBoolLeaf(Ctx c) => new(Ty.Bool, "Tasklet.Await(H.Later(\"aw" + Uid() + "\", " + N(4) + ", {0}))", BoolExpr(c, 1, true)) { Suspends = true };

        private Expr AwaitStrLeaf(Ctx c) => P(0.5)
            ? new(Ty.Str, "Tasklet.Await(H.Later(\"aw" + Uid() + "\", " + N(4) + ", {0}))", StrExpr(c, 1, true)) { Suspends = true }
            : new(Ty.Str, "Tasklet.Await(new " + Tasks + "ValueTask<string>({0}))", StrExpr(c, 1, true)) { Suspends = true };

        /// <summary>Awaits as statements: tasks without a result, and an anonymous result kept in a local.</summary>
        private Stmt AwaitStatement(ref Ctx c)
        {
            int id = Uid();
            int ticks = N(4);
            switch (N(5))
            {
                case 0:
                    return new Stmt("await", $"Tasklet.Await(H.Later(\"aw{id}\", {ticks}));");
                case 1:
                    return new Stmt("await", "Tasklet.Await(" + Tasks + "Task.CompletedTask);");
                case 2:
                    return new Stmt("await", $"Tasklet.Await(new {Tasks}ValueTask(H.Later(\"aw{id}\", {ticks})));");
                default:
                    if (!_o.AnonymousTypes) goto case 0;
                    Stmt s = new("anon", $"var aw{id} = Tasklet.Await(H.Later(\"aw{id}\", {ticks}, new {{ A = {{e0}}, S = {{e1}} }}));\nLog(\"aw{id} \" + aw{id});",
                        new() { IntExpr(c, 2, true), StrExpr(c, 1, true) });
                    c = c with { Vars = c.Vars.Add(new Var($"aw{id}.A", Ty.Int, true, c.InLoop, ViaVar: true)).Add(new Var($"aw{id}.S", Ty.Str, true, c.InLoop, ViaVar: true)) };
                    return s;
            }
        }

        /// <summary>A call of <c>Pure</c>: inside a lambda it runs as ordinary code and must not suspend; elsewhere it is a suspension point that may.</summary>
        private Expr PureCall(Ctx c)
        {
            string wait = !c.InLambda && P(0.5) ? "true" : "false";
            return new Expr(Ty.Int, "Pure(cin, {0}, " + wait + ")", IntLeaf(c, false)) { Suspends = !c.InLambda };
        }

        /// <summary>[Tasklet] calls in a LINQ method chain and a query: lambdas, run as ordinary code where they are.</summary>
        private Stmt PureInLinq(Ctx c)
        {
            int id = Uid();
            Ctx inner = (c with { Vars = c.Vars.Add(new Var("q" + id, Ty.Int, true, true)) }).InLambdaBody();
            string range = $"Enumerable.Range({N(4)}, {1 + N(3)})";
            return P(0.5)
                ? new Stmt("lambda", $"Log(\"lq{id} \" + {range}.Select(q{id} => Pure(cin, q{id} + {{e0}}, false)).Sum());", new() { IntExpr(inner, 1, false) })
                : new Stmt("lambda", $"Log(\"lq{id} \" + string.Join(\",\", from q{id} in {range} where Pure(cin, q{id}, false) > {{e0}} select q{id} * 2));", new() { IntExpr(inner, 1, false) });
        }
    }
}
