// Values of anonymous type, and of types built from one, living across suspension points.

//# Anonymous_LinqRowsInForeach
public partial class Anonymous_LinqRowsInForeach : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Sink("sink", ch);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        var items = new List<(string Name, int Count)> { ("a", 3), ("b", 1), ("c", 2) };
        var log = new List<string>();
        var rows = items.Where(x => x.Count > 1).Select(x => new { x.Name, x.Count }).OrderBy(r => r.Count);
        foreach (var r in rows)
        {
            ch.Send(r.Count);
            Log("row " + r);
            log.Add(r.Name);
        }
        return string.Join(",", log);
    }
}

//# Anonymous_GroupByAndListEnumerator
public partial class Anonymous_GroupByAndListEnumerator : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i * 10);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        var words = new[] { "ant", "bee", "bat", "cow", "ape" }.Select((w, i) => new { W = w, I = i }).ToList();
        int total = 0;
        foreach (var g in words.GroupBy(w => w.W[0]))
        {
            var first = g.First();
            foreach (var w in g)
            {
                total += w.I * ch.Receive();
                Log(g.Key + ":" + w.W + " first " + first.W);
            }
        }
        words.Add(new { W = "elk", I = ch.Receive() });
        foreach (var w in words)       // List<'a>.Enumerator kept in the frame
        {
            Scheduler.Schedule();
            total += w.I;
        }
        return total;
    }
}

//# Anonymous_TupleNestedAndTryFinally
public partial class Anonymous_TupleNestedAndTryFinally : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        var t = (N: 0, Row: new { Name = "r", Inner = new { V = 1 } });
        try
        {
            t.N += ch.Receive();
            t.Row = new { t.Row.Name, Inner = new { V = t.Row.Inner.V + ch.Receive() } };
            if (t.N > 0) throw new InvalidOperationException("n " + t.N);
        }
        catch (InvalidOperationException e)
        {
            var info = new { e.Message, At = ch.Receive() };
            Log("info " + info);
        }
        finally
        {
            Scheduler.Schedule();
            Log("finally " + t.Row.Inner.V);
        }
        var make = (int k) => new { K = k, T = t };
        var m = make(ch.Receive());
        Scheduler.Schedule();
        return m.K + "/" + m.T.N + "/" + m.T.Row.Inner.V;
    }
}

//# Anonymous_GenericMethodAndCapturedPerIteration
public partial class Anonymous_GenericMethodAndCapturedPerIteration : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body<string>(ch, "x")
    [Tasklet]
    static string Body<T>(Channel<int> ch, T seed)
    {
        var funcs = new List<Func<string>>();
        foreach (var p in Enumerable.Range(1, 3).Select(i => new { Seed = seed, I = i }))
        {
            int got = ch.Receive();
            funcs.Add(() => "" + p.Seed + p.I + "+" + got);
        }
        var pair = new { Seed = seed, All = funcs.Select(f => f()).ToArray() };
        Scheduler.Schedule();
        return pair.Seed + ":" + string.Join(",", pair.All);
    }
}
