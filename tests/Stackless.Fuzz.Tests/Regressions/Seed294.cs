// Fuzz regression: seed 294, shrunk from size 74 to 12.
// Failure class: generated CS8648 (then refused with TSK010 at af676eb; compiles and runs since the trampoline fix). At the time it was found:
//   compile error in generated code: Corpus.Fuzz_Seed294.__Body_Frame.g.cs(56,40): `if (B("c8", true)) goto __fornext2;` CS8648: A goto cannot jump to a location after a using declaration.
//# Fuzz_Seed294
public partial class Fuzz_Seed294 : Prog
{
    readonly Channel<int> cin = new();
    readonly Channel<int> cout = new();
    public override void Partners()
    {
        H.FeedForever("in", cin, i => (i * 3 + 0) % 10 - 1);
        H.Sink("out", cout);
        HT.CloseShut();
        HT.Ticker("tk", 3);
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
        Pt pt = new Pt(4, "p");
        for (int i0 = 6 & 1; i0 < 2 && true; i0 = i0 + 1 + ((cin.TryReceive(out var tv4, TimeSpan.FromMilliseconds(1)) ? tv4 : -2) & 1))
        {
            if (B("c8", true)) continue;
            using var r9 = new LogDisposable("r9");
            int g10() => V("v11", 9) + 3;
            fns.Add(g10);
            Log("g10 " + g10());
        }
        return 1;
    }
}
