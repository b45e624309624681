// Suspension inside if/else, loops, and break/continue/return out of them.

//# If_SuspendInConditionAndBranches
public partial class If_SuspendInConditionAndBranches : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i * 3);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int r = 0;
        for (int k = 0; k < 4; k++)
        {
            if (ch.Receive() % 2 == 0)
            {
                Log("even");
                r += ch.Receive();
            }
            else if (V("k", k) > 2)
            {
                Log("else-if");
                Scheduler.Schedule();
            }
            else
            {
                Log("else");
                r -= ch.Receive();
            }
        }
        return r;
    }
}

//# While_SuspendInConditionAndBody
public partial class While_SuspendInConditionAndBody : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Feed("f", ch, new[] { 3, 1, 4, 1, 5, 0, 9 });
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int sum = 0;
        int v;
        while ((v = ch.Receive()) != 0)
        {
            Log("v " + v);
            if (v == 4) { Scheduler.Schedule(); continue; }
            sum += v;
        }
        return sum;
    }
}

//# Do_SuspendInBodyAndCondition
public partial class Do_SuspendInBodyAndCondition : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => 10 - i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int n = 0;
        do
        {
            n++;
            Log("n " + n);
            Scheduler.Schedule();
        } while (ch.Receive() > 6);
        return n;
    }
}

//# For_SuspendInAllParts
public partial class For_SuspendInAllParts : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int total = 0;
        for (int i = ch.Receive(); i < ch.Receive() + 3; i += ch.Receive())
        {
            Log("i " + i);
            total += i;
            Scheduler.Schedule();
        }
        return total;
    }
}

//# For_BreakContinueReturn
public partial class For_BreakContinueReturn : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i % 5);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int outer = 0; outer < 3; outer++)
        {
            for (int i = 0; i < 10; i++)
            {
                int v = ch.Receive();
                if (v == 1) continue;
                if (v == 3) break;
                if (outer == 2 && v == 2) return s + "!";
                s += v;
            }
            s += "|";
        }
        return s;
    }
}

//# Foreach_ArrayListEnumerable
public partial class Foreach_ArrayListEnumerable : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Sink("sink", ch);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int[] arr = { 1, 2, 3 };
        foreach (int a in arr) { ch.Send(a); Log("a " + a); }
        var list = new List<int> { 10, 20 };
        foreach (var b in list) { Scheduler.Schedule(); ch.Send(b); }
        foreach (int c in Enumerable.Range(100, 3).Where(x => x != 101)) ch.Send(c);
        ch.Close();
        return arr.Length + list.Count;
    }
}

//# Foreach_Channel
public partial class Foreach_Channel : Prog
{
    readonly Channel<string> ch = new();
    public override void Partners() => H.Feed("f", ch, new[] { "a", "b", "c" }, close: true);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<string> ch)
    {
        string acc = "";
        foreach (string s in ch)
        {
            Log("got " + s);
            acc += s;
        }
        Log("closed " + ch.IsClosed);
        return acc;
    }
}

//# While_NestedBreakContinue
public partial class While_NestedBreakContinue : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => (i * 7) % 11);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int outer = 0, acc = 0;
        while (outer < 4)
        {
            outer++;
            int inner = 0;
            while (true)
            {
                inner++;
                int v = ch.Receive();
                Log($"o{outer} i{inner} v{v}");
                if (v > 8) break;
                if (v % 2 == 0) continue;
                acc += v;
                if (inner > 3) break;
            }
            if (acc > 20) continue;
            Scheduler.Schedule();
        }
        return acc;
    }
}

//# Do_ContinueAndBreak
public partial class Do_ContinueAndBreak : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int i = 0;
        int got = 0;
        do
        {
            i++;
            if (i % 2 == 0) { Log("skip " + i); continue; }
            got = ch.Receive();
            Log("got " + got);
            if (got >= 3) break;
        } while (i < 10);
        return i * 100 + got;
    }
}

//# If_NoElseAndEmptyBranches
public partial class If_NoElseAndEmptyBranches : Prog
{
    readonly Channel<bool> ch = new();
    public override void Partners() => H.Feed("f", ch, new[] { true, false, true, true });
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<bool> ch)
    {
        int n = 0;
        if (ch.Receive()) n += 1;
        if (ch.Receive()) n += 10;
        if (ch.Receive()) { } else { n += 100; }
        if (!ch.Receive()) { } else n += 1000;
        return n;
    }
}

//# Goto_BackwardLoop
public partial class Goto_BackwardLoop : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int total = 0;
    again:
        int v = ch.Receive();
        Log("v " + v);
        total += v;
        if (total < 10) goto again;
        return total;
    }
}

//# Goto_ForwardOutOfLoops
public partial class Goto_ForwardOutOfLoops : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i * i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string path = "";
        for (int i = 0; i < 5; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                int v = ch.Receive();
                path += v + ",";
                if (v > 20) goto done;
            }
        }
        path += "never";
    done:
        Log("done");
        Scheduler.Schedule();
        return path;
    }
}

//# Goto_LabeledStatementsSkip
public partial class Goto_LabeledStatementsSkip : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int state = 0;
        int steps = 0;
    top:
        steps++;
        if (steps > 6) goto end;
        switch (state)
        {
            case 0: goto s0;
            case 1: goto s1;
            default: goto s2;
        }
    s0:
        Log("s0 " + ch.Receive());
        state = 1;
        goto top;
    s1:
        Scheduler.Schedule();
        Log("s1");
        state = 2;
        goto top;
    s2:
        Log("s2 " + ch.Receive());
        state = 0;
        goto top;
    end:
        return steps;
    }
}

//# Return_FromNestedLoops
public partial class Return_FromNestedLoops : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => 3 * i % 13);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int k = 0;
        while (true)
        {
            do
            {
                foreach (int x in new[] { 1, 2 })
                {
                    k++;
                    if (ch.Receive() == 12) return k * 10 + x;
                }
            } while (k < 100);
        }
    }
}

//# For_EmptyPartsAndMultipleVariables
public partial class For_EmptyPartsAndMultipleVariables : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int i = 0, j = 10; i < j; i += 2, j -= ch.Receive())
        {
            s += $"({i},{j})";
        }
        int n = 0;
        for (; ; )
        {
            if (ch.Receive() > 8) break;
            n++;
        }
        return s + n;
    }
}

//# For_SameLoopVariableNamesInSiblings
public partial class For_SameLoopVariableNamesInSiblings : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int r = 0;
        for (int i = 0; i < 3; i++) { r += i * ch.Receive(); }
        for (long i = 10; i < 12; i++) { Scheduler.Schedule(); r += (int)i; Log("long i " + i); }
        for (string i = "a"; i.Length < 3; i += "b") { Log(i + ch.Receive()); }
        return r;
    }
}
