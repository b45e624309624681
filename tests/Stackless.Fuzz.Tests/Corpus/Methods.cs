// Static and instance methods, generic methods, generic and nested types, records, structs.

//# Method_InstanceUsesFields
public partial class Method_InstanceUsesFields : Prog
{
    readonly Channel<int> ch = new();
    int _total = 100;
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(3)
    [Tasklet]
    int Body(int n)
    {
        for (int i = 0; i < n; i++)
        {
            _total += ch.Receive();
            Log("total " + _total);
            Scheduler.Schedule();
        }
        return _total + this.Extra();
    }
    int Extra() => 1000;
}

//# Method_GenericStatic
public partial class Method_GenericStatic : Prog
{
    readonly Channel<string> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => "g" + i);
    //@entry Body<string>(ch, 3)
    [Tasklet]
    static List<T> Body<T>(Channel<T> ch, int n)
    {
        var list = new List<T>();
        for (int i = 0; i < n; i++)
            list.Add(ch.Receive());
        return list;
    }
}

//# Method_GenericWithConstraints
public partial class Method_GenericWithConstraints : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => 5 - i);
    //@entry Body<int>(ch)
    [Tasklet]
    static T Body<T>(Channel<T> ch) where T : struct, IComparable<T>
    {
        T best = ch.Receive();
        for (int i = 0; i < 4; i++)
        {
            T v = ch.Receive();
            if (v.CompareTo(best) < 0) best = v;
            Log("best " + best);
        }
        return best;
    }
}

//# Method_GenericType
public partial class Method_GenericType : Prog
{
    public override void Partners() => Inner.Partners();
    readonly GenericHolder<long> Inner = new(10);
    //@entry Inner.Body(3)
}

public partial class GenericHolder<T>
{
    readonly Channel<T> _ch = new();
    readonly T _seed;
    public GenericHolder(T seed) => _seed = seed;
    public void Partners() => H.FeedForever("f", _ch, i => _seed);
    [Tasklet]
    public string Body(int n)
    {
        string s = "";
        for (int i = 0; i < n; i++)
        {
            T v = _ch.Receive();
            s += typeof(T).Name + ":" + v + ";";
        }
        return s;
    }
}

//# Method_NestedType
public partial class Method_NestedType : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Outer.Inner.Body(ch)
    public static partial class Outer
    {
        public static partial class Inner
        {
            [Tasklet]
            public static int Body(Channel<int> ch)
            {
                int s = 0;
                for (int i = 0; i < 3; i++) s += ch.Receive();
                Scheduler.Schedule();
                return s;
            }
        }
    }
}

//# Method_NestedGenericType
public partial class Method_NestedGenericType : Prog
{
    readonly Channel<string> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => "n" + i);
    //@entry Outer<string>.Inner<int>.Body(ch, 7)
    public partial class Outer<TA>
    {
        public partial class Inner<TB>
        {
            [Tasklet]
            public static string Body(Channel<TA> ch, TB extra)
            {
                TA first = ch.Receive();
                Scheduler.Schedule();
                TA second = ch.Receive();
                return $"{first}{second}{extra}";
            }
        }
    }
}

//# Method_GenericMethodOfGenericType
public partial class Method_GenericMethodOfGenericType : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Conv<int>.Body<string>(ch, x => "#" + x)
    public partial class Conv<TIn>
    {
        [Tasklet]
        public static List<TOut> Body<TOut>(Channel<TIn> ch, Func<TIn, TOut> map)
        {
            var r = new List<TOut>();
            for (int i = 0; i < 3; i++)
            {
                TIn v = ch.Receive();
                r.Add(map(v));
            }
            return r;
        }
    }
}

//# Method_Record
public partial class Method_Record : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 4);
    //@entry new Acc("acc", 2).Body(ch)
    public partial record Acc(string Name, int Factor)
    {
        [Tasklet]
        public string Body(Channel<int> ch)
        {
            int v = ch.Receive() * Factor;
            Scheduler.Schedule();
            return Name + v + ch.Receive();
        }
    }
}

//# Method_StructStatic
public partial class Method_StructStatic : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i * 2);
    //@entry S.Body(ch)
    public partial struct S
    {
        [Tasklet]
        public static int Body(Channel<int> ch)
        {
            var s = new S();
            s.Value = ch.Receive();
            Scheduler.Schedule();
            s.Value += ch.Receive();
            return s.Value;
        }
        public int Value;
    }
}

//# Method_InternalAndPrivateAccessibility
public partial class Method_InternalAndPrivateAccessibility : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    internal static int Body(Channel<int> ch) => Helper(ch) + 1;
    [Tasklet]
    private static int Helper(Channel<int> ch) => ch.Receive() + ch.Receive();
}

//# Method_InstanceCallsInstanceHelper
public partial class Method_InstanceCallsInstanceHelper : Prog
{
    readonly Channel<int> ch = new();
    int _calls;
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body()
    [Tasklet]
    int Body()
    {
        int a = Helper(1);
        int b = this.Helper(2);
        return a * 100 + b * 10 + _calls;
    }
    [Tasklet]
    int Helper(int k)
    {
        _calls++;
        Scheduler.Schedule();
        return ch.Receive() * k;
    }
}

//# Method_StaticFieldState
public partial class Method_StaticFieldState : Prog
{
    static int s_counter;
    readonly Channel<int> ch = new();
    public override void Partners() { s_counter = 0; H.FeedForever("f", ch, i => i + 1); }
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        for (int i = 0; i < 3; i++)
        {
            s_counter += ch.Receive();
            Scheduler.Schedule();
        }
        return s_counter;
    }
}

//# Method_OptionalAndParamsParameters
public partial class Method_OptionalAndParamsParameters : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch) => Helper(ch) + Helper(ch, "y", 1, 2, 3);
    [Tasklet]
    static string Helper(Channel<int> ch, string tag = "x", params int[] extra)
    {
        int v = ch.Receive();
        return tag + v + extra.Sum() + ";";
    }
}

//# Method_SameNameOverloads
public partial class Method_SameNameOverloads : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch) => Get(ch) + Get(ch, 10) + Get("s");
    [Tasklet]
    static string Get(Channel<int> ch) => "a" + ch.Receive();
    [Tasklet]
    static string Get(Channel<int> ch, int k) => "b" + ch.Receive() * k;
    static string Get(string s) => "c" + s;
}
