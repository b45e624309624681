// using statements and declarations around suspension points.

//# Using_StatementSuspendInside
public partial class Using_StatementSuspendInside : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int r;
        using (var d = new LogDisposable("d"))
        {
            r = ch.Receive();
            Scheduler.Schedule();
            r += ch.Receive();
            Log("in using " + d.Name);
        }
        Log("after using");
        return r;
    }
}

//# Using_DeclarationDisposedAtEndOfScope
public partial class Using_DeclarationDisposedAtEndOfScope : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int r = 0;
        for (int i = 0; i < 2; i++)
        {
            using var a = new LogDisposable("a" + i);
            r += ch.Receive();
            using var b = new LogDisposable("b" + i);
            Scheduler.Schedule();
            Log("end of iteration " + i);
        }
        return r;
    }
}

//# Using_ExceptionDisposes
public partial class Using_ExceptionDisposes : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        try
        {
            using (new LogDisposable("outer"))
            using (var inner = new LogDisposable("inner"))
            {
                ch.Receive();
                throw new TestException("inside using");
            }
        }
        catch (TestException e)
        {
            Log("caught " + e.Message);
        }
        return 1;
    }
}

//# Using_ReturnFromInsideDisposesOnce
public partial class Using_ReturnFromInsideDisposesOnce : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 5);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        using var d = new LogDisposable("d");
        while (true)
        {
            int v = ch.Receive();
            if (v > 6) return v;
        }
    }
}

//# Using_NullResource
public partial class Using_NullResource : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        LogDisposable? none = null;
        using (none)
        {
            Log("null resource " + ch.Receive());
        }
        using (LogDisposable? maybe = ch.Receive() > 5 ? new LogDisposable("m") : null)
        {
            Scheduler.Schedule();
        }
        return 0;
    }
}

//# Using_BreakOutOfLoopDisposes
public partial class Using_BreakOutOfLoopDisposes : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Feed("f", ch, new[] { 1, 2, 3, 4 }, close: true);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int last = 0;
        foreach (int v in ch)
        {
            using (new LogDisposable("it" + v))
            {
                last = v;
                if (v == 2) continue;
                if (v == 3) break;
                Scheduler.Schedule();
            }
        }
        return last;
    }
}

//# Using_SuspendInResourceExpression
public partial class Using_SuspendInResourceExpression : Prog
{
    readonly Channel<string> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => "r" + i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<string> ch)
    {
        using (var r = new LogDisposable(ch.Receive()))
        {
            Log("body " + r.Name);
        }
        using var s = new LogDisposable(ch.Receive() + ch.Receive());
        return s.Name;
    }
}
