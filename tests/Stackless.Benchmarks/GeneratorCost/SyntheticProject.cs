using System.Collections.Generic;
using System.Text;

namespace Stackless.Benchmarks.GeneratorCost
{
    /// <summary>
    /// A synthetic project with N [Tasklet] methods: files of partial classes, each method one of a few
    /// realistic shapes (a loop of sends, a foreach receive with a branch, a nested tasklet call, a try/finally
    /// around a receive), plus one file with no tasklet at all for the "unrelated edit".
    /// </summary>
    internal static class SyntheticProject
    {
        public const int MethodsPerClass = 20;

        public static List<(string path, string text)> Files(int methods)
        {
            var files = new List<(string, string)>();
            int classes = (methods + MethodsPerClass - 1) / MethodsPerClass;
            int m = 0;
            for (int c = 0; c < classes; c++)
            {
                var sb = new StringBuilder();
                sb.AppendLine("using System;");
                sb.AppendLine("using Stackless;");
                sb.AppendLine("namespace Synthetic");
                sb.AppendLine("{");
                sb.AppendLine($"    public static partial class Actors{c}");
                sb.AppendLine("    {");
                for (int k = 0; k < MethodsPerClass && m < methods; k++, m++)
                    sb.Append(Method(m));
                sb.AppendLine($"        public static int Helper{c}(int x) => x * 2 + {c};");
                sb.AppendLine("    }");
                sb.AppendLine("}");
                files.Add(($"Actors{c}.cs", sb.ToString()));
            }
            files.Add(("Unrelated.cs", Unrelated(0)));
            return files;
        }

        /// <summary>A file with no tasklet: the target of the unrelated edit.</summary>
        public static string Unrelated(int version) =>
            "namespace Synthetic\n{\n    public static class Unrelated\n    {\n" +
            $"        public static int Value() => {version};\n" +
            "    }\n}\n";

        private static string Method(int m) => (m % 4) switch
        {
            0 => $@"
        [Tasklet]
        public static void Produce{m}(Channel<int> output, int count)
        {{
            for (int i = 0; i < count; i++)
                output.Send(i * {m});
            output.Close();
        }}
",
            1 => $@"
        [Tasklet]
        public static int Sum{m}(Channel<int> input)
        {{
            int total = 0;
            foreach (int x in input)
            {{
                if (x % 2 == 0) total += x;
                else total -= x;
            }}
            return total;
        }}
",
            2 => $@"
        [Tasklet]
        public static long Depth{m}(int n) => n == 0 ? {m} : Depth{m}(n - 1) + 1;
",
            _ => $@"
        [Tasklet]
        public static string Relay{m}(Channel<string> input, Channel<string> output)
        {{
            string last = """";
            try
            {{
                while (true)
                {{
                    string s = input.Receive();
                    if (s.Length == 0) break;
                    output.Send(s + {m});
                    last = s;
                    Scheduler.Schedule();
                }}
            }}
            finally
            {{
                output.Close();
            }}
            return last;
        }}
",
        };
    }
}
