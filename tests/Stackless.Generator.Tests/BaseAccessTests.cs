using System.Linq;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// <c>base.</c> access inside instance [Tasklet] methods: forwarded through private members emitted into the
    /// user's partial type, so the call stays non-virtual. Each program runs spawned and called directly from main.
    /// </summary>
    public class BaseAccessTests
    {
        private const string Shapes = TestPrograms.Feeder + """

                public class Shape
                {
                    protected int[] cells = new int[8];
                    public int Sides = 3;
                    public virtual string Describe(int scale) => "shape*" + scale;
                    public virtual int Size { get; set; } = 10;
                    public virtual int this[int i] { get => cells[i]; set => cells[i] = value; }
                    protected virtual string Tag(string prefix = "s", params int[] parts) => prefix + parts.Length;
                    public virtual void Grow(ref int by, out string note) { by *= 2; note = "shape grew"; }
                    public virtual event Action? Changed;
                    protected void Raise() => Changed?.Invoke();
                }
            """;

        [Fact]
        public void BaseMethodPropertyAndIndexer_StayNonVirtual_AcrossSuspension()
        {
            string trace = Differential.Same(Shapes + """
                public partial class Square : Shape
                {
                    public override string Describe(int scale) => "square*" + scale;
                    public override int Size { get => base.Size * 100; set => base.Size = value + 1; }
                    public override int this[int i] { get => -1; set { } }
                    protected override string Tag(string prefix = "q", params int[] parts) => "square tag";

                    [Tasklet]
                    public string Run()
                    {
                        string r = base.Describe(ch.Receive()) + "|" + Describe(2);
                        Scheduler.Schedule();
                        base.Size = ch.Receive();              // Shape's setter: 2, not 2 + 1
                        base.Size += ch.Receive();             // 2 + 3
                        base.Size++;
                        r += "|" + base.Size + "|" + Size;
                        base[ch.Receive()] = ch.Receive();     // cells[4] = 5
                        base[4] += ch.Receive();               // 5 + 6
                        r += "|" + base[4] + "|" + this[4];
                        r += "|" + base.Tag() + base.Tag("t", 1, 2) + Tag();
                        return r;
                    }
                }
                """, "new Square().Run()", init: "ch = new();", partners: "SpawnFeed(ch, 10);", spawnCall: "new Square().SpawnRun()");
            Assert.EndsWith("result shape*1|square*2|6|600|11|-1|s0t2square tag", trace);
        }

        [Fact]
        public void BaseRefOutArguments_MethodGroup_EventAndHiddenField()
        {
            string trace = Differential.Same(Shapes + """
                public partial class Triangle : Shape
                {
                    public new int Sides = 99;
                    public override void Grow(ref int by, out string note) { by = -1; note = "triangle"; }
                    public override event Action? Changed { add { L("triangle add"); } remove { } }

                    [Tasklet]
                    public string Run()
                    {
                        int by = ch.Receive();
                        base.Grow(ref by, out string note);
                        Scheduler.Schedule();
                        Func<int, string> describe = base.Describe;
                        base.Changed += () => L("changed");
                        base.Sides += ch.Receive();
                        Scheduler.Schedule();
                        Raise();
                        return by + note + describe(ch.Receive()) + base.Sides + "/" + Sides;
                    }
                }
                """, "new Triangle().Run()", init: "ch = new();", partners: "SpawnFeed(ch, 10);", spawnCall: "new Triangle().SpawnRun()");
            Assert.EndsWith("changed\nresult 2shape grewshape*35/99", trace);
            Assert.DoesNotContain("triangle add", trace);
        }

        [Fact]
        public void GenericDerivedClass_AndGenericBaseMethod_FromAGenericTasklet()
        {
            string trace = Differential.Same("""
                static Channel<int> ch = new();
                [Tasklet]
                static void Feed(Channel<int> c, int n)
                {
                    for (int i = 1; i <= n; i++) { c.Send(i); }
                    c.Close();
                }
                public class Store<T>
                {
                    protected readonly List<T> items = new();
                    public virtual void Add(T item) => items.Add(item);
                    public virtual string Show<U>(U extra) where U : notnull => "store(" + string.Join(",", items) + ")+" + extra;
                    public virtual T First => items[0];
                }
                public partial class LoggingStore<T> : Store<T>
                {
                    public override void Add(T item) { L("log " + item); base.Add(item); base.Add(item); }
                    public override string Show<U>(U extra) => "logging";
                    public override T First => default!;

                    [Tasklet]
                    public string Fill<V>(T a, T b, V tag) where V : notnull
                    {
                        base.Add(a);
                        Scheduler.Schedule();
                        base.Add(b);
                        int n = ch.Receive();
                        return base.Show(tag) + base.Show<int>(n) + "|" + base.First + "|" + Show(1);
                    }
                }
                """, "new LoggingStore<string>().Fill(\"a\", \"b\", 'x')", init: "ch = new();", partners: "SpawnFeed(ch, 3);",
                spawnCall: "new LoggingStore<string>().SpawnFill(\"a\", \"b\", 'x')");
            Assert.EndsWith("result store(a,b)+xstore(a,b)+1|a|logging", trace);
            Assert.DoesNotContain("log ", trace);
        }

        [Fact]
        public void TwoTaskletsOfOneType_UseTheSameBaseMembers()
        {
            string trace = Differential.Same(Shapes + """
                public partial class Hexagon : Shape
                {
                    public override string Describe(int scale) => "hex";
                    public override int this[int i] { get => 0; set { } }

                    [Tasklet]
                    public string First() { base[1] = ch.Receive(); return base.Describe(ch.Receive()) + base[1]; }

                    [Tasklet]
                    public string Second() { string s = base.Describe(ch.Receive()) + base[1]; Scheduler.Schedule(); return s + Second2(); }

                    [Tasklet]
                    string Second2() { base[1] += ch.Receive(); return "," + base[1]; }

                    [Tasklet]
                    public string Both() => First() + ";" + Second();
                }
                """, "new Hexagon().Both()", init: "ch = new();", partners: "SpawnFeed(ch, 10);", spawnCall: "new Hexagon().SpawnBoth()");
            Assert.EndsWith("result shape*21;shape*31,5", trace);
        }

        [Fact]
        public void Snapshot_BaseMethodPropertyAndIndexer()
        {
            const string source = """
                using Stackless;

                namespace Samples
                {
                    public class Counter
                    {
                        private readonly int[] _slots = new int[4];
                        public virtual string Name(int id) => "counter " + id;
                        public virtual int Total { get; set; }
                        public virtual int this[int i] { get => _slots[i]; set => _slots[i] = value; }
                    }

                    public partial class AuditedCounter : Counter
                    {
                        public override string Name(int id) => "audited " + id;
                        public override int Total { get => -1; set { } }
                        public override int this[int i] { get => -1; set { } }

                        [Tasklet]
                        public string Collect(Channel<int> input)
                        {
                            base.Total += input.Receive();
                            base[input.Receive()] = base.Total;
                            return base.Name(base[0]);
                        }
                    }
                }
                """;
            GeneratorOutcome outcome = TestCompiler.CompileClean(source, "Counter.cs");
            foreach (GeneratedSourceResult s in outcome.Sources.OrderBy(s => s.HintName))
                Snapshot.Verify(s.SourceText.ToString(), s.HintName);
        }
    }
}
