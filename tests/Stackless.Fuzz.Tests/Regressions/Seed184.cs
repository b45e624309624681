// Fuzz regression: seed 184, shrunk from size 71 to 6.
// Failure class: diagnostic TSK010: This using declaration is not supported. At the time it was found:
//   generator diagnostic on a supported program: Fuzz_Seed184.cs(30,13): `using var r2 = new LogDisposable("r2");` TSK010: This using declaration is not supported in a [Tasklet] method: its variable cannot be kept in the frame
//   error in the program's own code: Fuzz_Seed184.cs(14,40): `public override Tasklet Spawn() => SpawnBody(cin, cout);` CS0103: The name 'SpawnBody' does not exist in the current context
//# Fuzz_Seed184
public partial class Fuzz_Seed184 : Prog
{
    readonly Channel<int> cin = new();
    readonly Channel<int> cout = new();
    public override void Partners()
    {
        H.FeedForever("in", cin, i => (i * 6 + 8) % 12 - 3);
        H.Sink("out", cout);
        H.Yielder("y", 3);
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
        try
        {
            using var r2 = new LogDisposable("r2");
        }
        catch (TestException x0) when (x0.Message != "t3")
        {
            Scheduler.Schedule();
        }
        return 1;
    }
}
