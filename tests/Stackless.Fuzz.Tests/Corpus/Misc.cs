// SendSequence, ScheduleRemove, channel preferences, closing, and other runtime interactions.

//# Misc_SendSequence
public partial class Misc_SendSequence : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Sink("sink", ch);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int n = ch.SendSequence(new[] { 1, 2, 3 });
        Log("sent " + n);
        n += ch.SendSequence(Enumerable.Range(10, 2));
        ch.Close();
        return n;
    }
}

//# Misc_ScheduleRemoveAndInsert
public partial class Misc_ScheduleRemoveAndInsert : Prog
{
    public override void Partners() => H.Inserter("ins", 2);
    //@entry Body()
    [Tasklet]
    static int Body()
    {
        Log("before remove");
        Scheduler.ScheduleRemove();
        Log("after insert");
        Scheduler.Schedule();
        return 1;
    }
}

//# Misc_PreferenceSender
public partial class Misc_PreferenceSender : Prog
{
    readonly Channel<int> ch = new() { Preference = 1 };
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int s = 0;
        for (int i = 0; i < 3; i++) { s += ch.Receive(); Log("s " + s); }
        return s;
    }
}

//# Misc_PreferenceNone
public partial class Misc_PreferenceNone : Prog
{
    readonly Channel<int> ch = new() { Preference = 0 };
    public override void Partners()
    {
        H.Sink("sink", ch);
        H.Yielder("y", 4);
    }
    //@entry-void Body(ch)
    [Tasklet]
    static void Body(Channel<int> ch)
    {
        for (int i = 0; i < 3; i++) { ch.Send(i); Log("after send " + i); }
        ch.Close();
    }
}

//# Misc_ScheduleAll
public partial class Misc_ScheduleAll : Prog
{
    readonly Channel<string> ch = new() { ScheduleAll = true };
    public override void Partners()
    {
        H.FeedForever("f", ch, i => "v" + i);
        H.Yielder("y", 3);
    }
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<string> ch)
    {
        string s = "";
        for (int i = 0; i < 3; i++) { s += ch.Receive(); Log("s " + s); }
        return s;
    }
}

//# Misc_ReceiveOnClosedThrows
public partial class Misc_ReceiveOnClosedThrows : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Feed("f", ch, new[] { 1 }, close: true);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        int a = ch.Receive();
        try
        {
            int b = ch.Receive();
            return "b " + b;
        }
        catch (ChannelClosedException)
        {
            return "closed after " + a;
        }
    }
}

//# Misc_MethodClosesAndPartnerDrains
public partial class Misc_MethodClosesAndPartnerDrains : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Sink("sink", ch);
    //@entry Body(ch)
    [Tasklet]
    static bool Body(Channel<int> ch)
    {
        ch.Send(1);
        ch.Send(2);
        ch.Close();
        Scheduler.Schedule();
        return ch.IsClosed;
    }
}

//# Misc_TwoChannelsRoundRobin
public partial class Misc_TwoChannelsRoundRobin : Prog
{
    readonly Channel<int> a = new();
    readonly Channel<int> b = new();
    public override void Partners()
    {
        H.FeedForever("fa", a, i => i);
        H.FeedForever("fb", b, i => 100 + i);
        H.Yielder("y", 5);
    }
    //@entry Body(a, b)
    [Tasklet]
    static int Body(Channel<int> a, Channel<int> b)
    {
        int v = 0;
        for (int i = 0; i < 4; i++)
        {
            v += i % 2 == 0 ? a.Receive() : b.Receive();
            Log("v " + v);
        }
        return v;
    }
}

//# Misc_GeneratedPartnerTasklet
public partial class Misc_GeneratedPartnerTasklet : Prog
{
    readonly Channel<int> ping = new();
    readonly Channel<int> pong = new();
    public override void Partners() => SpawnEcho(ping, pong);
    [Tasklet]
    static void Echo(Channel<int> ping, Channel<int> pong)
    {
        foreach (int v in ping)
        {
            Log("echo " + v);
            pong.Send(v + 1);
        }
        Log("echo done");
    }
    //@entry Body(ping, pong)
    [Tasklet]
    static int Body(Channel<int> ping, Channel<int> pong)
    {
        int v = 0;
        for (int i = 0; i < 4; i++)
        {
            ping.Send(v);
            v = pong.Receive() * 2;
        }
        ping.Close();
        return v;
    }
}

//# Misc_SpawnFromInsideTasklet
public partial class Misc_SpawnFromInsideTasklet : Prog
{
    readonly Channel<int> ch = new();
    [Tasklet]
    static void Worker(Channel<int> ch, int id)
    {
        Log("worker " + id + " start");
        ch.Send(id * 10);
        Log("worker " + id + " end");
    }
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        for (int i = 1; i <= 3; i++) SpawnWorker(ch, i);
        int s = 0;
        for (int i = 0; i < 3; i++) s += ch.Receive();
        return s;
    }
}

//# Misc_BalanceAndQueueObserved
public partial class Misc_BalanceAndQueueObserved : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners()
    {
        H.Feed("a", ch, new[] { 1 });
        H.Feed("b", ch, new[] { 2 });
    }
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        Log("balance0 " + ch.Balance);
        Scheduler.Schedule();
        Log("balance1 " + ch.Balance);
        int x = ch.Receive();
        Log("balance2 " + ch.Balance);
        int y = ch.Receive();
        return $"{x}{y}{ch.Balance}";
    }
}
