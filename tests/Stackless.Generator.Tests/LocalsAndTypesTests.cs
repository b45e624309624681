using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>Hoisted locals, constants, lambdas, instance/generic/nested types, nullable contexts.</summary>
    public class LocalsAndTypesTests
    {
        private const string Feeder = TestPrograms.Feeder;

        [Fact]
        public void SameNameInSiblingScopes_WithDifferentTypes()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    string r = "";
                    { int x = ch.Receive(); Scheduler.Schedule(); r += "a" + x; }
                    { string x = "s" + ch.Receive(); Scheduler.Schedule(); r += x; }
                    for (int i = 0; i < 2; i++) { var x = ch.Receive() * 1.5; r += ";" + x; }
                    return r;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result a1s2;4.5;6", trace);
        }

        [Fact]
        public void ConstLocals_AndStructLocalsMutatedAcrossSuspension()
        {
            string trace = Differential.Same(Feeder + """
                struct Counter { public int Value; public void Bump(int by) => Value += by; }
                [Tasklet]
                static int M()
                {
                    const int Scale = 10;
                    Counter c = default;
                    c.Bump(ch.Receive() * Scale);
                    { const int Scale2 = Scale * 2; c.Value += Scale2 + ch.Receive(); }
                    c.Bump(1);
                    return c.Value;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result 33", trace);
        }

        [Fact]
        public void LambdasAndLocalFunctions_CaptureHoistedLocals()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M()
                {
                    int factor = ch.Receive();
                    Func<int, int> times = v => v * factor;
                    int Plus(int v) => v + factor;
                    factor = ch.Receive() * 10;
                    return times(2) + Plus(1) + new[] { 1, 2 }.Select(v => v + factor).Sum();
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result 104", trace); // factor = 20: 40 + 21 + (21 + 22)
        }

        [Fact]
        public void InstanceMethods_UseFieldsPropertiesAndOtherInstanceTasklets()
        {
            string trace = Differential.Same(Feeder + """
                sealed partial class Account
                {
                    private int _balance;
                    public string Name { get; }
                    public Account(string name) { Name = name; }
                    private void Note(string s) => L(Name + ": " + s);
                    [Tasklet]
                    public int Deposit(Channel<int> c)
                    {
                        int amount = c.Receive();
                        _balance += amount;
                        this.Note("deposit " + amount);
                        return _balance;
                    }
                    [Tasklet]
                    public int DepositTwice(Channel<int> c) => Deposit(c) + this.Deposit(c);
                }
                static Account acct = new("a");
                """, "acct.DepositTwice(ch)", init: "ch = new(); acct = new Account(\"acc\");", partners: "SpawnFeed(ch, 5);",
                spawnCall: "acct.SpawnDepositTwice(ch)");
            Assert.Equal("acc: deposit 1\nacc: deposit 2\nresult 4", trace);
        }

        [Fact]
        public void GenericMethod_WithConstraints_AndGenericNestedContainingType()
        {
            string trace = Differential.Same(Feeder + """
                static Channel<string> sch = new();
                [Tasklet]
                static T Echo<T>(Channel<T> c, T fallback) where T : IComparable<T>
                {
                    T v = c.Receive();
                    return v.CompareTo(fallback) > 0 ? v : fallback;
                }
                partial class Outer<TKey> where TKey : notnull
                {
                    public partial class Inner
                    {
                        [Tasklet]
                        public static Dictionary<TKey, int> Collect(TKey key, Channel<int> c)
                        {
                            var d = new Dictionary<TKey, int>();
                            d[key] = c.Receive() + Echo(c, 0);
                            return d;
                        }
                    }
                }
                [Tasklet]
                static string M() => Echo(sch, "m") + Echo<int>(ch, 0) + Outer<string>.Inner.Collect("k", ch)["k"];
                [Tasklet]
                static void SendWords() { sch.Send("z"); }
                """, "M()", init: "ch = new(); sch = new();", partners: "SpawnFeed(ch, 5); SpawnSendWords();");
            Assert.EndsWith("result z15", trace);
        }

        [Fact]
        public void OverloadedTasklets_AndSpawnFromInside()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int Get(int x) => x + ch.Receive();
                [Tasklet]
                static int Get(string s) => s.Length * ch.Receive();
                [Tasklet]
                static void Child(string name) { L("child " + name); }
                [Tasklet]
                static int M()
                {
                    SpawnChild("one");
                    Tasklet t = SpawnChild("two");
                    int r = Get(100) + Get("abc");
                    return r;
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result 107", trace);
        }

        [Fact]
        public void NullableDisabledFile_AndSendSequence()
        {
            string trace = Differential.Same("""
                static Channel<string> words = new();
                #nullable disable
                [Tasklet]
                static int M()
                {
                    string maybe = null;
                    int n = words.SendSequence(new[] { "a", "b", maybe ?? "c" });
                    words.Close();
                    return n;
                }
                #nullable restore
                [Tasklet]
                static void Reader() { foreach (var w in words) L("read " + w); }
                """, "M()", init: "words = new();", partners: "SpawnReader();");
            Assert.Equal("read a\nread b\nread c\nresult 3", trace);
        }
    
        [Fact]
        public void LambdasCaptureAFreshVariablePerIteration_InLoopsThatSuspend()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var fns = new List<Func<int>>();
                    for (int i = 0; i < 3; i++)
                    {
                        int v = ch.Receive();
                        fns.Add(() => v * 10 + i);
                        v++;
                    }
                    foreach (var w in new[] { 7, 8 })
                    {
                        Scheduler.Schedule();
                        fns.Add(() => w);
                    }
                    return string.Join(",", fns.Select(f => f()));
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);");
            Assert.EndsWith("result 23,33,43,7,8", trace); // v is per iteration (incremented after capture), i is shared (3 at the end)
        }
    
        [Fact]
        public void ExtensionTasklets_RecordsAndStaticTaskletsOfStructs()
        {
            string trace = Differential.Same(Feeder + """
                static int Twice(int x) => 2 * x;
                partial record Totals(int Start)
                {
                    [Tasklet]
                    public int AddFrom(Channel<int> c) => Start + c.Receive();
                }
                partial struct Helper
                {
                    [Tasklet]
                    public static int Next(Channel<int> c) => c.Receive() * 10;
                }
                [Tasklet]
                static int M()
                {
                    var t = new Totals(100);
                    return t.AddFrom(ch) + Helper.Next(ch) + ch.ReceiveTwice();
                }
                """, "M()", init: "ch = new();", partners: "SpawnFeed(ch, 5);",
                usings: "static partial class ChannelExtensions { [Tasklet] public static int ReceiveTwice(this Channel<int> c) => c.Receive() + c.Receive(); }");
            Assert.EndsWith("result 128", trace); // 100 + 1, 2 * 10, 3 + 4
        }
    }
}
