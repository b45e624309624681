using System.Text;

namespace Stackless.Fuzz.Tests.Fuzz
{
    /// <summary>
    /// Session 8, frames of more than 256 resume points (issue 16: the two-level dispatch writes a dispatch of more than 256
    /// cases as blocks of 128): a run of 200–600 suspending statements in Body — receives, schedules, sends and [Tasklet]
    /// calls, each a resume point — bare, in a try whose catch or finally suspends too, or in a loop of two iterations, so
    /// the points fall in several dispatch blocks and in a try region's own dispatch. Rare (about one program in thirty):
    /// each costs a few hundred switches at run time and a big MoveNext to compile.
    /// </summary>
    public sealed partial class ProgramGenerator
    {
        private Stmt ManyResumePoints()
        {
            int id = Uid();
            string v = "ms" + id;
            int count = 200 + N(400);
            var body = new StringBuilder();
            for (int i = 0; i < count; i++)
            {
                string line = N(10) switch
                {
                    < 5 => $"{v} += cin.Receive();",
                    < 7 => "Scheduler.Schedule();",
                    < 9 => $"cout.Send({v} & {1 + N(15)});",
                    _ => $"{v} ^= Help{N(2)}(cin, cout, 0, {v} & 3);",
                };
                body.Append("    ").Append(line).Append('\n');
            }
            string run = body.ToString();
            string text = N(4) switch
            {
                0 => $"try\n{{\n{run}}}\ncatch (TestException {v}x)\n{{\n    Log(\"{v}x \" + {v}x.Message);\n    {v} += cin.Receive();\n}}",
                1 => $"try\n{{\n{run}}}\nfinally\n{{\n    Log(\"{v}f\");\n    Scheduler.Schedule();\n}}",
                2 => $"for (int {v}i = 0; {v}i < 2; {v}i++)\n{{\n{run}    Log(\"{v}i \" + {v}i + \" \" + {v});\n}}",
                _ => $"{{\n{run}}}",
            };
            return new Stmt("manystates", $"int {v} = 0;\n{text}\nLog(\"{v} \" + {v});");
        }
    }
}
