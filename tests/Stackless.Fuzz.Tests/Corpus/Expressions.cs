// Suspension inside expressions: evaluation order and short-circuits must show in the trace.

//# Expr_ArgumentsLeftToRight
public partial class Expr_ArgumentsLeftToRight : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    static string Join(int a, int b, int c, int d) => $"{a}-{b}-{c}-{d}";
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
        => Join(V("a", 10), ch.Receive(), V("c", 30), V("d", ch.Receive() * 2));
}

//# Expr_BinaryOperands
public partial class Expr_BinaryOperands : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 2);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int x = V("l", 100) - ch.Receive() * V("m", 3) + ch.Receive() / V("n", 1);
        int y = (ch.Receive() << V("s", 2)) | (V("o", 1) ^ ch.Receive());
        return x * 1000 + y;
    }
}

//# Expr_AndAlsoShortCircuit
public partial class Expr_AndAlsoShortCircuit : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int i = 0; i < 4; i++)
        {
            if (B("first", i % 2 == 0) && ch.Receive() > 1 && B("third", true))
                s += "T";
            else
                s += "F";
        }
        bool b = B("x", false) && ch.Receive() == 0;
        return s + b;
    }
}

//# Expr_OrElseShortCircuit
public partial class Expr_OrElseShortCircuit : Prog
{
    readonly Channel<bool> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i % 3 == 0);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<bool> ch)
    {
        string s = "";
        for (int i = 0; i < 4; i++)
        {
            bool r = B("a", i == 2) || ch.Receive() || B("c", i == 3);
            s += r ? "1" : "0";
        }
        while (ch.Receive() || B("w", false)) { s += "w"; }
        return s;
    }
}

//# Expr_Conditional
public partial class Expr_Conditional : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i * 2);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int i = 0; i < 4; i++)
        {
            s += (i % 2 == 0 ? ch.Receive() : V("no", -1)) + ",";
            s += (ch.Receive() > 6 ? "big" + ch.Receive() : "small") + ";";
        }
        return s;
    }
}

//# Expr_NullCoalescing
public partial class Expr_NullCoalescing : Prog
{
    readonly Channel<string?> ch = new();
    public override void Partners() => H.FeedForever<string?>("f", ch, i => i % 2 == 0 ? null : "v" + i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<string?> ch)
    {
        string a = ch.Receive() ?? ch.Receive() ?? "none";
        string? b = V<string?>("b", "have") ?? ch.Receive();
        string? c = null;
        c ??= ch.Receive();
        c ??= ch.Receive();
        return a + "|" + b + "|" + (c ?? "null");
    }
}

//# Expr_ConditionalAccess
public partial class Expr_ConditionalAccess : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    sealed class Box
    {
        public Box? Next = null;
        public int Value;
        public int Add(int x) { Log("Add " + x); return Value + x; }
    }
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        Box? b = new Box { Value = 5 };
        Box? none = null;
        int? r1 = b?.Add(ch.Receive());
        int? r2 = none?.Add(ch.Receive());
        int? r3 = b!.Next?.Add(V("x", 1));
        int r4 = none?.Add(ch.Receive()) ?? ch.Receive();
        return $"{r1},{r2?.ToString() ?? "null"},{r3?.ToString() ?? "null"},{r4}";
    }
}

//# Expr_CompoundAssignmentIndexer
public partial class Expr_CompoundAssignmentIndexer : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => (i + 1) * 10);
    static int Index(int i) { Log("index " + i); return i; }
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        int[] a = new int[3];
        a[Index(1)] += ch.Receive();
        a[Index(2)] -= ch.Receive();
        a[Index(0)] = ch.Receive();
        a[Index(1)] *= V("k", 2) + ch.Receive();
        var list = new List<int> { 1, 2 };
        list[Index(0)] += ch.Receive();
        int x = 5;
        x += ch.Receive();
        x <<= ch.Receive() / 100;
        return string.Join(",", a) + "|" + string.Join(",", list) + "|" + x;
    }
}

