// Fuzz regression: seed 488, shrunk from size 66 to 12.
// Failure class: generated CS8648. At the time it was found:
//   compile error in generated code: Corpus.Fuzz_Seed488.__Body_Frame.g.cs(66,41): `if (B("c7", false)) goto __endswitch1;` CS8648: A goto cannot jump to a location after a using declaration.
//# Fuzz_Seed488
public partial class Fuzz_Seed488 : Prog
{
    readonly Channel<int> cin = new();
    readonly Channel<int> cout = new();
    public override void Partners()
    {
        H.FeedForever("in", cin, i => (i * 5 + 0) % 22 - 2);
        H.Sink("out", cout);
        H.Thrower("thr", 8, new TestException("injected"), pending: true);
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
        switch (cin.Receive())
        {
        case 1 or 2:
        {
        }
        break;
        case int s2 when s2 % 2 == 0 && B("c4", true):
        {
            if (B("c7", false)) break;
            if (true) return s2;
            using var r10 = new LogDisposable("r10");
        }
        break;
        default:
        {
            L11: Log("L11");
        }
        break;
        }
        return 3;
    }
}
