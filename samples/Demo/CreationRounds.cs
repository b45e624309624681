using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Stackless.Samples.Demo
{
    /// <summary>
    /// The first rows: creating many parked tasklets (or Tasks), cold and warm. Cold is the first round in a fresh
    /// process (nothing allocated, nothing compiled yet); warm is the second round in that same process. Each side runs
    /// in processes of its own, never beside the other, and the sides take turns: repetition 1 starts with Stackless,
    /// repetition 2 with C#, and so on, so neither always runs on the quieter or the busier moment.
    /// </summary>
    public static class CreationRounds
    {
        /// <summary>The option that makes this process one side's child: <c>--creation-child stackless|task N</c>.</summary>
        public const string ChildOption = "--creation-child";

        /// <summary>One side's figures: the cold round, the warm round, live bytes per parked tasklet (warm round).</summary>
        public readonly record struct Rounds(double ColdMs, double WarmMs, double BytesEach);

        /// <summary>Medians over the repetitions, for both sides; <c>FreshProcesses</c> false when this process could not start children.</summary>
        public readonly record struct Result(Rounds Stackless, Rounds Task, bool FreshProcesses);

        /// <summary>In a child: both rounds of one side, printed on one line for the parent.</summary>
        public static int RunChild(string side, int count, TextWriter output)
        {
            Rounds r = side == "task" ? Measure(TaskSide.SpawnParked, count) : Measure(StacklessSide.SpawnParked, count);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ChildOption} {r.ColdMs:R} {r.WarmMs:R} {r.BytesEach:R}"));
            return 0;
        }

        public static Result Run(int count, int repetitions, bool inProcess)
        {
            ProcessStartInfo? start = inProcess ? null : ChildStart();
            var ours = new List<Rounds>();
            var theirs = new List<Rounds>();
            for (int rep = 0; rep < repetitions; rep++)
            {
                bool stacklessFirst = rep % 2 == 0;
                for (int k = 0; k < 2; k++)
                {
                    bool stackless = stacklessFirst == (k == 0);
                    Rounds r = start != null
                        ? InChild(start, stackless ? "stackless" : "task", count)
                        : stackless ? Measure(StacklessSide.SpawnParked, count) : Measure(TaskSide.SpawnParked, count);
                    (stackless ? ours : theirs).Add(r);
                }
            }
            return new Result(Median(ours), Median(theirs), start != null);
        }

        private static Rounds Measure(Func<int, (TimeSpan Elapsed, double BytesEach)> spawnParked, int count)
        {
            var cold = spawnParked(count);
            var warm = spawnParked(count);
            return new Rounds(cold.Elapsed.TotalMilliseconds, warm.Elapsed.TotalMilliseconds, warm.BytesEach);
        }

        /// <summary>How to start this program again: its apphost, or <c>dotnet Demo.dll</c>; null when the demo is not the program (a test runner).</summary>
        private static ProcessStartInfo? ChildStart()
        {
            string? self = Environment.ProcessPath;
            string dll = typeof(CreationRounds).Assembly.Location;
            if (self == null || dll.Length == 0 || System.Reflection.Assembly.GetEntryAssembly() != typeof(CreationRounds).Assembly)
                return null; // not the demo program itself (a test runner calling Program.Run)
            string selfName = Path.GetFileNameWithoutExtension(self);
            if (selfName == Path.GetFileNameWithoutExtension(dll))
                return new ProcessStartInfo(self);
            if (selfName == "dotnet")
            {
                var start = new ProcessStartInfo(self);
                start.ArgumentList.Add(dll);
                return start;
            }
            return null;
        }

        private static Rounds InChild(ProcessStartInfo template, string side, int count)
        {
            var start = new ProcessStartInfo(template.FileName) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in template.ArgumentList)
                start.ArgumentList.Add(a);
            start.ArgumentList.Add(ChildOption);
            start.ArgumentList.Add(side);
            start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
            using Process child = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
            string all = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            foreach (string line in all.Split('\n'))
            {
                string[] parts = line.Trim().Split(' ');
                if (parts.Length == 4 && parts[0] == ChildOption)
                    return new Rounds(Parse(parts[1]), Parse(parts[2]), Parse(parts[3]));
            }
            throw new InvalidOperationException($"the {side} child (exit code {child.ExitCode}) printed no result:\n{all}");
        }

        private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

        private static Rounds Median(List<Rounds> all) =>
            new(Median(all.ConvertAll(r => r.ColdMs)), Median(all.ConvertAll(r => r.WarmMs)), Median(all.ConvertAll(r => r.BytesEach)));

        private static double Median(List<double> values)
        {
            values.Sort();
            int mid = values.Count / 2;
            return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        }
    }
}
