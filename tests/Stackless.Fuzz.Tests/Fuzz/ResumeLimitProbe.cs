using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// How many resume points a generated MoveNext may have before the C# compiler (the Roslyn this project references)
    /// can no longer compile it. A compiler that overflows its stack kills its process, so each size is tried in a child:
    /// <list type="bullet">
    /// <item><c>--resume-probe N --shape seq|mix --stack KB [--concurrent 1] [--dump DIR] [--split S] [--generate-only 1]</c> (child): generates a [Tasklet]
    /// method of about N resume points, then binds and emits it on a thread of KB kilobytes; prints each phase before it
    /// starts, so the parent knows which phase a crash was in. <c>--split S</c> rewrites the frame's top dispatch as two
    /// levels of blocks of S states before compiling (the experiment that showed the one big switch to be the cost). Exit 0 = compiled, 1 = compile errors, anything else = crash.</item>
    /// <item><c>--resume-limit seq|mix --stack KB --lo A --hi B</c>: bisects A..B with children for the largest N that compiles.</item>
    /// </list>
    /// Shapes: <c>seq</c> is N sequential <c>ch.Receive();</c>; <c>mix</c> is a loop-free mix of try/finally, try/catch
    /// (suspending in the try, the catch and the finally), nested tries and ifs.
    /// </summary>
    public static class ResumeLimitProbe
    {
        public static int Probe(Dictionary<string, string> opts)
        {
            int n = int.Parse(opts["resume-probe"]);
            string shape = opts.TryGetValue("shape", out string? s) ? s : "seq";
            int stackKb = opts.TryGetValue("stack", out string? k) ? int.Parse(k) : 1024;
            bool concurrent = opts.TryGetValue("concurrent", out string? c) && c == "1";
            opts.TryGetValue("dump", out string? dump);

            string program = Program(shape, n);
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            var refs = new List<MetadataReference>(Basic.Reference.Assemblies.Net100.References.All)
            {
                MetadataReference.CreateFromFile(typeof(Channel<>).Assembly.Location),
            };
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                concurrentBuild: concurrent);
            CSharpCompilation input = CSharpCompilation.Create("ResumeLimit", new[] { CSharpSyntaxTree.ParseText(program, parse, "Program.cs") },
                refs, options);

            // The generator runs on a thread with a big stack: what is measured here is the compiler, not the generator.
            Compilation? output = null;
            ImmutableArray<Diagnostic> genDiagnostics = default;
            string frame = "";
            var sw = Stopwatch.StartNew();
            RunOn(256 * 1024, () =>
            {
                Assembly asm = Assembly.Load("Stackless.Generator");
                Type t = asm.GetTypes().First(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t));
                var gen = (IIncrementalGenerator)Activator.CreateInstance(t)!;
                GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { gen.AsSourceGenerator() }, parseOptions: parse);
                driver.RunGeneratorsAndUpdateCompilation(input, out output, out genDiagnostics);
                frame = string.Join("\n", output!.SyntaxTrees.Skip(1).Select(tree => tree.ToString()));
                if (dump != null)
                {
                    Directory.CreateDirectory(dump);
                    File.WriteAllText(Path.Combine(dump, "Program.cs"), program);
                    int i = 0;
                    foreach (SyntaxTree tree in output.SyntaxTrees.Skip(1)) File.WriteAllText(Path.Combine(dump, $"Generated{i++}.cs"), tree.ToString());
                }
            });
            if (opts.TryGetValue("split", out string? splitText))
            {
                // Experiment: the frame's top dispatch switch rewritten as two levels (State >> log2(split), then State).
                int split = int.Parse(splitText);
                foreach (SyntaxTree tree in output!.SyntaxTrees.Skip(1).ToList())
                {
                    string text = tree.ToString();
                    string two = SplitDispatch(text, split);
                    if (two != text) output = output.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(two, parse, tree.FilePath));
                }
                frame = string.Join("\n", output!.SyntaxTrees.Skip(1).Select(tree => tree.ToString()));
            }
            int states = Regex.Matches(frame, @"State = (\d+);").Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(0).Max();
            Line($"shape {shape} N {n}: resume states 1..{states}, generated {frame.Length / 1024} KB, {frame.Count(ch => ch == '\n')} lines, " +
                 $"generator {sw.ElapsedMilliseconds} ms, diagnostics [{string.Join(" ", genDiagnostics.Select(d => d.Id))}]");
            if (genDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) return 1;
            if (opts.ContainsKey("generate-only")) return 0;

            int exit = 0;
            RunOn(stackKb, () =>
            {
                sw.Restart();
                Line($"phase diagnostics (bind + flow analysis) on a {stackKb} KB thread");
                Diagnostic[] errors = output!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
                Line($"diagnostics {sw.ElapsedMilliseconds} ms, peak {PeakMb()} MB: {errors.Length} errors {string.Join(" ", errors.Take(3).Select(d => d.Id + " " + d.GetMessage()))}");
                if (errors.Length > 0) { exit = 1; return; }
                sw.Restart();
                Line("phase emit (lowering + IL)");
                var pe = new MemoryStream();
                var result = output.Emit(pe);
                Line($"emit {sw.ElapsedMilliseconds} ms, peak {PeakMb()} MB: {(result.Success ? "ok" : "failed")}, {pe.Length / 1024} KB " +
                     string.Join(" ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3).Select(d => d.Id + " " + d.GetMessage())));
                if (!result.Success) exit = 1;
            });
            return exit;
        }

        /// <summary>The first <c>switch (State)</c> of the text, of cases <c>case k: goto L;</c>, as a switch on blocks of <paramref name="split"/> states.</summary>
        private static string SplitDispatch(string text, int split)
        {
            Match m = Regex.Match(text, @"switch \(State\)\s*\{(?<cases>(\s*case \d+: goto \w+;)+)\s*\}");
            if (!m.Success) return text;
            var cases = Regex.Matches(m.Groups["cases"].Value, @"case (\d+): goto (\w+);").Select(c => (State: int.Parse(c.Groups[1].Value), Label: c.Groups[2].Value)).ToList();
            int shift = (int)Math.Log2(split);
            var sb = new StringBuilder($"switch (State >> {shift})\n{{\n");
            foreach (var block in cases.GroupBy(c => c.State >> shift))
            {
                sb.Append($"case {block.Key}:\nswitch (State)\n{{\n");
                foreach (var (state, label) in block) sb.Append($"case {state}: goto {label};\n");
                sb.Append("}\nbreak;\n");
            }
            sb.Append("}\n");
            return text.Substring(0, m.Index) + sb + text.Substring(m.Index + m.Length);
        }

        /// <summary>Bisects lo..hi for the largest N that compiles (lo assumed to compile, hi assumed not to).</summary>
        public static int Bisect(Dictionary<string, string> opts)
        {
            string shape = opts["resume-limit"];
            string stack = opts.TryGetValue("stack", out string? k) ? k : "1024";
            int lo = int.Parse(opts["lo"]), hi = int.Parse(opts["hi"]);
            string concurrent = opts.TryGetValue("concurrent", out string? c) ? c : "0";
            while (hi - lo > Math.Max(1, lo / 200))
            {
                int mid = lo + (hi - lo) / 2;
                bool ok = RunChild(mid, shape, stack, concurrent);
                if (ok) lo = mid; else hi = mid;
            }
            Line($"RESULT shape {shape} stack {stack} KB concurrent {concurrent}: compiles at {lo}, fails at {hi}");
            return 0;
        }

        private static bool RunChild(int n, string shape, string stack, string concurrent)
        {
            var psi = new ProcessStartInfo(Environment.ProcessPath!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string a in new[] { typeof(ResumeLimitProbe).Assembly.Location, "--resume-probe", n.ToString(), "--shape", shape, "--stack", stack, "--concurrent", concurrent })
                psi.ArgumentList.Add(a);
            using Process p = Process.Start(psi)!;
            var err = new StringBuilder();
            p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (err) err.AppendLine(e.Data); };
            p.BeginErrorReadLine();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Line($"-- N {n}: exit {p.ExitCode}");
            foreach (string l in stdout.Split('\n').Where(l => l.Length > 0)) Line("   " + l);
            if (p.ExitCode != 0 && p.ExitCode != 1) Line("   crash: " + Summarize(err.ToString()));
            return p.ExitCode == 0;
        }

        /// <summary>The runtime's stack-overflow report, folded: distinct frames with how often each repeats.</summary>
        private static string Summarize(string stderr)
        {
            var frames = stderr.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("at ", StringComparison.Ordinal)).ToList();
            var head = stderr.Split('\n').Take(3).Select(l => l.Trim());
            var counts = frames.GroupBy(f => f).OrderByDescending(g => g.Count()).Take(12).Select(g => $"{g.Count()}x {g.Key}");
            return string.Join(" | ", head) + "\n      " + string.Join("\n      ", counts);
        }

        private static void RunOn(int stackKb, Action action)
        {
            Exception? failure = null;
            var t = new Thread(() => { try { action(); } catch (Exception e) { failure = e; } }, stackKb * 1024);
            t.Start();
            t.Join();
            if (failure != null) throw new InvalidOperationException("probe thread failed", failure);
        }

        private static long PeakMb()
        {
            using Process self = Process.GetCurrentProcess();
            return self.PeakWorkingSet64 >> 20;
        }

        private static void Line(string s)
        {
            Console.WriteLine(s);
            Console.Out.Flush();
        }

        /// <summary>A [Tasklet] F of about <paramref name="points"/> suspension points of the given shape.</summary>
        public static string Program(string shape, int points)
        {
            var body = new StringBuilder();
            if (shape.StartsWith("plain", StringComparison.Ordinal))
            {
                // Plain C#, no [Tasklet]: which construct of a generated MoveNext costs the compiler (switch, labels, gotos).
                var sb = new StringBuilder("public static class P\n{\n    public static int F(int x)\n    {\n        int s = 0;\n");
                if (shape == "plainswitchgoto" || shape == "plainswitch")
                {
                    sb.Append("        switch (x)\n        {\n");
                    for (int i = 1; i <= points; i++)
                        sb.Append(shape == "plainswitchgoto" ? $"            case {i}: goto L{i};\n" : $"            case {i}: s += {i}; break;\n");
                    sb.Append("        }\n");
                }
                else if (shape == "plainswitch2")
                {
                    // Two levels: on x >> 7, then on x within each block of 128.
                    sb.Append("        switch (x >> 7)\n        {\n");
                    for (int hi = 0; hi <= points >> 7; hi++)
                    {
                        sb.Append($"            case {hi}:\n                switch (x)\n                {{\n");
                        for (int i = Math.Max(1, hi << 7); i <= Math.Min(points, (hi << 7) + 127); i++) sb.Append($"                    case {i}: goto L{i};\n");
                        sb.Append("                }\n                break;\n");
                    }
                    sb.Append("        }\n");
                }
                else if (shape == "plainifgoto")
                {
                    for (int i = 1; i <= points; i++) sb.Append($"        if (x == {i}) goto L{i};\n");
                }
                if (shape != "plainswitch")
                    for (int i = 1; i <= points; i++) sb.Append($"        L{i}: s++;\n");
                return sb + "        return s;\n    }\n}\n";
            }
            if (shape == "seq")
            {
                for (int i = 0; i < points; i++) body.Append("        ch.Receive();\n");
            }
            else
            {
                string[] units =
                {
                    "        try { s += ch.Receive(); } finally { s++; }\n",
                    "        try { s ^= 3; ch.Receive(); } catch (InvalidOperationException) { s--; }\n",
                    "        if ((s & 1) == 0) ch.Receive(); else s += 2;\n",
                    "        try { s++; } finally { ch.Receive(); }\n",
                    "        try { try { ch.Receive(); } finally { s += ch.Receive(); } } catch (Exception) { s = 0; }\n",
                    "        try { if (s > 5) throw new InvalidOperationException(); } catch (InvalidOperationException) { s -= ch.Receive(); }\n",
                };
                int[] cost = { 1, 1, 1, 1, 2, 1 };
                for (int i = 0, made = 0; made < points; i++)
                {
                    body.Append(units[i % units.Length]);
                    made += cost[i % units.Length];
                }
            }
            return "using System;\nusing Stackless;\npublic static partial class P\n{\n    [Tasklet] public static int F(Channel<int> ch)\n    {\n"
                + "        int s = 0;\n" + body + "        return s;\n    }\n}\n";
        }
    }
}
