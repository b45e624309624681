using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>The timed TryReceive/TrySend (declared suspension points with an out argument) in [Tasklet] code, under virtual time.</summary>
    public class TimedChannelTests
    {
        // Sends 1, 2, 3 a second apart, pauses 5 s, then sends 4…7 at once.
        private const string Program = """
                static Channel<int> ch = new();
                static TimeSpan t0;
                static int field;
                static int[] arr = new int[3];
                static TimeSpan S(double s) => TimeSpan.FromSeconds(s);
                static string At() => "at " + (Scheduler.Now - t0).TotalSeconds;
                [Tasklet]
                static void Feed()
                {
                    for (int i = 1; i <= 3; i++) { Scheduler.Sleep(S(1)); ch.Send(i); }
                    Scheduler.Sleep(S(5));
                    for (int i = 4; i <= 7; i++) ch.Send(i);
                }

            """;

        private const string Init = "ch = new(); field = 0; arr = new int[3]; Scheduler.VirtualTime = true; t0 = Scheduler.Now;";

        [Fact]
        public void TimedTryReceive_InWhileIfAndOperands_WithOutIntoALocalAFieldAnArrayElementAndADiscard()
        {
            string trace = Differential.Same(Program + """
                [Tasklet]
                static int M(bool yes)
                {
                    int sum = 0;
                    while (ch.TryReceive(out var v, S(2))) { L("got " + v + " " + At()); sum += v; }
                    L("timed out " + At());
                    if (yes && ch.TryReceive(out var w, S(10))) { L("and " + w + " " + At()); sum += w; }
                    if (ch.TryReceive(out field, S(10))) L("field " + field);
                    if (ch.TryReceive(out arr[1], S(10))) L("arr " + arr[1]);
                    L(ch.TryReceive(out _, S(10)) ? "discarded one" : "?");
                    L("send " + ch.TrySend(99, S(1)) + " " + At());
                    return sum + field + arr[1];
                }
                """, "M(true)", init: Init, partners: "SpawnFeed();");
            Assert.Equal("""
                got 1 at 1
                got 2 at 2
                got 3 at 3
                timed out at 5
                and 4 at 8
                field 5
                arr 6
                discarded one
                send False at 9
                result 21
                """.ReplaceLineEndings("\n"), trace);
        }

        [Fact]
        public void OutIntoABadArrayElement_ThrowsBeforeTheOperation_AndNoValueIsLost()
        {
            // As in a direct call, the element is located (null, bounds and array-type checks) before the receive starts:
            // the exceptions come at once, and the values 1 and 2 are still there to be received afterwards.
            string trace = Differential.Same(Program + """
                [Tasklet]
                static int M()
                {
                    int[] none = null!;
                    try { ch.TryReceive(out none[0], S(10)); L("no exception"); }
                    catch (NullReferenceException) { L("null array " + At()); }
                    try { ch.TryReceive(out arr[3], S(10)); L("no exception"); }
                    catch (IndexOutOfRangeException) { L("bad index " + At()); }
                    object[] strings = new string[1];
                    var objects = new Channel<object>();
                    try { objects.TryReceive(out strings[0], S(10)); L("no exception"); }
                    catch (ArrayTypeMismatchException) { L("covariant array " + At()); }
                    ch.TryReceive(out arr[0], S(10));
                    ch.TryReceive(out arr[1], S(10));
                    L("then " + arr[0] + ", " + arr[1] + " " + At());
                    return arr[0] + arr[1];
                }
                """, "M()", init: Init, partners: "SpawnFeed();");
            Assert.Equal("""
                null array at 0
                bad index at 0
                covariant array at 0
                then 1, 2 at 2
                result 3
                """.ReplaceLineEndings("\n"), trace);
        }

        [Fact]
        public void SelectWithATimeout_AsATicker()
        {
            string trace = Differential.Same(Program + """
                [Tasklet]
                static string M()
                {
                    var select = new Select();
                    int got = select.Receive(ch);
                    int tick = select.Timeout(S(1.5));
                    var seen = new List<string>();
                    for (int ticks = 0; ticks < 4; )
                    {
                        if (select.Wait() == tick) { ticks++; seen.Add("tick " + At()); }
                        else seen.Add(select.Value(ch).ToString());
                    }
                    return string.Join(", ", seen);
                }
                """, "M()", init: Init, partners: "SpawnFeed();");
            // 1 at 1, 2 at 2, 3 at 3; then ticks at 4.5, 6 and 7.5; 4…7 at 8 (each wait restarts the timeout); a tick at 9.5.
            Assert.EndsWith("result 1, 2, 3, tick at 4.5, tick at 6, tick at 7.5, 4, 5, 6, 7, tick at 9.5", trace);
        }
    }
}
