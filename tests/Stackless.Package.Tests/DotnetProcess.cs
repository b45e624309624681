using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace Stackless.Package.Tests
{
    /// <summary>Runs the dotnet CLI as a child process, with a timeout, capturing everything it prints.</summary>
    internal static class DotnetProcess
    {
        /// <summary>The dotnet host running these tests (so a child uses the same SDK), else the one on PATH.</summary>
        public static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

        public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
        {
            var start = new ProcessStartInfo(Host)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);

            // The test host inherits MSBuild's variables from `dotnet test`; a child build must start clean.
            foreach (string name in new List<string>(start.Environment.Keys))
                if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                    start.Environment.Remove(name);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            if (environment != null)
                foreach (KeyValuePair<string, string?> pair in environment)
                    start.Environment[pair.Key] = pair.Value;

            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                lock (output)
                    throw new TimeoutException($"dotnet {string.Join(" ", arguments)} took longer than {timeout.TotalSeconds:N0} s:\n{output}");
            }
            process.WaitForExit();                    // flushes the redirected streams
            lock (output)
                return (process.ExitCode, output.ToString());
        }
    }
}
