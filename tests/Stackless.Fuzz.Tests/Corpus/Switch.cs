// switch statements (patterns, when guards, goto case) and switch expressions around suspension points.

//# Switch_ConstantCases
public partial class Switch_ConstantCases : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.Feed("f", ch, new[] { 1, 2, 3, 4, 0 });
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        while (true)
        {
            switch (ch.Receive())
            {
                case 0:
                    return s;
                case 1:
                    s += "one";
                    Scheduler.Schedule();
                    break;
                case 2:
                case 3:
                    s += "two-three";
                    break;
                default:
                    Log("default");
                    s += "?";
                    break;
            }
            Log("s " + s);
        }
    }
}

//# Switch_PatternsAndWhen
public partial class Switch_PatternsAndWhen : Prog
{
    readonly Channel<object> ch = new();
    public override void Partners() => H.Feed<object>("f", ch, new object[] { 5, "hello", 3.5, -2, "", 'c', 100 }, close: true);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<object> ch)
    {
        string s = "";
        foreach (object o in ch)
        {
            switch (o)
            {
                case int i when i < 0:
                    s += "neg";
                    break;
                case int i when i > 50:
                    Scheduler.Schedule();
                    s += "big" + i;
                    break;
                case int i:
                    s += "int" + i;
                    break;
                case string { Length: 0 }:
                    s += "empty";
                    break;
                case string str:
                    Log("str " + str);
                    s += str.Length;
                    break;
                case double d:
                    s += "d" + d.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    s += "other";
                    break;
            }
            s += ";";
        }
        return s;
    }
}

//# Switch_SuspendInWhenIsNotAllowedButInBody
public partial class Switch_SuspendInWhenIsNotAllowedButInBody : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i * 5);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int acc = 0;
        for (int k = 0; k < 6; k++)
        {
            int v = ch.Receive();
            switch (v % 3)
            {
                case 0 when V("g", v) > 10:
                    acc += ch.Receive();
                    break;
                case 0:
                    acc -= 1;
                    break;
                case var r when r == 1:
                    Scheduler.Schedule();
                    acc += 100;
                    break;
                default:
                    acc *= 2;
                    continue;
            }
            Log("acc " + acc);
        }
        return acc;
    }
}

//# Switch_GotoCaseAndDefault
public partial class Switch_GotoCaseAndDefault : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        switch (ch.Receive())
        {
            case 0:
                s += "zero ";
                s += ch.Receive();
                goto case 2;
            case 1:
                s += "one";
                break;
            case 2:
                s += " two ";
                Scheduler.Schedule();
                goto default;
            default:
                s += "default" + ch.Receive();
                break;
        }
        return s;
    }
}

//# Switch_BreakInsideLoopInsideSwitch
public partial class Switch_BreakInsideLoopInsideSwitch : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i % 4);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int n = 0;
        for (int round = 0; round < 3; round++)
        {
            switch (round)
            {
                case 1:
                    while (true)
                    {
                        int v = ch.Receive();
                        if (v == 3) break;
                        n += v;
                    }
                    Log("after while");
                    break;
                default:
                    n += 10 * ch.Receive();
                    break;
            }
        }
        return n;
    }
}

//# SwitchExpression_SuspendInArmsAndGovernor
public partial class SwitchExpression_SuspendInArmsAndGovernor : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i * 2 % 7);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int k = 0; k < 5; k++)
        {
            s += ch.Receive() switch
            {
                0 => "z",
                var x when x > 4 => "big" + ch.Receive(),
                < 3 and > 0 => "small",
                _ => "other" + V("k", k),
            };
            s += ",";
        }
        return s;
    }
}

//# SwitchExpression_TypePatterns
public partial class SwitchExpression_TypePatterns : Prog
{
    readonly Channel<object?> ch = new();
    public override void Partners() => H.Feed<object?>("f", ch, new object?[] { 1, null, "ab", 2L, new int[] { 1, 2 } }, close: true);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<object?> ch)
    {
        int total = 0;
        foreach (var o in ch)
        {
            int v = o switch
            {
                null => -1,
                int i => i,
                string { Length: var n } => n * 10,
                long l => (int)l * 100,
                int[] { Length: 2 } arr => arr[0] + arr[1] + 1000,
                _ => 0,
            };
            Log("v " + v);
            total += v;
        }
        return total;
    }
}

//# Switch_PropertyAndTuplePatterns
public partial class Switch_PropertyAndTuplePatterns : Prog
{
    readonly Channel<(int, string)> ch = new();
    public override void Partners() => H.Feed("f", ch, new[] { (1, "a"), (2, "bb"), (0, ""), (2, "c") });
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<(int, string)> ch)
    {
        string s = "";
        for (int i = 0; i < 4; i++)
        {
            switch (ch.Receive())
            {
                case (0, _):
                    s += "zero;";
                    break;
                case (2, { Length: > 1 } str):
                    Scheduler.Schedule();
                    s += "two-long-" + str + ";";
                    break;
                case (var n, var str) when n == 1:
                    s += "one-" + str + ";";
                    break;
                case var (n, str):
                    s += n + str + ";";
                    break;
            }
        }
        return s;
    }
}

//# Switch_ReturnFromCases
public partial class Switch_ReturnFromCases : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 2);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        while (true)
        {
            int v = ch.Receive();
            switch (v)
            {
                case 2: Log("two"); continue;
                case 3: Scheduler.Schedule(); break;
                case 5: return v * ch.Receive();
            }
            Log("after " + v);
        }
    }
}

//# Switch_NestedSwitches
public partial class Switch_NestedSwitches : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i % 3);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int i = 0; i < 4; i++)
        {
            switch (ch.Receive())
            {
                case 0:
                    switch (ch.Receive())
                    {
                        case 1: s += "01"; break;
                        default: s += "0x"; Scheduler.Schedule(); break;
                    }
                    s += "/";
                    break;
                case 1:
                    s += "1";
                    break;
                default:
                    s += "d" + ch.Receive() switch { 0 => "a", _ => "b" };
                    break;
            }
        }
        return s;
    }
}
