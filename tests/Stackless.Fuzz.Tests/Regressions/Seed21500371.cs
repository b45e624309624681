// Fuzz regression: seed 21500371 (session 6), shrunk by hand.
// Failure class: runtime difference. Found on main ed94efc (generator cbcda79): an out argument of a suspension point
// named after the timeout (named arguments in reverse order) is located before the timeout argument runs, so the
// timeout's assignment to the index comes too late: the frame writes arr[0], the direct call arr[1].
//   trace differs at event 77: spawned `Help0 2 -1` vs direct `Help0 2 -11`
//# Fuzz_Seed21500371
public partial class Fuzz_Seed21500371 : Prog
{
    readonly Channel<int> cin = new();
    readonly Channel<int> cout = new();
    public override void Partners()
    {
        H.FeedForever("in", cin, i => i + 5);
    }
    //@entry Body(cin, cout)
    [Tasklet]
    static int Body(Channel<int> cin, Channel<int> cout)
    {
        int[] arr = new int[4];
        int k = 0;
        bool ok = cin.TryReceive(timeout: TimeSpan.FromMilliseconds(V("ms", (k = 1) & 3)), value: out arr[k & 3]);
        Log("ok " + ok + " " + arr[0] + " " + arr[1] + " " + k);
        int j = 0;
        ok = cin.TryReceive(out arr[j & 3], TimeSpan.FromMilliseconds(V("ms", (j = 2) & 3)));
        Log("ok " + ok + " " + arr[0] + " " + arr[1] + " " + arr[2] + " " + j);
        return arr[0] * 100 + arr[1] * 10 + arr[2];
    }
}
