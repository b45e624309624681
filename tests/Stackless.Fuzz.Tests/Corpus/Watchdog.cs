// Loops that do not suspend and backward gotos (issue 14: the watchdog's step checks go there), run like every corpus
// program spawned, direct, and spawned under a budgeted Scheduler.Run that interrupts at step checks (the oracle's
// watchdog run): locals kept in C# locals by the loop must survive an interruption.

//# Watchdog_TightLoops
public partial class Watchdog_TightLoops : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 3);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int n = ch.Receive();
        long acc = 1;
        for (int i = 0; i < 500 * n; i++) acc = (acc * 31 + i) % 1000003;
        Log("for " + acc);
        int j = 0, w = 0;
        while (j < 300) { j++; if (j % 7 == 0) continue; w += j ^ n; }
        Log("while " + w);
        int k = 0;
        do { k += 3; if (k > 200 + n) break; } while (true);
        Log("do " + k);
        string s = "";
        foreach (int x in Enumerable.Range(0, 40)) s = s.Length > 20 ? "" + x : s + (x % 10);
        Log("foreach " + s);
        return (int)(acc % 1000) + w + k + s.Length + ch.Receive();
    }
}

//# Watchdog_NestedQuietInSuspending
public partial class Watchdog_NestedQuietInSuspending : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners()
    {
        H.FeedForever("f", ch, i => i * 2 + 1);
        H.Yielder("y", 4);
    }
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int total = 0;
        for (int round = 0; round < 3; round++)
        {
            int seed = ch.Receive();
            int[] grid = new int[8];
            for (int a = 0; a < 8; a++)
                for (int b = 0; b < 50; b++)
                    grid[a] = grid[a] * 5 + (a ^ b ^ seed) & 0xFFFF;
            Scheduler.Schedule();
            total += grid.Sum() % 997;
            Log("round " + round + " " + total);
        }
        return total;
    }
}

//# Watchdog_QuietLoopInTryFinally
public partial class Watchdog_QuietLoopInTryFinally : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int acc = 0;
        for (int r = 0; r < 4; r++)
        {
            try
            {
                int limit = 100 + ch.Receive();
                for (int i = 0; i < limit; i++)
                {
                    acc += i;
                    if (acc % 1013 == 7) throw new TestException("hit " + i);
                }
                Log("try " + acc);
            }
            catch (TestException e)
            {
                Log("caught " + e.Message);
                for (int i = 0; i < 60; i++) acc ^= i << 2;
            }
            finally
            {
                int q = 0;
                while (q < 70) q += 1 + (acc & 1);
                acc += q;
                Log("finally " + acc);
            }
        }
        return acc;
    }
}

//# Watchdog_BackwardGotos
public partial class Watchdog_BackwardGotos : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int n = 0, acc = 0;
    again:
        acc += n * 3;
        if (++n < 400) goto again; // a backward goto that never suspends
        Log("quiet " + acc);
        int m = 0;
    __resume1:
        acc += ch.Receive();
        Log("resumed " + m + " " + acc);
        if (m++ < 3) goto __resume1; // named like a generated label, and it suspends
        int outer = 0;
    __endif2:
        for (int i = 0; i < 5; i++)
        {
            try
            {
                if (i == 3 && outer++ < 2) goto __endif2; // out of a loop and a try, back
                acc += i;
            }
            finally { acc ^= 1; }
        }
        return acc;
    }
}

//# Watchdog_SameLocalNamesInQuietAndSuspendingSiblings
public partial class Watchdog_SameLocalNamesInQuietAndSuspendingSiblings : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i * 5);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int result = 0;
        for (int i = 0; i < 3; i++)
        {
            string k = "s" + i;          // hoisted: lives across the receive
            result += ch.Receive() + k.Length;
            Log("k " + k);
        }
        for (int i = 0; i < 200; i++)
        {
            int k = i * i;               // same name, another type, never across a suspension
            result = (result + k) % 10007;
        }
        {
            bool k = result % 2 == 0;
            Scheduler.Schedule();
            if (k) result++;
        }
        return result;
    }
}

//# Watchdog_QuietLoopReadsClosureAndFields
public partial class Watchdog_QuietLoopReadsClosureAndFields : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 2);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int acc = ch.Receive();
        Func<int> peek = () => acc & 7;  // captured: the loop's writes must be seen by the closure at every step
        var seen = new List<int>();
        for (int i = 0; i < 120; i++)
        {
            acc = acc * 3 % 1009 + peek();
            if (i % 40 == 0) seen.Add(acc);
        }
        acc += ch.Receive();
        Log("seen " + string.Join(",", seen));
        return acc + peek();
    }
}

//# Watchdog_RecursiveHelperWithQuietLoop
public partial class Watchdog_RecursiveHelperWithQuietLoop : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch) => Walk(ch, 6);

    [Tasklet]
    static int Walk(Channel<int> ch, int depth)
    {
        int sum = 0;
        for (int i = 0; i < 30 + depth; i++) sum += i * depth;
        if (depth == 0) return sum + ch.Receive();
        int below = Walk(ch, depth - 1);
        foreach (int x in new[] { 1, 2, 3 }) sum -= x * below % 7;
        Log("walk " + depth + " " + sum);
        return sum + below;
    }
}
