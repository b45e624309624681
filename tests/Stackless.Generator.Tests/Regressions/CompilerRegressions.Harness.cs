// What the programs of CompilerRegressions.Programs.cs see, and the two ways each one runs (compiled in memory by
// CompilerRegressionTests, with the generator). From the differential harness of ../shared/compiler-regressions.
//   A  spawned: partners spawned, t = SpawnP(env), Scheduler.Run(), then t.Result
//   B  direct:  partners spawned and parked, P(env) called from main (its blocking operations run the scheduler)
// Each run is on a fresh thread, so with a fresh scheduler. Both must leave the same log and end the same way.
#nullable enable
using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using Stackless;

public class FuzzA : Exception { public FuzzA(string m) : base(m) { } }
public sealed class FuzzB : Exception { public FuzzB(string m) : base(m) { } }
public sealed class FuzzC : FuzzA { public FuzzC(string m) : base(m) { } }

public sealed class LogOverflowException : Exception { public LogOverflowException() : base("log overflow") { } }

public sealed class LogList : List<string>
{
    public const int Cap = 200_000;
    public new void Add(string s)
    {
        if (Count >= Cap) throw new LogOverflowException();
        base.Add(s);
    }
}

public sealed class Res : IDisposable
{
    private readonly Env _env;
    private readonly bool _bad;
    public string Name { get; }
    public Res(Env env, string name, bool bad) { _env = env; Name = name; _bad = bad; env.Log.Add("open " + name); }
    public void Dispose()
    {
        _env.Log.Add("dispose " + Name);
        if (_bad) throw new FuzzB("dispose " + Name);
    }
}

/// <summary>What a program sees. None of these methods blocks or touches a channel.</summary>
public sealed class Env
{
    public readonly LogList Log = new();
    public readonly Channel<int> In = new();     // the feeder sends 0, 1, 2, ... forever
    public readonly Channel<int> Out = new();    // the drain logs "out:" + each value it receives
    public readonly object Gate = new();

    public int Note(string tag, int v) { Log.Add(tag + "=" + v); return v; }
    public string NoteS(string tag, string v) { Log.Add(tag + "=" + v); return v; }
    public bool Flag(string tag, bool v) { Log.Add(tag + (v ? "=T" : "=F")); return v; }
    public int? MaybeInt(int v) => v % 3 == 0 ? null : v;
    public string? MaybeStr(string s) => s.Length % 2 == 0 ? null : s;
    public int Ix(int i, int n) => ((i % n) + n) % n;
    public int Poke(int[] a, int v) { a[0] = v; Log.Add("poke " + v); return v; }
    public string Show(List<int> xs) => string.Join(",", xs);
    public string Show(int[] xs) => string.Join(",", xs);
    public string Calls(List<Func<int>> fs)
    {
        var sb = new StringBuilder();
        foreach (var f in fs) sb.Append(f()).Append(',');
        return sb.ToString();
    }
    public Res Open(string name) => new Res(this, name, false);
    public Res OpenBad(string name) => new Res(this, name, true);
}

public static partial class Partners
{
    [Tasklet]
    public static void Feeder(Env env)
    {
        int i = 0;
        while (true) { env.In.Send(i); i++; }
    }

    [Tasklet]
    public static void Drain(Env env)
    {
        while (true) { int v = env.Out.Receive(); env.Log.Add("out:" + v); }
    }
}

public static class Runner
{
    static string Describe(Exception e) => "throw " + e.GetType().FullName + ": " + e.Message;

    /// <summary>Runs program <paramref name="name"/> one way on a fresh thread: its log and how it ended.</summary>
    public static string Run(string name, bool spawned)
    {
        foreach (var p in F.All)
        {
            if (p.Name != name) continue;
            string? result = null;
            var thread = new Thread(() =>
            {
                try { result = spawned ? ModeA(p.Spawn) : ModeB(p.Direct); }
                catch (Exception e) { result = "harness: " + Describe(e); }
            }, 16 << 20) { IsBackground = true };
            thread.Start();
            return thread.Join(30_000) ? result! : "no answer in 30 s";
        }
        throw new ArgumentException("no program " + name);
    }

    static string ModeA(Func<Env, Tasklet<int>> spawn)
    {
        var env = new Env();
        var feeder = Partners.SpawnFeeder(env);
        var drain = Partners.SpawnDrain(env);
        var t = spawn(env);
        string outcome;
        try { Scheduler.Run(); outcome = t.IsAlive ? "still alive" : "return " + t.Result; }
        catch (Exception e) { outcome = Describe(e); }
        if (t.IsAlive) t.Kill();
        feeder.Kill();
        drain.Kill();
        return string.Join("\n", env.Log) + "\n=> " + outcome;
    }

    static string ModeB(Func<Env, int> direct)
    {
        var env = new Env();
        var feeder = Partners.SpawnFeeder(env);
        var drain = Partners.SpawnDrain(env);
        Scheduler.Run(); // parks both partners, as mode A's Run() does before the program starts
        string outcome;
        try { outcome = "return " + direct(env); }
        catch (Exception e) { outcome = Describe(e); }
        feeder.Kill();
        drain.Kill();
        return string.Join("\n", env.Log) + "\n=> " + outcome;
    }
}
