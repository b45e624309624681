// try/catch/finally with suspension in every part; leaving a try by return/break/continue/goto runs finally once.

//# Try_SuspendInTryBody
public partial class Try_SuspendInTryBody : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int r = 0;
        try
        {
            Log("try");
            r = ch.Receive();
            Scheduler.Schedule();
            r += ch.Receive();
        }
        finally
        {
            Log("finally " + r);
        }
        return r;
    }
}

//# Try_CatchAfterSuspension
public partial class Try_CatchAfterSuspension : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int i = 0; i < 4; i++)
        {
            try
            {
                int v = ch.Receive();
                if (v % 2 == 1) throw new TestException("odd " + v);
                s += v;
            }
            catch (TestException e)
            {
                s += "[" + e.Message + "]";
            }
        }
        return s;
    }
}

//# Try_SuspendInCatch
public partial class Try_SuspendInCatch : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i * 10);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int r = 0;
        try
        {
            Log("before");
            throw new TestException("t");
        }
        catch (TestException e)
        {
            Log("catch " + e.Message);
            r += ch.Receive();
            Scheduler.Schedule();
            r += ch.Receive();
            Log("catch end");
        }
        return r;
    }
}

//# Try_SuspendInFinally
public partial class Try_SuspendInFinally : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int r = 0;
        try
        {
            r = 1;
        }
        finally
        {
            Log("finally start");
            r += ch.Receive();
            Scheduler.Schedule();
            Log("finally end " + r);
        }
        return r;
    }
}

//# Try_SuspendInFinallyWhileExceptionPending
public partial class Try_SuspendInFinallyWhileExceptionPending : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        try
        {
            try
            {
                ch.Receive();
                throw new TestException("inner");
            }
            finally
            {
                Log("finally got " + ch.Receive());
                Scheduler.Schedule();
                Log("finally done");
            }
        }
        catch (TestException e)
        {
            Log("outer caught " + e.Message);
            return ch.Receive();
        }
    }
}

//# Try_ReturnFromTryRunsFinallyOnce
public partial class Try_ReturnFromTryRunsFinallyOnce : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int count = 0;
        try
        {
            int v = ch.Receive();
            count++;
            return v + 100;
        }
        finally
        {
            Log("finally ran, count " + count);
            Scheduler.Schedule();
            Log("finally after schedule");
        }
    }
}

//# Try_BreakContinueOutOfTryInLoop
public partial class Try_BreakContinueOutOfTryInLoop : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int acc = 0;
        for (int i = 0; i < 10; i++)
        {
            try
            {
                int v = ch.Receive();
                if (v == 1) continue;
                if (v == 4) break;
                acc += v;
            }
            finally
            {
                Log("finally i" + i);
            }
            Log("end of body " + i);
        }
        return acc;
    }
}

//# Try_GotoOutOfTry
public partial class Try_GotoOutOfTry : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int v = 0;
        try
        {
            try
            {
                v = ch.Receive();
                v = ch.Receive();
                if (v == 1) goto outside;
                Log("not reached");
            }
            finally
            {
                Log("inner finally");
            }
        }
        finally
        {
            Log("outer finally");
            Scheduler.Schedule();
        }
        return -1;
    outside:
        Log("outside");
        return v;
    }
}

//# Try_NestedRethrow
public partial class Try_NestedRethrow : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        try
        {
            try
            {
                ch.Receive();
                throw new TestException("first");
            }
            catch (TestException)
            {
                Log("inner catch");
                Scheduler.Schedule();
                throw;
            }
            finally
            {
                Log("inner finally");
            }
        }
        catch (Exception e) when (e.Message == "first")
        {
            Log("outer catch " + e.GetType().Name);
            return ch.Receive();
        }
    }
}

