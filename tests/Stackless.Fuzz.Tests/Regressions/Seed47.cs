// Fuzz regression: seed 47, shrunk from size 76 to 23.
// Failure class: generated CS0128. At the time it was found:
//   compile error in generated code: Corpus.Fuzz_Seed47.__Body_Frame.g.cs(95,21): `int b2 = 1;` CS0128: A local variable or function named 'b2' is already defined in this scope
//# Fuzz_Seed47
public partial class Fuzz_Seed47 : Prog
{
    readonly Channel<int> cin = new();
    readonly Channel<int> cout = new();
    public override void Partners()
    {
        H.FeedForever("in", cin, i => (i * 2 + 6) % 17 - 2);
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
        if (true) return 3;
        if (true)
        {
            Help1(cin, cout, 2, 1);
        }
        else
        {
            bool b2 = B("c3", false);
        }
        int w4 = 0;
        while (w4++ < 3 && (1 < (cin.Receive() * cin.Receive())))
        {
            int b2 = 1;
        }
        return 1;
    }
    [Tasklet]
    static int Help1(Channel<int> cin, Channel<int> cout, int d, int x)
    {
        if (d <= 0) return x + 1;
        return V("v15", 3);
    }
}
