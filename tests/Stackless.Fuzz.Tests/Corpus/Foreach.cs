// foreach over arrays, List<T>, IEnumerable<T> (including iterators) and channels.

//# Foreach_ArrayBreakContinue
public partial class Foreach_ArrayBreakContinue : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int[] data = { 5, 6, 7, 8, 9 };
        int acc = 0;
        foreach (int d in data)
        {
            if (d == 6) continue;
            int r = ch.Receive();
            Log($"d{d} r{r}");
            if (r == 2) break;
            acc += d * r;
        }
        return acc;
    }
}

//# Foreach_ListModifiedBetweenLoops
public partial class Foreach_ListModifiedBetweenLoops : Prog
{
    readonly Channel<string> ch = new();
    public override void Partners() => H.Sink("sink", ch);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<string> ch)
    {
        var list = new List<string> { "a", "b" };
        foreach (var s in list) ch.Send(s);
        list.Add("c");
        foreach (var s in list)
        {
            Scheduler.Schedule();
            ch.Send(s + s);
        }
        return list.Count;
    }
}

//# Foreach_Iterator
public partial class Foreach_Iterator : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => 100 + i);
    static IEnumerable<int> Numbers(int n)
    {
        try
        {
            for (int i = 0; i < n; i++)
            {
                Log("yield " + i);
                yield return i;
            }
        }
        finally
        {
            Log("iterator disposed");
        }
    }
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int acc = 0;
        foreach (int x in Numbers(5))
        {
            acc += x * ch.Receive();
            if (x == 3) break;
        }
        Log("after loop");
        return acc;
    }
}

//# Foreach_IteratorDisposedOnException
public partial class Foreach_IteratorDisposedOnException : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    static IEnumerable<string> Words()
    {
        try
        {
            yield return "x";
            yield return "y";
            yield return "z";
        }
        finally
        {
            Log("words disposed");
        }
    }
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        try
        {
            foreach (var w in Words())
            {
                int v = ch.Receive();
                if (v == 1) throw new TestException("at " + w);
                s += w;
            }
        }
        catch (TestException e)
        {
            Log("caught " + e.Message);
        }
        return s;
    }
}

//# Foreach_ChannelBreakEarly
public partial class Foreach_ChannelBreakEarly : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i * i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int n = 0;
        foreach (var v in ch)
        {
            Log("v " + v);
            if (v > 10) break;
            n++;
        }
        return n;
    }
}

//# Foreach_ChannelNestedInArray
public partial class Foreach_ChannelNestedInArray : Prog
{
    readonly Channel<int> a = new();
    readonly Channel<int> b = new();
    public override void Partners()
    {
        H.Feed("fa", a, new[] { 1, 2 }, close: true);
        H.Feed("fb", b, new[] { 10, 20, 30 }, close: true);
    }
    //@entry Body(a, b)
    [Tasklet]
    static int Body(Channel<int> a, Channel<int> b)
    {
        int total = 0;
        foreach (var c in new[] { a, b })
        {
            foreach (int v in c)
            {
                total += v;
                Log("v " + v);
            }
            Log("drained");
        }
        return total;
    }
}

//# Foreach_Deconstruction
public partial class Foreach_Deconstruction : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        var pairs = new List<(string Name, int Weight)> { ("a", 1), ("b", 2), ("c", 3) };
        string s = "";
        foreach (var (name, weight) in pairs)
        {
            s += name + (weight * ch.Receive()) + " ";
        }
        var dict = new Dictionary<string, int> { ["x"] = 1, ["y"] = 2 };
        foreach (KeyValuePair<string, int> kv in dict)
        {
            Scheduler.Schedule();
            s += kv.Key + kv.Value;
        }
        return s;
    }
}

//# Foreach_ContinueInChannelLoop
public partial class Foreach_ContinueInChannelLoop : Prog
{
    readonly Channel<int> ch = new();
    readonly Channel<int> side = new();
    public override void Partners()
    {
        H.Feed("f", ch, new[] { 1, 2, 3, 4, 5, 6 }, close: true);
        H.Sink("side", side);
    }
    //@entry Body(ch, side)
    [Tasklet]
    static int Body(Channel<int> ch, Channel<int> side)
    {
        int sum = 0;
        foreach (int v in ch)
        {
            if (v % 2 == 0) { side.Send(v); continue; }
            sum += v;
        }
        side.Close();
        return sum;
    }
}

//# Foreach_ReturnFromInside
public partial class Foreach_ReturnFromInside : Prog
{
    readonly Channel<string> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => "s" + i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<string> ch)
    {
        foreach (int i in Enumerable.Range(0, 10))
        {
            string got = ch.Receive();
            if (i == 3) return got;
        }
        return "none";
    }
}

//# Foreach_StructEnumeratorSpanLikeIsNotLive
public partial class Foreach_StructEnumeratorSpanLikeIsNotLive : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        var set = new SortedSet<int> { 3, 1, 2 };
        int acc = 0;
        foreach (int x in set)
            acc = acc * 10 + x + ch.Receive();
        var q = new Queue<string>(new[] { "p", "q" });
        foreach (string s in q)
        {
            Scheduler.Schedule();
            Log(s);
        }
        return acc;
    }
}

//# Foreach_ChannelOfReferenceTypesWithNulls
public partial class Foreach_ChannelOfReferenceTypesWithNulls : Prog
{
    readonly Channel<string?> ch = new();
    public override void Partners() => H.Feed<string?>("f", ch, new string?[] { "a", null, "c" }, close: true);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<string?> ch)
    {
        string r = "";
        foreach (string? s in ch)
            r += s ?? "<null>";
        return r;
    }
}

//# Foreach_ChannelGotoOut
public partial class Foreach_ChannelGotoOut : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int last = -1;
        foreach (var v in ch)
        {
            last = v;
            if (v == 4) goto found;
        }
        Log("not found");
        return -1;
    found:
        Log("found");
        return last;
    }
}
