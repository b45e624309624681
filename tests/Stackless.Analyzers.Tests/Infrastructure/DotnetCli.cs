using System;
using System.Collections;
using System.Diagnostics;
using System.Text;

namespace Stackless.Analyzers.Tests.Infrastructure
{
    /// <summary>Runs the dotnet CLI as a child process with a timeout, capturing everything it prints.</summary>
    internal static class DotnetCli
    {
        public sealed record Result(int ExitCode, string Output);

        public static Result Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);

            // The test host runs under `dotnet test`, whose MSBuild variables would leak into this build.
            // STACKLESS_ARTIFACTS is kept when set (the repository projects then build into that folder).
            foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
            {
                string name = (string)variable.Key;
                if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                    start.Environment.Remove(name);
            }
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";

            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet {string.Join(" ", arguments)} did not finish within {timeout}:\n{output}");
            }
            process.WaitForExit(); // drains the output readers
            lock (output)
                return new Result(process.ExitCode, output.ToString());
        }
    }
}
