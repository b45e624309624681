// Fuzz regression: seed 26500400, shrunk from size 241 to 13.
// Failure class: runtime difference. At the time it was found:
//   trace differs at event 11: spawned `fns 3,3,3,3` vs direct `fns 3,2,2,3`
//     spawned: 5:__endif1 2 | 6:in sent 0 | 7:in send 4 | 8:__endif1 3 | 9:in sent 4 | 10:in send 1 | 11:fns 3,3,3,3 | 12:in sent 1 | 13:in send -2
//     direct:  5:__endif1 2 | 6:in sent 0 | 7:in send 4 | 8:__endif1 3 | 9:in sent 4 | 10:in send 1 | 11:fns 3,2,2,3 | 12:in sent 1 | 13:in send -2
//# Fuzz_Seed26500400
public partial class Fuzz_Seed26500400 : Prog
{
    readonly Channel<int> cin = new();
    readonly Channel<int> cout = new();
    public override void Partners()
    {
        H.FeedForever("in", cin, i => (i * 4 + 5) % 7 - 2);
        H.Sink("out", cout);
        HT.CloseShut();
    }
    //@entry Body(cin, cout)
    static Channel<int> Src(int n, int k)
    {
        var c = new Channel<int>();
        H.Feed("src" + k, c, Enumerable.Range(k * 10, n).ToArray(), close: true);
        return c;
    }
    public partial interface IStep
    {
        [Tasklet]
        int Twice(Channel<int> cin, int x);
    }
    public abstract partial class Shape
    {
        public int K = 0;
        public virtual string Name => "shape" + K;
        [Tasklet]
        public virtual int Step(Channel<int> cin, int x)
        {
            Log("Shape.Step " + x + " " + Name);
            if (x > 4) Scheduler.Schedule();
            return x + K;
        }
    }
    public partial class Ring : Shape, IStep
    {
        [Tasklet]
        public override int Step(Channel<int> cin, int x)
        {
            Scheduler.Schedule();
            Log("Ring.Step " + x);
            return x > 2 ? base.Step(cin, x - 1) - base.K : -x;
        }
        [Tasklet]
        public int Twice(Channel<int> cin, int x)
        {
            int a = cin.Receive();
            Scheduler.Schedule();
            return a + x + base.K;
        }
    }
    public record Pt(int X, string S);
    public readonly struct Tri
    {
        private readonly int _v;
        public Tri(int v) { _v = v; Log("tri " + v); }
        public static bool operator true(Tri t) => t._v % 3 != 0;
        public static bool operator false(Tri t) => t._v % 3 == 0;
    }
    public struct Cell { public int V; public int W; }
    [ThreadStatic] public static int sf;
    [Tasklet]
    static int Body(Channel<int> cin, Channel<int> cout)
    {
        int[] arr = new int[4];
        Acc? acc = new Acc();
        Acc? nacc = null;
        string? ns = null;
        var fns = new List<Func<int>>();
        Pt pt = new Pt(4, "p");
        Cell cel = new Cell();
        Cell[] cells = new Cell[2];
        Shape sh = new Ring();
        IStep st = (IStep)sh;
        int bg5 = 0;
        __endif1: Log("__endif1 " + bg5);
        {
            for (int i1 = 1 & 1; i1 < 2 && true; i1 = i1 + 1 + (cin.Receive() & 1))
            {
                int g12(int __box_c2) => __box_c2 * 2 + i1;
                Func<int, int> fg12 = g12;
                fns.Add(() => fg12(0));
            }
            if (bg5++ < 3 && true) goto __endif1;
        }
        Log("fns " + string.Join(",", fns.Select(f => f())));
        return 1;
    }
}

