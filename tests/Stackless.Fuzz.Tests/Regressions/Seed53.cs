// Fuzz regression: seed 53, shrunk from size 154 to 27.
// Failure class: generated CS0159. At the time it was found:
//   compile error in generated code: Corpus.Fuzz_Seed53.__Help1_Frame.g.cs(204,22): `goto L16;` CS0159: No such label 'L16' within the scope of the goto statement
//# Fuzz_Seed53
public partial class Fuzz_Seed53 : Prog
{
    readonly Channel<int> cin = new();
    readonly Channel<int> cout = new();
    public override void Partners()
    {
        H.FeedForever("in", cin, i => (i * 3 + 3) % 21 - 3);
        H.Sink("out", cout);
        H.Yielder("y", 6);
        H.Killer("kill", 8, pending: false);
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
        return 1;
    }
    [Tasklet]
    static int Help1(Channel<int> cin, Channel<int> cout, int d, int x)
    {
        if (d <= 0) return x + 1;
        try
        {
        }
        catch (TestException x0) when (x0.Message != "t11")
        {
            switch (1)
            {
            case 0:
            {
                if (((B("c17", false) ? Help1(cin, cout, d - 1, x) : 3) <= 1)) goto L16;
                L16: Log("L16");
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
            case int s15 when s15 % 2 == 0 && true:
            {
            }
            break;
            default:
            {
            }
            break;
            }
        }
        finally
        {
            if ((1 != (x switch { 0 => x, 1 => cin.Receive(), > 5 => 2, _ => V("v33", 4) })))
            {
            }
            else
            {
            }
            L28: Log("L28");
        }
        return 1;
    }
}
