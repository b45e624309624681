using System;
using System.Linq;
using System.Reflection;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>The table each frame emits for Tasklet.Frames: the method's display name, its file, and the user's line of each resume state.</summary>
    public class FrameLocationTests
    {
        // Line numbers matter below: "using System;" is line 1.
        private const string Source = """
            using System;
            using Stackless;

            public static partial class Where
            {
                [Tasklet]
                static int Outer(Channel<int> ch)
                {
                    int total = 0;
                    for (int i = 0; i < 2; i++)
                        total += Inner(ch);
                    return total;
                }

                [Tasklet]
                static int Inner(Channel<int> ch)
                {
                    try
                    {
                        Scheduler.Schedule();
                        return ch.Receive();
                    }
                    finally { Console.Write(""); }
                }

                public static string Run()
                {
                    var ch = new Channel<int>();
                    Tasklet<int> t = SpawnOuter(ch);
                    string notStarted = string.Join(" | ", t.Frames);
                    Scheduler.Schedule();
                    string atSchedule = string.Join(" | ", t.Frames);
                    Scheduler.Run();
                    string atReceive = string.Join(" | ", t.Frames);
                    ch.Send(1);
                    Scheduler.Run();
                    string second = string.Join(" | ", t.Frames);
                    ch.Send(2);
                    return string.Join("\n", notStarted, atSchedule, atReceive, second, t.Result, t.Frames.Count);
                }
            }
            """;

        [Fact]
        public void Frames_NameEachMethod_AndTheUsersLineWhereItIsSuspendedOrCalling()
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean(Source, "/src/Where.cs");
            Assembly asm = TestCompiler.Load(outcome.Output);
            string[] run = ((string)asm.GetType("Where")!.GetMethod("Run")!.Invoke(null, null)!).Split('\n');
            Assert.Equal(new[]
            {
                "Where.Outer(Channel<int>) (/src/Where.cs:6)", // not started: the declaration's first line (its attribute)
                "Where.Inner(Channel<int>) (/src/Where.cs:20) | Where.Outer(Channel<int>) (/src/Where.cs:11)",
                "Where.Inner(Channel<int>) (/src/Where.cs:21) | Where.Outer(Channel<int>) (/src/Where.cs:11)",
                "Where.Inner(Channel<int>) (/src/Where.cs:21) | Where.Outer(Channel<int>) (/src/Where.cs:11)", // the second call, same lines
                "3",
                "0",
            }, run);
        }

        [Fact]
        public void TheTable_IsOneAttributeOnTheFrameClass_NoMember_ByResumeState()
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean(Source, "/src/Where.cs");
            string frame = outcome.Sources.Single(s => s.SourceText.ToString().Contains("class __Inner_Frame")).SourceText.ToString();
            // Metadata on the class (no override, no field: nothing a name of the user's method can meet, no method to compile).
            Assert.DoesNotContain("FrameLocations =>", frame);
            // State 0: line 15 ([Tasklet]); resume point 1: the Schedule on line 20; 2: the Receive on line 21. Inner calls
            // no tasklet, so it has no entry check.
            Assert.Matches("\\[global::Stackless.CompilerServices.FrameLocations\\(\"Where.Inner\\(Channel<int>\\)\", \"/src/Where.cs\", \"15 20 21\"\\)]\n"
                + "(.*\n)?[^\n]*class __Inner_Frame ", frame);
            Assert.Contains("// resume point 1 \u2014 Where.cs(20)", frame);
            Assert.Contains("// resume point 2 \u2014 Where.cs(21)", frame);
            // Outer calls Inner (line 11, state 1) in a for loop (its back-edge check, state 2, at the for's line 10); its
            // entry check (state 3) sits at the method's own line, like state 0.
            string outer = outcome.Sources.Single(s => s.SourceText.ToString().Contains("class __Outer_Frame")).SourceText.ToString();
            Assert.Contains("\"/src/Where.cs\", \"6 11 10 6\")]", outer);
        }

        [Fact]
        public void AWindowsPath_AGenericFrame_AndAnExpressionBody_Compile_AndReportTheirPlaces()
        {
            const string source = """
                using System;
                using Stackless;

                public partial class Box<T>
                {
                    [Tasklet]
                    public static U Take<U>(Channel<U> ch) => ch.Receive();

                    public static string Run()
                    {
                        var ch = new Channel<string>();
                        Tasklet<string> t = SpawnTake(ch);
                        Scheduler.Run();
                        string where = string.Join(" | ", t.Frames);
                        ch.Send("x");
                        return where;
                    }
                }
                """;
            string path = "C:\\src\\My odd file.cs"; // backslashes escaped in the table's string (a quote in a path breaks #line: not ours to test)
            GeneratorOutcome outcome = TestCompiler.CompileClean(source, path);
            Assembly asm = TestCompiler.Load(outcome.Output);
            Type box = asm.GetType("Box`1")!.MakeGenericType(typeof(int));
            string where = (string)box.GetMethod("Run")!.Invoke(null, null)!;
            Assert.Equal("Box<T>.Take<U>(Channel<U>) (" + path + ":7)", where);
        }

        [Fact]
        public void WithoutAPath_TheFileIsNull()
        {
            const string source = """
                using Stackless;

                public static partial class NoPath
                {
                    [Tasklet]
                    static void Park(Channel<int> ch) => ch.Receive();

                    public static string Run()
                    {
                        var ch = new Channel<int>();
                        Tasklet t = SpawnPark(ch);
                        Scheduler.Run();
                        var f = t.Frames[0];
                        ch.Send(1);
                        return f.Method + "|" + (f.File ?? "null") + "|" + f.Line;
                    }
                }
                """;
            GeneratorOutcome outcome = TestCompiler.CompileClean(source, "");
            Assembly asm = TestCompiler.Load(outcome.Output);
            Assert.Equal("NoPath.Park(Channel<int>)|null|6", (string)asm.GetType("NoPath")!.GetMethod("Run")!.Invoke(null, null)!);
        }
    }
}