//# Expr_CompoundAssignmentArrayAliasing
public partial class Expr_CompoundAssignmentArrayAliasing : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    static int[] arr = new int[2];
    static int[] Arr() { Log("Arr"); return arr; }
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        arr = new int[] { 100, 200 };
        int[] old = arr;
        // The array and index are evaluated before the receive; replacing arr meanwhile must not matter.
        Arr()[V("i", 0)] += Swap(ch.Receive());
        return old[0] * 1000 + arr[0];
    }
    static int Swap(int v)
    {
        arr = new int[] { -1, -1 };
        return v;
    }
}

//# Expr_ObjectAndCollectionInitializers
public partial class Expr_ObjectAndCollectionInitializers : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    sealed class Point
    {
        public int X { get; set; }
        public int Y { get; set; }
        public List<int> Tags { get; } = new();
        public override string ToString() => $"({X},{Y};{string.Join("/", Tags)})";
    }
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        var p = new Point { X = ch.Receive(), Y = V("y", 7), Tags = { ch.Receive(), 9, ch.Receive() } };
        var list = new List<string> { "a" + ch.Receive(), V("b", "b"), "c" + ch.Receive() };
        var dict = new Dictionary<int, string> { [ch.Receive()] = "k", [V("k2", 100)] = "v" + ch.Receive() };
        int[] arr = { ch.Receive(), V("e", 0), ch.Receive() };
        return p + "|" + string.Join(",", list) + "|" + string.Join(",", dict.Select(kv => kv.Key + "=" + kv.Value)) + "|" + string.Join(",", arr);
    }
}

//# Expr_StringInterpolation
public partial class Expr_StringInterpolation : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i * 3);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string a = $"a={V("a", 1)} b={ch.Receive()} c={V("c", 3)} d={ch.Receive(),4} e={ch.Receive():D3}";
        Scheduler.Schedule();
        return a + $"|{(ch.Receive() > 5 ? "big" : "small")}";
    }
}

//# Expr_OutVar
public partial class Expr_OutVar : Prog
{
    readonly Channel<string> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i % 2 == 0 ? (i * 11).ToString() : "x" + i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<string> ch)
    {
        int total = 0;
        for (int i = 0; i < 4; i++)
        {
            if (int.TryParse(ch.Receive(), out var n))
            {
                Scheduler.Schedule();
                total += n;
            }
            else
            {
                Log("not a number, n=" + n);
            }
        }
        bool ok = int.TryParse(ch.Receive(), out int m) && m > V("threshold", 0);
        return total * 10 + (ok ? m : -1);
    }
}

//# Expr_Deconstruction
public partial class Expr_Deconstruction : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    static (int, string) Pair(int x) => (x, "p" + x);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        var (a, b) = Pair(ch.Receive());
        (int c, int d) = (ch.Receive(), V("d", 40));
        int e, f;
        (e, f) = (ch.Receive(), ch.Receive());
        (e, f) = (f, e);
        Scheduler.Schedule();
        return $"{a}{b}{c}{d}{e}{f}";
    }
}

//# Expr_PatternLocals
public partial class Expr_PatternLocals : Prog
{
    readonly Channel<object> ch = new();
    public override void Partners() => H.Feed<object>("f", ch, new object[] { 5, "str", 7, 2.5, 9 }, close: true);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<object> ch)
    {
        string s = "";
        foreach (object o in ch)
        {
            if (o is int i && i > 6)
            {
                Scheduler.Schedule();
                s += "big" + i;
            }
            else if (o is string { Length: var len } str)
            {
                s += str + len;
            }
            else if (o is not int)
            {
                s += "notint";
            }
            s += ",";
        }
        return s;
    }
}

//# Expr_IncrementDecrementAndAssignmentValue
public partial class Expr_IncrementDecrementAndAssignmentValue : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        int i = 5;
        int a = i++ + ch.Receive() + i--;
        int b = ++i * ch.Receive() - --i;
        int c;
        int d = (c = ch.Receive()) + c;
        return $"{a},{b},{c},{d},{i}";
    }
}

//# Expr_NestedCallsAndReceiveInReceiver
public partial class Expr_NestedCallsAndReceiveInReceiver : Prog
{
    readonly Channel<string> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => "abcdef".Substring(i % 3));
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<string> ch)
    {
        string a = ch.Receive().ToUpperInvariant().Substring(V("start", 1));
        int len = ch.Receive().Length + ch.Receive().IndexOf(V("c", "d"), StringComparison.Ordinal);
        return a + len + string.Concat(ch.Receive(), "-", ch.Receive());
    }
}

