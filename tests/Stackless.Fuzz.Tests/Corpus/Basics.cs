// Straight-line code and the simplest suspension points.

//# Basic_Schedule
public partial class Basic_Schedule : Prog
{
    public override void Partners() => H.Yielder("y", 3);
    //@entry Body()
    [Tasklet]
    static int Body()
    {
        Log("a");
        Scheduler.Schedule();
        Log("b");
        Scheduler.Schedule();
        Log("c");
        return 42;
    }
}

//# Basic_ReceiveSend
public partial class Basic_ReceiveSend : Prog
{
    readonly Channel<int> input = new();
    readonly Channel<string> output = new();
    public override void Partners()
    {
        H.Feed("feed", input, new[] { 1, 2, 3 });
        H.Sink("sink", output);
    }
    //@entry Body(input, output)
    [Tasklet]
    static int Body(Channel<int> input, Channel<string> output)
    {
        int a = input.Receive();
        Log("got " + a);
        output.Send("x" + a);
        int b = input.Receive();
        output.Send("y" + b);
        int c = input.Receive();
        Log("sum " + (a + b + c));
        output.Close();
        return a * 100 + b * 10 + c;
    }
}

//# Basic_Void
public partial class Basic_Void : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Feed("f", ch, new[] { 7, 8 });
    //@entry-void Body(ch)
    [Tasklet]
    static void Body(Channel<int> ch)
    {
        Log("start");
        Log("v " + ch.Receive());
        Scheduler.Schedule();
        Log("v " + ch.Receive());
    }
}

//# Basic_ExpressionBodied
public partial class Basic_ExpressionBodied : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Feed("f", ch, new[] { 41 });
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch) => ch.Receive() + 1;
}

//# Basic_Throws
public partial class Basic_Throws : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Feed("f", ch, new[] { 5 });
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int x = ch.Receive();
        Log("x " + x);
        Scheduler.Schedule();
        if (x == 5) throw new TestException("boom " + x);
        return x;
    }
}

//# Basic_NoSuspension
public partial class Basic_NoSuspension : Prog
{
    //@entry Body(3)
    [Tasklet]
    static int Body(int n)
    {
        int s = 0;
        for (int i = 0; i < n; i++) { s += i; Log("i " + i); }
        return s;
    }
}
