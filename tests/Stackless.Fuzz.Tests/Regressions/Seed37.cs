// Fuzz regression: seed 37, shrunk from size 121 to 11.
// Failure class: runtime difference. At the time it was found:
//   trace differs at event 0: spawned `in send 5` vs direct `v3=6`
//     spawned: 0:in send 5 | 1:v3=6 | 2:s2 <-2|<5|w5>> | 3:in sent 5
//     direct:  0:v3=6 | 1:in send 5 | 2:s2 <-2|<5|w5>> | 3:in sent 5
//# Fuzz_Seed37
public partial class Fuzz_Seed37 : Prog
{
    readonly Channel<int> cin = new();
    readonly Channel<int> cout = new();
    public override void Partners()
    {
        H.FeedForever("in", cin, i => (i * 1 + 6) % 17 - 1);
        H.Sink("out", cout);
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
        Log("s2 " + $"<{(V("v3", 6) - 8)}|{$"<{cin.Receive()}|{"w5"}>"}>");
        return 1;
    }
}
