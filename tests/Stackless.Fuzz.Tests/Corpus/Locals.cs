// Locals of many types live across suspension points; same names in sibling scopes; const locals; closures.

//# Locals_ManyTypes
public partial class Locals_ManyTypes : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    enum Color { Red, Green }
    struct Pt { public int X; public int Y; }
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        byte b = 200;
        short sh = -3;
        long l = 1L << 40;
        ulong ul = ulong.MaxValue;
        double d = 0.5;
        float f = 1.25f;
        decimal m = 1.1m;
        char c = 'z';
        bool flag = true;
        string s = "s";
        object o = 42;
        int? ni = null;
        Color col = Color.Green;
        Pt pt = new Pt { X = 1, Y = 2 };
        (int, string) tup = (3, "t");
        int[] arr = { 1, 2 };
        List<string> list = new() { "x" };
        DateTime dt = new DateTime(2020, 1, 2);
        Guid g = Guid.Empty;
        Func<int, int> fn = x => x * 2;
        int r = ch.Receive();
        Scheduler.Schedule();
        pt.X += r;
        list.Add("y" + ch.Receive());
        return string.Join(";", b, sh, l, ul, d.ToString(System.Globalization.CultureInfo.InvariantCulture),
            f.ToString(System.Globalization.CultureInfo.InvariantCulture), m.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c, flag, s, o, ni?.ToString() ?? "null", col, pt.X + "," + pt.Y, tup, string.Join("", arr), string.Join("", list),
            dt.Year, g == Guid.Empty, fn(r));
    }
}

//# Locals_SameNamesInSiblingScopes
public partial class Locals_SameNamesInSiblingScopes : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string r = "";
        {
            int x = ch.Receive();
            Scheduler.Schedule();
            r += "a" + x;
        }
        {
            string x = "s" + ch.Receive();
            Scheduler.Schedule();
            r += x;
        }
        if (r.Length > 0)
        {
            double x = ch.Receive() / 2.0;
            Scheduler.Schedule();
            r += x.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            long x = 99;
            r += x;
        }
        for (int i = 0; i < 2; i++)
        {
            var x = new List<int> { i, ch.Receive() };
            r += string.Join("", x);
        }
        return r;
    }
}

//# Locals_SameNameInNestedLoops
public partial class Locals_SameNameInNestedLoops : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int total = 0;
        for (int a = 0; a < 2; a++)
        {
            int v = ch.Receive();
            foreach (var w in new[] { 1, 2 })
            {
                int t = v * w;
                Scheduler.Schedule();
                total += t;
            }
        }
        for (int a = 5; a < 7; a++)
        {
            int v = a;
            int t = ch.Receive() + v;
            total += t;
        }
        return total;
    }
}

//# Locals_FreshPerIterationCapture
public partial class Locals_FreshPerIterationCapture : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i * 10);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        var fns = new List<Func<int>>();
        for (int i = 0; i < 3; i++)
        {
            int v = ch.Receive();
            fns.Add(() => v + i);
        }
        foreach (int k in new[] { 1, 2 })
        {
            int w = ch.Receive();
            fns.Add(() => w * k);
        }
        return string.Join(",", fns.Select(f => f()));
    }
}

//# Locals_Const
public partial class Locals_Const : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        const int K = 10;
        const string Prefix = "p";
        int v = ch.Receive();
        Scheduler.Schedule();
        switch (v + K)
        {
            case K: return Prefix + "K";
            case K + 1: return Prefix + "K1" + ch.Receive();
        }
        return Prefix + v;
    }
}

//# Locals_LambdaCapturesHoisted
public partial class Locals_LambdaCapturesHoisted : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int counter = 0;
        Action inc = () => counter++;
        Func<int> read = () => counter;
        inc();
        counter += ch.Receive();
        Scheduler.Schedule();
        inc();
        Log("read " + read());
        counter *= ch.Receive();
        return read();
    }
}

//# Locals_LocalFunctionCapturesHoisted
public partial class Locals_LocalFunctionCapturesHoisted : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 2);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        int total = 0;
        string tag = "t";
        void Add(int x) { total += x; Log("add " + x + " -> " + total); }
        string Describe() => tag + total;
        static int Twice(int x) => x * 2;
        Add(ch.Receive());
        tag = "u";
        Scheduler.Schedule();
        Add(Twice(ch.Receive()));
        return Describe();
    }
}

//# Locals_ParameterModifiedAcrossSuspension
public partial class Locals_ParameterModifiedAcrossSuspension : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch, 5, "p")
    [Tasklet]
    static string Body(Channel<int> ch, int n, string s)
    {
        while (n > 0)
        {
            n -= ch.Receive() + 1;
            s += n;
        }
        return s;
    }
}

//# Locals_UninitializedThenAssignedInBranches
public partial class Locals_UninitializedThenAssignedInBranches : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s;
        int v = ch.Receive();
        if (v == 0)
        {
            Scheduler.Schedule();
            s = "zero";
        }
        else
        {
            s = "nonzero";
        }
        int w;
        w = ch.Receive();
        return s + w;
    }
}

//# Locals_StructMutatedAcrossSuspension
public partial class Locals_StructMutatedAcrossSuspension : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    struct Counter
    {
        public int N;
        public void Bump(int by) { N += by; Log("bump " + N); }
    }
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        Counter c = default;
        c.Bump(ch.Receive());
        Scheduler.Schedule();
        c.Bump(ch.Receive());
        var arr = new Counter[2];
        arr[1].Bump(ch.Receive());
        return c.N * 100 + arr[1].N;
    }
}

//# Locals_NullableContextDisabled
public partial class Locals_NullableContextDisabled : Prog
{
    readonly Channel<string> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i == 1 ? null! : "v" + i);
    //@entry Body(ch)
#nullable disable
    [Tasklet]
    static string Body(Channel<string> ch)
    {
        string a = ch.Receive();
        string b = ch.Receive();
        string c = ch.Receive();
        return a + (b == null ? "<null>" : b) + c.Length;
    }
#nullable restore
}

//# Locals_VarOfAnonymousType
public partial class Locals_VarOfAnonymousType : Prog
{
    // Anonymous-type values live in object fields holding a box, read through an example of their type.
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 3);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        var anon = new { Name = "n", Value = ch.Receive() };
        Scheduler.Schedule();
        var q = new[] { 1, 2, 3 }.Select(x => new { X = x, Sq = x * x }).ToList();
        int extra = ch.Receive();
        return anon.Name + anon.Value + q.Sum(e => e.Sq) + extra;
    }
}

//# Locals_DeclarationPatternAndScopes
public partial class Locals_DeclarationPatternAndScopes : Prog
{
    readonly Channel<object> ch = new();
    public override void Partners() => H.FeedForever<object>("f", ch, i => i % 2 == 0 ? i : "s" + i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<object> ch)
    {
        string r = "";
        for (int k = 0; k < 4; k++)
        {
            if (ch.Receive() is int n)
            {
                Scheduler.Schedule();
                r += "i" + n;
            }
            if (ch.Receive() is string n2)
            {
                Scheduler.Schedule();
                r += n2;
            }
        }
        return r;
    }
}