//# Try_ExceptionFilters
public partial class Try_ExceptionFilters : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    static bool Filter(string what, bool result) { Log("filter " + what); return result; }
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int i = 0; i < 3; i++)
        {
            try
            {
                int v = ch.Receive();
                throw v == 0 ? new TestException("zero") : new OtherException("other" + v);
            }
            catch (TestException e) when (Filter("t", e.Message.Length > 10))
            {
                s += "never";
            }
            catch (Exception e) when (Filter("e", e is OtherException { Message: "other1" }))
            {
                s += "o1";
                Scheduler.Schedule();
            }
            catch (Exception e)
            {
                s += e.Message;
            }
            s += ";";
        }
        return s;
    }
}

//# Try_UncaughtPropagatesAfterFinally
public partial class Try_UncaughtPropagatesAfterFinally : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        try
        {
            ch.Receive();
            throw new TestException("escapes");
        }
        catch (OtherException)
        {
            Log("wrong catch");
        }
        finally
        {
            Log("finally");
            ch.Receive();
            Log("finally after receive");
        }
        return 0;
    }
}

//# Try_ThrowFromFinallyReplaces
public partial class Try_ThrowFromFinallyReplaces : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        try
        {
            try
            {
                throw new TestException("original");
            }
            finally
            {
                ch.Receive();
                throw new OtherException("from finally");
            }
        }
        catch (Exception e)
        {
            Log("caught " + e.GetType().Name + " " + e.Message);
            return 7;
        }
    }
}

//# Try_ReturnInFinallyPathOverridesValueIsIllegalButNestedReturn
public partial class Try_ReturnInFinallyPathOverridesValueIsIllegalButNestedReturn : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int x = 1;
        try
        {
            try
            {
                x = ch.Receive() + 10;
                return x;
            }
            finally
            {
                x = 1000;
                Log("inner finally x=" + x);
                ch.Receive();
            }
        }
        finally
        {
            Log("outer finally x=" + x);
        }
    }
}

//# Try_CatchWithoutVariableAndGeneral
public partial class Try_CatchWithoutVariableAndGeneral : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int n = 0;
        try
        {
            n = ch.Receive();
            int[] a = new int[1];
            a[n + 5] = 1;
        }
        catch (IndexOutOfRangeException)
        {
            Log("index");
            n += ch.Receive();
        }
        catch
        {
            Log("other");
        }
        return n;
    }
}

//# Try_DeepNestingMixed
public partial class Try_DeepNestingMixed : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int i = 0; i < 3; i++)
        {
            try
            {
                try
                {
                    s += "a" + ch.Receive();
                    if (i == 1) throw new TestException("i1");
                    if (i == 2) break;
                }
                catch (TestException)
                {
                    s += "c" + ch.Receive();
                    continue;
                }
                finally
                {
                    s += "f" + ch.Receive();
                }
                s += "b";
            }
            finally
            {
                s += "F";
            }
            s += ";";
        }
        return s;
    }
}

//# Try_FinallyInLoopRunsEachIteration
public partial class Try_FinallyInLoopRunsEachIteration : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Feed("f", ch, new[] { 1, 2, 3 }, close: true);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int finallies = 0;
        foreach (int v in ch)
        {
            try
            {
                Log("v " + v);
                Scheduler.Schedule();
            }
            finally
            {
                finallies++;
            }
        }
        return finallies;
    }
}

//# Try_FilterRunsBeforeInnerFinally
public partial class Try_FilterRunsBeforeInnerFinally : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    static bool Filter(Exception e) { Log("filter sees " + e.Message); return true; }
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        // C# runs exception filters in a first pass, before the finally blocks they unwind through.
        try
        {
            try
            {
                int v = ch.Receive();
                throw new TestException("x" + v);
            }
            finally
            {
                Log("inner finally");
            }
        }
        catch (TestException e) when (Filter(e))
        {
            Log("caught " + e.Message);
            return ch.Receive();
        }
    }
}

//# Try_SuspendInFinallyOfLoopWithContinue
public partial class Try_SuspendInFinallyOfLoopWithContinue : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int i = 0; i < 4; i++)
        {
            try
            {
                if (i % 2 == 0) continue;
                s += "b" + i;
                if (i == 3) break;
            }
            finally
            {
                s += "f" + ch.Receive();
            }
            s += ";";
        }
        return s;
    }
}