//# Expr_SendWithComputedValue
public partial class Expr_SendWithComputedValue : Prog
{
    readonly Channel<int> input = new();
    readonly Channel<int> output = new();
    public override void Partners()
    {
        H.FeedForever("f", input, i => i + 1);
        H.Sink("sink", output);
    }
    //@entry-void Body(input, output)
    [Tasklet]
    static void Body(Channel<int> input, Channel<int> output)
    {
        output.Send(V("a", 10) + input.Receive());
        output.Send(input.Receive() * input.Receive());
        output.Send(input.Receive() > 4 ? input.Receive() : V("no", 0));
        output.Close();
    }
}

//# Expr_TuplesAndArrays
public partial class Expr_TuplesAndArrays : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        var t = (First: ch.Receive(), Second: V("s", "two"), Third: ch.Receive());
        int[,] grid = new int[ch.Receive(), 2];
        grid[ch.Receive() % 2, V("col", 1)] = ch.Receive();
        var jag = new[] { new[] { ch.Receive() }, new[] { V("j", 0), ch.Receive() } };
        return $"{t.First}{t.Second}{t.Third}|{grid.GetLength(0)}:{grid[1, 1]}{grid[0, 1]}|{jag[0][0]}{jag[1][1]}";
    }
}

//# Expr_CastsIsAsTypeof
public partial class Expr_CastsIsAsTypeof : Prog
{
    readonly Channel<object> ch = new();
    public override void Partners() => H.FeedForever<object>("f", ch, i => i % 2 == 0 ? i : "s" + i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<object> ch)
    {
        int a = (int)ch.Receive();
        string? b = ch.Receive() as string;
        bool c = ch.Receive() is int;
        string d = ch.Receive().GetType().Name;
        long e = (long)(int)ch.Receive() + V("e", 1L);
        return $"{a}{b}{c}{d}{e}{typeof(int).Name}";
    }
}

//# Expr_LogicalWithSideEffectsOnBothSides
public partial class Expr_LogicalWithSideEffectsOnBothSides : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i % 4);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int hits = 0;
        for (int i = 0; i < 6; i++)
        {
            if ((ch.Receive() == 1 || ch.Receive() == 2) && (B("mid", i > 2) || ch.Receive() == 3))
                hits++;
            bool neg = !(ch.Receive() > 1 && ch.Receive() > 1);
            Log("neg " + neg);
        }
        return hits;
    }
}

//# Expr_ConditionalNested
public partial class Expr_ConditionalNested : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i % 5);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int i = 0; i < 5; i++)
        {
            int v = ch.Receive();
            s += v > 2 ? (ch.Receive() > 2 ? "HH" : "HL") : v == 0 ? "Z" + ch.Receive() : "L";
        }
        return s;
    }
}

//# Expr_CheckedUnchecked
public partial class Expr_CheckedUnchecked : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => int.MaxValue - i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        int a = unchecked(ch.Receive() + 10);
        string s = "a" + a;
        try
        {
            int b = checked(ch.Receive() + V("ten", 10));
            s += "b" + b;
        }
        catch (OverflowException)
        {
            s += "overflow";
        }
        checked
        {
            int c = ch.Receive() - 5;
            s += "c" + c;
            Scheduler.Schedule();
            try { c = c + ch.Receive(); } catch (OverflowException) { s += "of2"; }
        }
        unchecked
        {
            int d = ch.Receive();
            Scheduler.Schedule();
            d += 100;
            s += "d" + d;
        }
        return s;
    }
}

//# Expr_LambdaInArgumentWithSuspendingCapture
public partial class Expr_LambdaInArgumentWithSuspendingCapture : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        int k = ch.Receive();
        var list = new List<int> { 1, 2, 3 };
        var r = list.Select(x => x * k).Where(x => x > V("min", 1)).ToList();
        int n = ch.Receive();
        r.Add(list.Sum(x => x + n));
        return string.Join(",", r);
    }
}
