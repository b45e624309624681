// Fuzz regression: seed 7785, shrunk from size 56 to 19.
// Failure class: runtime difference. At the time it was found:
//   trace differs at event 10: spawned `y tick 3` vs direct `dispose u1`
//     spawned: 4:y tick 1 | 5:thr throw injected pending | 6:thr after throw | 7:in sent 0 | 8:in send 6 | 9:y tick 2 | 10:y tick 3 | 11:y tick 4 | 12:y tick 5 | 13:y done
//     direct:  4:y tick 1 | 5:thr throw injected pending | 6:thr after throw | 7:in sent 0 | 8:in send 6 | 9:y tick 2 | 10:dispose u1 | 11:y tick 3 | 12:y tick 4 | 13:y tick 5
//# Fuzz_Seed7785
public partial class Fuzz_Seed7785 : Prog
{
    readonly Channel<int> cin = new();
    readonly Channel<int> cout = new();
    public override void Partners()
    {
        H.FeedForever("in", cin, i => (i * 6 + 0) % 12 - 0);
        H.Sink("out", cout);
        H.Yielder("y", 6);
        H.Thrower("thr", 1, new TestException("injected"), pending: true);
    }
    //@entry Body(cin, cout)
    static Channel<int> Src(int n, int k)
    {
        var c = new Channel<int>();
        H.Feed("src" + k, c, Enumerable.Range(k * 10, n).ToArray(), close: true);
        return c;
    }
    [Tasklet]
    static int Body(Channel<int> cin, Channel<int> cout)
    {
        int[] arr = new int[4];
        Acc? acc = new Acc();
        Acc? nacc = null;
        string? ns = null;
        Scheduler.Schedule();
        Help1(cin, cout, 0, cin.Receive());
        return Help0(cin, cout, 1, 2);
    }
    [Tasklet]
    static int Help0(Channel<int> cin, Channel<int> cout, int d, int x)
    {
        if (d <= 0) return x + 1;
        using (var u0 = new LogDisposable("u1"))
        {
            Help0(cin, cout, d - 1, cin.Receive());
        }
        return cin.Receive();
    }
    [Tasklet]
    static int Help1(Channel<int> cin, Channel<int> cout, int d, int x)
    {
        if (d <= 0) return x + 1;
        if (true) return 1;
        return cin.Receive();
    }
}
