// Partners throwing into, or killing, the method at a suspension point.

//# Throw_IntoReceiveCaught
public partial class Throw_IntoReceiveCaught : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Thrower("thr", 2, new TestException("injected"));
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        try
        {
            Log("waiting");
            int v = ch.Receive();
            return "got " + v;
        }
        catch (TestException e)
        {
            Log("caught " + e.Message);
            return "caught";
        }
    }
}

//# Throw_IntoScheduleUncaught
public partial class Throw_IntoScheduleUncaught : Prog
{
    public override void Partners() => H.Thrower("thr", 2, new TestException("boom"));
    //@entry Body()
    [Tasklet]
    static int Body()
    {
        int i = 0;
        try
        {
            while (true)
            {
                Log("tick " + i++);
                Scheduler.Schedule();
            }
        }
        finally
        {
            Log("finally at " + i);
        }
    }
}

//# Throw_PendingIntoBlockedReceive
public partial class Throw_PendingIntoBlockedReceive : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners()
    {
        H.Thrower("thr", 1, new TestException("pending"), pending: true);
        H.Yielder("y", 4);
    }
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int i = 0; i < 3; i++)
        {
            try
            {
                s += ch.Receive();
            }
            catch (TestException e)
            {
                s += "[" + e.Message + "]";
                Scheduler.Schedule();
                return s;
            }
        }
        return s;
    }
}

//# Throw_IntoNestedFrameCaughtOutside
public partial class Throw_IntoNestedFrameCaughtOutside : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners()
    {
        H.Feed("f", ch, new[] { 1, 2 });
        H.Thrower("thr", 5, new TestException("into nested"));
    }
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        try
        {
            return "ok " + Inner(ch);
        }
        catch (TestException e)
        {
            return "caught " + e.Message;
        }
    }
    [Tasklet]
    static int Inner(Channel<int> ch)
    {
        int total = 0;
        try
        {
            while (true) total += ch.Receive();
        }
        finally
        {
            Log("inner finally " + total);
        }
    }
}

//# Throw_IntoForeachOverChannel
public partial class Throw_IntoForeachOverChannel : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners()
    {
        H.Feed("f", ch, new[] { 1, 2, 3 });
        H.Thrower("thr", 6, new TestException("mid-loop"));
    }
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int sum = 0;
        try
        {
            foreach (int v in ch) { sum += v; Log("v " + v); }
        }
        catch (TestException)
        {
            Log("caught with sum " + sum);
        }
        return sum;
    }
}

//# Throw_IntoFinallySuspension
public partial class Throw_IntoFinallySuspension : Prog
{
    public override void Partners() => H.Thrower("thr", 2, new TestException("in finally"));
    //@entry Body()
    [Tasklet]
    static int Body()
    {
        try
        {
            try
            {
                Log("try");
            }
            finally
            {
                Log("finally 1");
                Scheduler.Schedule();
                Scheduler.Schedule();
                Log("finally 2");
                Scheduler.Schedule();
                Log("finally 3");
            }
        }
        catch (TestException e)
        {
            Log("caught " + e.Message);
            return 1;
        }
        return 0;
    }
}

//# Throw_IntoCatchSuspension
public partial class Throw_IntoCatchSuspension : Prog
{
    public override void Partners() => H.Thrower("thr", 3, new OtherException("second"));
    //@entry Body()
    [Tasklet]
    static string Body()
    {
        try
        {
            try
            {
                throw new TestException("first");
            }
            catch (TestException)
            {
                Log("in catch");
                for (int i = 0; i < 5; i++) { Scheduler.Schedule(); Log("catch tick " + i); }
            }
        }
        catch (OtherException e)
        {
            return "outer " + e.Message;
        }
        return "none";
    }
}

//# Kill_RunsFinallyInnermostFirst
public partial class Kill_RunsFinallyInnermostFirst : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Killer("killer", 3);
    //@entry-void Level1(ch)
    [Tasklet]
    static void Level1(Channel<int> ch)
    {
        try { Log("l1"); Level2(ch); Log("l1 not reached"); }
        finally { Log("finally 1"); }
    }
    [Tasklet]
    static void Level2(Channel<int> ch)
    {
        try { Scheduler.Schedule(); Level3(ch); }
        finally { Log("finally 2"); }
    }
    [Tasklet]
    static void Level3(Channel<int> ch)
    {
        using var d = new LogDisposable("level3");
        try { Log("waiting"); ch.Receive(); }
        finally { Log("finally 3"); }
    }
}

//# Kill_NonVoidKilled
public partial class Kill_NonVoidKilled : Prog
{
    public override void Partners() => H.Killer("killer", 2);
    //@entry Body()
    [Tasklet]
    static int Body()
    {
        int n = 0;
        try
        {
            while (true) { n++; Scheduler.Schedule(); }
        }
        finally
        {
            Log("finally n=" + n);
        }
    }
}

//# Kill_CaughtAsException
public partial class Kill_CaughtAsException : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners()
    {
        H.Killer("killer", 1);
        H.Feed("f", ch, new[] { 5 });
    }
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        try
        {
            Scheduler.Schedule();
            Scheduler.Schedule();
            return "not killed";
        }
        catch (TaskletExit)
        {
            Log("caught TaskletExit");
            return "resumed " + ch.Receive();
        }
    }
}

//# Kill_PendingWhileBlocked
public partial class Kill_PendingWhileBlocked : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners()
    {
        H.Killer("killer", 1, pending: true);
        H.Yielder("y", 3);
    }
    //@entry-void Body(ch)
    [Tasklet]
    static void Body(Channel<int> ch)
    {
        using (new LogDisposable("res"))
        {
            foreach (int v in ch) Log("v " + v);
        }
    }
}

//# Kill_DeepWithCatchAllInMiddle
public partial class Kill_DeepWithCatchAllInMiddle : Prog
{
    public override void Partners() => H.Killer("killer", 4);
    //@entry Outer()
    [Tasklet]
    static string Outer()
    {
        try
        {
            return Middle();
        }
        finally
        {
            Log("outer finally");
        }
    }
    [Tasklet]
    static string Middle()
    {
        try
        {
            Inner(3);
            return "normal";
        }
        catch (Exception e)
        {
            Log("middle caught " + e.GetType().Name);
            throw;
        }
    }
    [Tasklet]
    static void Inner(int n)
    {
        try
        {
            if (n > 0) Inner(n - 1);
            else for (int i = 0; i < 10; i++) Scheduler.Schedule();
        }
        finally
        {
            Log("inner finally " + n);
        }
    }
}

//# Throw_AfterMethodFinishedIsIgnored
public partial class Throw_AfterMethodFinishedIsIgnored : Prog
{
    public override void Partners() => H.Thrower("late", 5, new TestException("late"));
    //@entry Body()
    [Tasklet]
    static int Body()
    {
        Scheduler.Schedule();
        return 3;
    }
}

//# Throw_NonPendingIntoSendBlocked
public partial class Throw_NonPendingIntoSendBlocked : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Thrower("thr", 1, new TestException("while sending"));
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        try
        {
            ch.Send(1);
            return "sent";
        }
        catch (TestException e)
        {
            return "caught " + e.Message + " balance " + ch.Balance;
        }
    }
}
