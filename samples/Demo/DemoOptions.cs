using System;
using System.Globalization;

namespace Stackless.Samples.Demo
{
    /// <summary>Sizes of the demo's measurements, from the command line.</summary>
    public sealed class DemoOptions
    {
        public int Tasklets { get; set; } = 1_000_000;
        public int Switches { get; set; } = 10_000_000;
        public int Messages { get; set; } = 2_000_000;
        public int Depth { get; set; } = 1_000_000;
        public int Repetitions { get; set; } = 3;

        /// <summary>Measure creation in this process instead of in a fresh process per side and repetition.</summary>
        public bool InProcess { get; set; }

        /// <summary>Stack of the thread the async recursion runs on (1 MiB, the .NET default on Windows).</summary>
        public int AsyncStackBytes { get; set; } = 1 << 20;

        public const string Usage =
            "usage: Demo [--quick] [--tasklets N] [--switches N] [--messages N] [--depth N] [--repeat R] [--in-process]\n" +
            "  --quick       a tenth of the default sizes, one repetition\n" +
            "  --tasklets N  tasklets (and Tasks) parked on a receive at once   (default 1,000,000)\n" +
            "  --switches N  switches (Scheduler.Schedule / Task.Yield) timed     (default 10,000,000)\n" +
            "  --messages N  channel messages timed, as N/2 ping-pong round trips (default 2,000,000)\n" +
            "  --depth N     recursion depth asked for                            (default 1,000,000)\n" +
            "  --repeat R    repetitions; the median is shown                     (default 3)\n" +
            "  --in-process  create the tasklets in this process, not in a fresh one per side (cold = first round)";

        /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with the usage on a bad one.</summary>
        public static DemoOptions Parse(string[] args)
        {
            var options = new DemoOptions();
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--quick":
                        options.Tasklets = 100_000;
                        options.Switches = 1_000_000;
                        options.Messages = 200_000;
                        options.Depth = 100_000;
                        options.Repetitions = 1;
                        break;
                    case "--tasklets": options.Tasklets = Positive(args, ref i); break;
                    case "--switches": options.Switches = Positive(args, ref i); break;
                    case "--messages": options.Messages = Positive(args, ref i); break;
                    case "--depth": options.Depth = Positive(args, ref i); break;
                    case "--repeat": options.Repetitions = Positive(args, ref i); break;
                    case "--in-process": options.InProcess = true; break;
                    default: throw new ArgumentException($"unknown option '{args[i]}'\n{Usage}");
                }
            }
            return options;
        }

        private static int Positive(string[] args, ref int i)
        {
            string name = args[i];
            if (++i >= args.Length
                || !int.TryParse(args[i].Replace("_", "").Replace(",", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
                || value < 1)
                throw new ArgumentException($"{name} needs a positive whole number\n{Usage}");
            return value;
        }
    }
}
