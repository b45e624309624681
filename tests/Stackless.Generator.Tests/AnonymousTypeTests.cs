using System.Linq;
using Microsoft.CodeAnalysis;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// Values of anonymous type, or of a type built from one (IEnumerable&lt;'a&gt;, List&lt;'a&gt;.Enumerator,
    /// (int, 'a), 'a[], Func&lt;'a&gt;), living across suspension points: kept in object fields holding a box and
    /// read back through an example of their type. Each program runs spawned and called directly from main.
    /// </summary>
    public class AnonymousTypeTests
    {
        private const string Feeder = """
                static Channel<int> ch = new();
                static Channel<int> sink = new();
                [Tasklet]
                static void Feed(Channel<int> c, int n)
                {
                    for (int i = 1; i <= n; i++) { c.Send(i); }
                    c.Close();
                }
                [Tasklet]
                static void Drain(Channel<int> c)
                {
                    foreach (int v in c) L("got " + v);
                }
            """;

        private const string Init = "ch = new(); sink = new();";
        private const string Partners = "SpawnFeed(ch, 20); SpawnDrain(sink);";

        [Fact]
        public void AnonymousLocal_LivesAcrossSendAndReceive()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var anon = new { Name = "n", Value = ch.Receive() };
                    sink.Send(anon.Value);
                    var other = new { Name = "m", Value = ch.Receive() + anon.Value };
                    Scheduler.Schedule();
                    anon = new { Name = anon.Name + other.Name, Value = anon.Value * 10 };
                    return anon.Name + anon.Value + other + (anon.GetType() == other.GetType());
                }
                """, "M()", init: Init, partners: Partners);
            Assert.EndsWith("result nm10{ Name = m, Value = 3 }True", trace);
            Assert.Contains("got 1", trace);
        }

        [Fact]
        public void LinqSelectOverList_ForeachWithSuspension()
        {
            string trace = Differential.Same(Feeder + """
                record Item(string Name, int Count);
                [Tasklet]
                static string M(List<Item> items)
                {
                    var log = new List<string>();
                    var rows = items.Select(x => new { x.Name, x.Count });
                    foreach (var r in rows)
                    {
                        sink.Send(r.Count);
                        log.Add(r.Name + ch.Receive());
                    }
                    return string.Join(",", log);
                }
                """, "M(new List<Item> { new(\"a\", 5), new(\"b\", 6), new(\"c\", 7) })", init: Init, partners: Partners);
            Assert.EndsWith("result a1,b2,c3", trace);
            Assert.Contains("got 5\ngot 6\ngot 7", trace);
        }

        [Fact]
        public void GroupByResults_AndInnerForeachOverAGroup()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    string r = "";
                    var words = new[] { "apple", "avocado", "banana", "blueberry", "cherry" }.Select((w, i) => new { Word = w, Index = i });
                    foreach (var g in words.GroupBy(w => w.Word[0]))
                    {
                        sink.Send(g.Count());
                        foreach (var w in g)
                        {
                            r += g.Key + ":" + w.Word.Length + "+" + ch.Receive() + " ";
                        }
                    }
                    return r.Trim();
                }
                """, "M()", init: Init, partners: Partners);
            Assert.EndsWith("result a:5+1 a:7+2 b:6+3 b:9+4 c:6+5", trace);
            Assert.Contains("got 2\ngot 2\ngot 1", trace);
        }

        [Fact]
        public void ArraysAndLists_OfAnonymousType_MutatedAcrossSuspension()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static int M()
                {
                    var array = new[] { new { A = 1, B = "x" }, new { A = 2, B = "y" } };
                    var list = array.ToList();
                    foreach (var e in array) sink.Send(e.A);
                    list.Add(new { A = ch.Receive() * 100, B = "z" });
                    array[0] = new { A = ch.Receive() * 1000, B = "w" };
                    int total = 0;
                    foreach (var e in list)            // List<'a>.Enumerator: a struct kept in the frame, advanced in place
                    {
                        Scheduler.Schedule();
                        total += e.A;
                    }
                    return total + array[0].A + list.Count;
                }
                """, "M()", init: Init, partners: Partners);
            Assert.EndsWith("result 2106", trace); // 1 + 2 + 100 + 2000 + 3
        }

        [Fact]
        public void TupleHoldingAnAnonymousValue_IsMutatedInPlace()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var t = (Id: 1, Row: new { Name = "r", Hits = 0 });
                    Func<int> peek = () => t.Id;           // a closure over the struct: writes must still land in t itself
                    t.Id += ch.Receive();
                    Scheduler.Schedule();
                    t.Row = new { t.Row.Name, Hits = t.Row.Hits + ch.Receive() };
                    t.Id++;
                    sink.Send(t.Id);
                    var pair = (t, Extra: new[] { t.Row });
                    Scheduler.Schedule();
                    return t.Id + t.Row.Name + t.Row.Hits + pair.Extra.Length + pair.t.Row.Name + peek();
                }
                """, "M()", init: Init, partners: Partners);
            Assert.EndsWith("result 3r21r3", trace);
        }

        [Fact]
        public void LambdaReturningAnAnonymousValue()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    Func<int, int> sq = i => i * i;
                    var make = (int i) => new { I = i, Sq = sq(i) };
                    var first = make(ch.Receive());
                    Scheduler.Schedule();
                    var later = () => make(first.I + 10);
                    sink.Send(later().Sq);
                    return first.Sq + ";" + later().I + ";" + make(ch.Receive()).Sq;
                }
                """, "M()", init: Init, partners: Partners);
            Assert.EndsWith("result 1;11;4", trace);
            Assert.Contains("got 121", trace);
        }

        [Fact]
        public void NestedAnonymousTypes()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var o = new { Outer = ch.Receive(), Inner = new { Name = "in", Items = new[] { new { V = 1 }, new { V = 2 } } } };
                    sink.Send(o.Inner.Items.Length);
                    var copy = new { o.Inner, More = o.Inner.Items.Select(i => new { i.V, Twice = i.V * 2 }).ToList() };
                    foreach (var m in copy.More) sink.Send(m.Twice);
                    return o.Outer + o.Inner.Name + copy.More.Sum(m => m.Twice) + (copy.Inner == o.Inner);
                }
                """, "M()", init: Init, partners: Partners);
            Assert.EndsWith("result 1in6True", trace);
            Assert.Contains("got 2\ngot 2\ngot 4", trace);
        }

        [Fact]
        public void AnonymousTypeMentioningTheMethodsTypeParameter()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M<T>(T value, IEnumerable<T> more) where T : notnull
                {
                    var w = new { Value = value, N = ch.Receive() };
                    var all = more.Select((m, i) => new { Value = m, N = i }).Prepend(w).ToList();
                    Scheduler.Schedule();
                    string r = "";
                    foreach (var x in all) { sink.Send(x.N); r += x.Value + "/"; }
                    return r + w.Value;
                }
                """, "M(\"v\", new[] { \"p\", \"q\" })", init: Init, partners: Partners);
            Assert.EndsWith("result v/p/q/v", trace);
        }

        [Fact]
        public void AnonymousValuesInsideTryFinally_WithSuspensionInFinally()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var acc = new { Sum = 0, Seen = new List<int>() };
                    try
                    {
                        var step = new { At = ch.Receive() };
                        acc.Seen.Add(step.At);
                        Scheduler.Schedule();
                        acc = new { Sum = acc.Sum + step.At, acc.Seen };
                        if (step.At > 0) throw new InvalidOperationException("boom " + step.At);
                    }
                    catch (InvalidOperationException e)
                    {
                        var note = new { e.Message, Next = ch.Receive() };
                        acc.Seen.Add(note.Next);
                        L(note.Message);
                    }
                    finally
                    {
                        var last = new { V = ch.Receive() };
                        sink.Send(last.V);
                        acc.Seen.Add(last.V);
                    }
                    return acc.Sum + ":" + string.Join(",", acc.Seen);
                }
                """, "M()", init: Init, partners: Partners);
            Assert.EndsWith("result 1:1,2,3", trace);
            Assert.Contains("boom 1", trace);
            Assert.Contains("got 3", trace);
        }

        [Fact]
        public void PerIterationVariables_CapturedByLambdas_KeepTheirOwnValue()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static string M()
                {
                    var funcs = new List<Func<string>>();
                    foreach (var r in new[] { 1, 2, 3 }.Select(i => new { Name = "r" + i, Count = i }))
                    {
                        funcs.Add(() => r.Name + r.Count);
                        sink.Send(r.Count);
                        var local = new { Twice = r.Count * 2 };
                        funcs.Add(() => "t" + local.Twice);
                        string Show() => r.Name + "!";
                        L(Show());
                        Func<string> shown = Show;
                        funcs.Add(shown);
                    }
                    return string.Join(",", funcs.Select(f => f()));
                }
                """, "M()", init: Init, partners: Partners);
            Assert.EndsWith("result r11,t2,r1!,r22,t4,r2!,r33,t6,r3!", trace);
            Assert.Contains("r2!\n", trace);
        }

        [Fact]
        public void AnonymousValuesSpilledBeforeASuspendingOperand()
        {
            string trace = Differential.Same(Feeder + """
                static string Show<T>(T a, int b) => a + "|" + b;
                [Tasklet]
                static string M()
                {
                    int x = 5;
                    string s = Show(new { x, Y = x + 1 }, ch.Receive());
                    var made = new { First = ch.Receive(), Second = new { Z = ch.Receive() } };
                    var chosen = made.First > 0 ? new { Pick = ch.Receive() } : null;
                    return s + ";" + made + ";" + chosen?.Pick;
                }
                """, "M()", init: Init, partners: Partners);
            Assert.EndsWith("result { x = 5, Y = 6 }|1;{ First = 2, Second = { Z = 3 } };4", trace);
        }

        [Fact]
        public void ChannelOfAnonymousType_AndEnumeratorInAUsing()
        {
            string trace = Differential.Same(Feeder + """
                [Tasklet]
                static void Produce<T>(Channel<T> c, Func<int, T> make)
                {
                    for (int i = 1; i <= 3; i++) c.Send(make(i));
                    c.Close();
                }
                [Tasklet]
                static string M()
                {
                    var example = new { K = 0, S = "" };
                    var c = MakeChannel(example);
                    SpawnProduce(c, i => new { K = i, S = "s" + i });
                    string r = "";
                    foreach (var item in c) r += item.S + item.K;
                    using var e = new[] { new { K = 7 } }.AsEnumerable().GetEnumerator();
                    while (e.MoveNext()) { Scheduler.Schedule(); r += e.Current.K; }
                    return r;
                }
                static Channel<T> MakeChannel<T>(T example) => new Channel<T>();
                """, "M()", init: Init, partners: Partners);
            Assert.EndsWith("result s11s22s337", trace);
        }

        [Fact]
        public void Snapshot_LinqRowsInAForeach()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Linq;
                using Stackless;

                namespace Samples
                {
                    public record Item(string Name, int Count);

                    public partial class Report
                    {
                        [Tasklet]
                        public static void SendCounts(List<Item> items, Channel<int> ch, List<string> log)
                        {
                            var rows = items.Select(x => new { x.Name, x.Count });
                            foreach (var r in rows)
                            {
                                ch.Send(r.Count);
                                log.Add(r.Name);
                            }
                        }
                    }
                }
                """;
            GeneratorOutcome outcome = TestCompiler.CompileClean(source, "Report.cs");
            foreach (GeneratedSourceResult s in outcome.Sources.OrderBy(s => s.HintName))
                Snapshot.Verify(s.SourceText.ToString(), s.HintName);
        }

        [Fact]
        public void ExamplesAreNeverEvaluated_MoveNextCreatesNoAnonymousObject()
        {
            // The example in __Anon(ref f, false ? new { … } : default) only names the type: the compiler folds the
            // constant condition away, so an access costs a null check and a cast, never an allocation.
            GeneratorOutcome outcome = TestCompiler.CompileClean("""
                using System.Collections.Generic;
                using System.Linq;
                using Stackless;
                partial class C
                {
                    [Tasklet]
                    static int M(Channel<int> ch)
                    {
                        var a = new { X = 1, Inner = new { Y = "y" } };
                        var list = new List<int> { 1 }.Select(i => new { I = i }).ToList();
                        int total = 0;
                        foreach (var e in list) total += e.I + a.X + ch.Receive();
                        return total + a.Inner.Y.Length;
                    }
                }
                """);
            System.Reflection.Assembly asm = TestCompiler.Load(outcome.Output);
            System.Type frame = asm.GetType("C+__M_Frame")!;
            System.Reflection.MethodInfo moveNext = frame.GetMethod("MoveNext", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;
            byte[] il = moveNext.GetMethodBody()!.GetILAsByteArray()!;
            int anonymousCreations = 0, creations = 0;
            for (int i = 0; i + 4 < il.Length; i++)
            {
                if (il[i] != 0x73) continue; // newobj <token>
                int token = System.BitConverter.ToInt32(il, i + 1);
                try
                {
                    if (frame.Module.ResolveMethod(token) is System.Reflection.ConstructorInfo ctor)
                    {
                        creations++;
                        if (ctor.DeclaringType!.Name.Contains("AnonymousType")) anonymousCreations++;
                    }
                }
                catch (System.ArgumentException) { } // not an opcode boundary
            }
            Assert.True(creations > 0, "the scan found the frame's own allocations (the List<int>)");
            Assert.Equal(2, anonymousCreations); // the user's two `new { … }`, not the examples of the accesses
        }
    }
}
