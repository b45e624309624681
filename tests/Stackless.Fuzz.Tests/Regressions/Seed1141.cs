// Fuzz regression: seed 1141, shrunk from size 184 to 10.
// Failure class: generated CS1717. At the time it was found:
//   warning in generated code: Corpus.Fuzz_Seed1141.__Body_Frame.g.cs(73,17): `ns = (ns);` CS1717: Assignment made to same variable; did you mean to assign something else?
//# Fuzz_Seed1141
public partial class Fuzz_Seed1141 : Prog
{
    readonly Channel<int> cin = new();
    readonly Channel<int> cout = new();
    public override void Partners()
    {
        H.FeedForever("in", cin, i => (i * 6 + 6) % 11 - 0);
        H.Sink("out", cout);
    }
    //@entry Body(cin, cout)
    static Channel<int> Src(int n, int k)
    {
        var c = new Channel<int>();
        H.Feed("src" + k, c, Enumerable.Range(k * 10, n).ToArray(), close: true);
        return c;
    }
    public record Pt(int X, string S);
    public readonly struct Tri
    {
        private readonly int _v;
        public Tri(int v) { _v = v; Log("tri " + v); }
        public static bool operator true(Tri t) => t._v % 3 != 0;
        public static bool operator false(Tri t) => t._v % 3 == 0;
    }
    [Tasklet]
    static int Body(Channel<int> cin, Channel<int> cout)
    {
        int[] arr = new int[4];
        Acc? acc = new Acc();
        Acc? nacc = null;
        string? ns = null;
        var fns = new List<Func<int>>();
        Pt pt = new Pt(0, "p");
        switch (1)
        {
        case 0:
        {
            ns ??= (ns ??= (cin.Receive()).ToString());
            Log("ns " + ns);
            L37: Log("L37");
        }
        break;
        case 1 or 2:
        {
        }
        break;
        case < 0:
        {
        }
        break;
        case > 5 when true:
        {
        }
        break;
        default:
        {
        }
        break;
        }
        return 1;
    }
}
