// Fuzz regression: seed 2616, shrunk from size 248 to 14.
// Failure class: diagnostic TSK010: A local function or pattern variable cap. At the time it was found:
//   generator diagnostic on a supported program: Fuzz_Seed2616.cs(32,22): `for (int i1 = cin.Receive() & 1; i1 < 2 && true; i1 = i1 + 1 + (i1 & 1))` TSK010: A local function or pattern variable capturing 'i1', declared in a loop that suspends is not supported in a [Tasklet] method: every iteration would share one frame field; use a lambda, or copy the value into a local declared inside a block without suspension points
//   error in the program's own code: Fuzz_Seed2616.cs(15,40): `public override Tasklet Spawn() => SpawnBody(cin, cout);` CS0103: The name 'SpawnBody' does not exist in the current context
//# Fuzz_Seed2616
public partial class Fuzz_Seed2616 : Prog
{
    readonly Channel<int> cin = new();
    readonly Channel<int> cout = new();
    public override void Partners()
    {
        H.FeedForever("in", cin, i => (i * 3 + 4) % 11 - 3);
        H.Sink("out", cout);
        H.Yielder("y", 5);
        H.Thrower("thr", 12, new TestException("injected"), pending: false);
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
        int w27 = 0;
        do
        {
            for (int i1 = cin.Receive() & 1; i1 < 2 && true; i1 = i1 + 1 + (i1 & 1))
            {
                Func<int> f32 = () => i1 + 1;
                Log("f32 " + f32());
            }
        }
        while (w27++ < 2 && true);
        if (true) return 1;
        return 1;
    }
}
