// Calls between [Tasklet] methods: values, exceptions (with their stack trace), recursion.

//# Nested_ValueReturned
public partial class Nested_ValueReturned : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int a = Twice(ch);
        Log("a " + a);
        int b = Twice(ch) + Twice(ch);
        return a * 100 + b;
    }
    [Tasklet]
    static int Twice(Channel<int> ch)
    {
        int v = ch.Receive();
        Log("twice " + v);
        return v * 2;
    }
}

//# Nested_VoidHelper
public partial class Nested_VoidHelper : Prog
{
    readonly Channel<string> ch = new();
    public override void Partners() => H.Sink("sink", ch);
    //@entry-void Body(ch)
    [Tasklet]
    static void Body(Channel<string> ch)
    {
        Emit(ch, "a");
        Log("between");
        Emit(ch, "b");
        ch.Close();
    }
    [Tasklet]
    static void Emit(Channel<string> ch, string s)
    {
        ch.Send(s + "1");
        Scheduler.Schedule();
        ch.Send(s + "2");
    }
}

//# Nested_ExceptionPropagatesWithStackTrace
public partial class Nested_ExceptionPropagatesWithStackTrace : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    public override string? StackTraceMustContain => "ThrowDeep";
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        Log("start");
        int v = Middle(ch);
        Log("not reached " + v);
        return v;
    }
    [Tasklet]
    static int Middle(Channel<int> ch)
    {
        ch.Receive();
        return ThrowDeep(ch) + 1;
    }
    [Tasklet]
    static int ThrowDeep(Channel<int> ch)
    {
        int v = ch.Receive();
        Scheduler.Schedule();
        throw new TestException("deep " + v);
    }
}

//# Nested_ExceptionCaughtInCaller
public partial class Nested_ExceptionCaughtInCaller : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        for (int i = 0; i < 4; i++)
        {
            try
            {
                s += Check(ch);
            }
            catch (TestException e)
            {
                s += "!" + e.Message;
                Scheduler.Schedule();
            }
            finally
            {
                s += ";";
            }
        }
        return s;
    }
    [Tasklet]
    static int Check(Channel<int> ch)
    {
        int v = ch.Receive();
        if (v % 2 == 1) throw new TestException("odd" + v);
        return v;
    }
}

//# Nested_Recursion
public partial class Nested_Recursion : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => 1);
    //@entry Body(ch, 6)
    [Tasklet]
    static int Body(Channel<int> ch, int n)
    {
        if (n == 0) return ch.Receive();
        Log("down " + n);
        int r = Body(ch, n - 1) + n;
        Log("up " + n);
        return r;
    }
}

//# Nested_Fibonacci
public partial class Nested_Fibonacci : Prog
{
    //@entry Fib(12)
    [Tasklet]
    static int Fib(int n)
    {
        if (n < 2) return n;
        if (n % 5 == 0) Scheduler.Schedule();
        return Fib(n - 1) + Fib(n - 2);
    }
}

//# Nested_DeepRecursion2000
public partial class Nested_DeepRecursion2000 : Prog
{
    public override void Partners() => H.Yielder("y", 3);
    //@entry Depth(2000)
    [Tasklet]
    static long Depth(int n)
    {
        if (n == 0)
        {
            Scheduler.Schedule();
            return 0;
        }
        return Depth(n - 1) + 1;
    }
}

//# Nested_MutualRecursion
public partial class Nested_MutualRecursion : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry IsEven(ch, 7)
    [Tasklet]
    static bool IsEven(Channel<int> ch, int n)
    {
        if (n == 0) return true;
        Log("even? " + n + " " + ch.Receive());
        return IsOdd(ch, n - 1);
    }
    [Tasklet]
    static bool IsOdd(Channel<int> ch, int n)
    {
        if (n == 0) return false;
        Scheduler.Schedule();
        return IsEven(ch, n - 1);
    }
}

//# Nested_CallsInConditionsAndArguments
public partial class Nested_CallsInConditionsAndArguments : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    static string Three(int a, int b, int c) => $"{a}/{b}/{c}";
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        string s = "";
        if (Next(ch) > 0 && Next(ch) > 100) s += "x";
        s += Three(Next(ch), V("mid", 5), Next(ch));
        while (Next(ch) < 8) s += ".";
        s += Next(ch) > 10 ? Next(ch).ToString() : "small";
        return s;
    }
    [Tasklet]
    static int Next(Channel<int> ch)
    {
        int v = ch.Receive();
        Log("next " + v);
        return v;
    }
}

//# Nested_GenericHelper
public partial class Nested_GenericHelper : Prog
{
    readonly Channel<string> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => "w" + i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<string> ch)
    {
        var (a, b) = Two<string>(ch);
        int n = Count<string>(ch, 2);
        return a + b + n;
    }
    [Tasklet]
    static (T, T) Two<T>(Channel<T> ch) => (ch.Receive(), ch.Receive());
    [Tasklet]
    static int Count<T>(Channel<T> ch, int n)
    {
        int c = 0;
        for (int i = 0; i < n; i++) { T v = ch.Receive(); Log("count " + v); c++; }
        return c;
    }
}

//# Nested_HelperInLoopWithFinally
public partial class Nested_HelperInLoopWithFinally : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static int Body(Channel<int> ch)
    {
        int total = 0;
        for (int i = 0; i < 3; i++)
        {
            try
            {
                total += Guarded(ch, i);
            }
            finally
            {
                Log("outer finally " + i);
            }
        }
        return total;
    }
    [Tasklet]
    static int Guarded(Channel<int> ch, int i)
    {
        try
        {
            Scheduler.Schedule();
            return ch.Receive() * i;
        }
        finally
        {
            Log("inner finally " + i);
        }
    }
}

//# Nested_ExceptionFromHelperInFinally
public partial class Nested_ExceptionFromHelperInFinally : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        try
        {
            try
            {
                return "r" + ch.Receive();
            }
            finally
            {
                Fail(ch);
            }
        }
        catch (TestException e)
        {
            return "caught " + e.Message;
        }
    }
    [Tasklet]
    static void Fail(Channel<int> ch) => throw new TestException("fail " + ch.Receive());
}

//# Nested_HelperReturnsChannelValueUsedAsIndex
public partial class Nested_HelperReturnsChannelValueUsedAsIndex : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i % 3);
    //@entry Body(ch)
    [Tasklet]
    static string Body(Channel<int> ch)
    {
        int[] a = new int[3];
        for (int i = 0; i < 5; i++)
            a[Get(ch)] += Get(ch) + 1;
        return string.Join(",", a);
    }
    [Tasklet]
    static int Get(Channel<int> ch) => ch.Receive();
}

//# Nested_ExpressionBodiedChain
public partial class Nested_ExpressionBodiedChain : Prog
{
    readonly Channel<int> ch = new();
    public override void Partners() => H.FeedForever("f", ch, i => i + 1);
    //@entry A(ch)
    [Tasklet]
    static int A(Channel<int> ch) => B(ch) * 10 + ch.Receive();
    [Tasklet]
    static int B(Channel<int> ch) => C(ch) + ch.Receive();
    [Tasklet]
    static int C(Channel<int> ch) => ch.Receive();
}

//# Nested_RecursionWithExceptionUnwinds
public partial class Nested_RecursionWithExceptionUnwinds : Prog
{
    public override string? StackTraceMustContain => "Down";
    //@entry Down(5)
    [Tasklet]
    static int Down(int n)
    {
        try
        {
            if (n == 0) throw new TestException("bottom");
            Scheduler.Schedule();
            return Down(n - 1);
        }
        finally
        {
            Log("finally " + n);
        }
    }
}
