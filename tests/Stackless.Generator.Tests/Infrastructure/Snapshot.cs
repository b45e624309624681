using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit;

namespace Stackless.Generator.Tests.Infrastructure
{
    /// <summary>
    /// A small snapshot helper with Verify's conventions: Snapshots/{Class}.{Method}#{hint}.verified.cs next to the
    /// test; on a mismatch {…}.received.cs is written and the failure shows a diff. Set STACKLESS_ACCEPT_SNAPSHOTS=1
    /// to accept (then read every accepted file).
    /// </summary>
    public static class Snapshot
    {
        public static void Verify(string actual, string hintName, [CallerFilePath] string callerFile = "", [CallerMemberName] string method = "", string? className = null)
        {
            callerFile = SourcePath(callerFile);
            className ??= Path.GetFileNameWithoutExtension(callerFile);
            string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
            Directory.CreateDirectory(directory);
            string stem = Path.Combine(directory, className + "." + method + "#" + hintName.Replace(".g.cs", ""));
            string verified = stem + ".verified.cs";
            string received = stem + ".received.cs";
            actual = actual.Replace("\r\n", "\n");

            if (Environment.GetEnvironmentVariable("STACKLESS_ACCEPT_SNAPSHOTS") == "1")
            {
                File.WriteAllText(verified, actual, new UTF8Encoding(false));
                if (File.Exists(received)) File.Delete(received);
                return;
            }
            string expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : "";
            if (expected == actual)
            {
                if (File.Exists(received)) File.Delete(received);
                return;
            }
            File.WriteAllText(received, actual, new UTF8Encoding(false));
            Assert.Fail((expected.Length == 0 ? "No snapshot yet: " : "Snapshot differs: ") + verified + "\n" + Diff(expected, actual) +
                "\nReview " + received + " and accept with STACKLESS_ACCEPT_SNAPSHOTS=1.");
        }

        /// <summary>
        /// Deterministic CI builds (ContinuousIntegrationBuild) map source paths to <c>/_/</c>; the repository
        /// root is baked into the test assembly at build time to find the snapshot files again.
        /// </summary>
        private static string SourcePath(string callerFile)
        {
            const string Mapped = "/_/";
            if (File.Exists(callerFile) || !callerFile.StartsWith(Mapped, StringComparison.Ordinal))
                return callerFile;
            string? root = typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
            return root == null ? callerFile : Path.Combine(root, callerFile.Substring(Mapped.Length));
        }

        private static string Diff(string expected, string actual)
        {
            DiffPaneModel diff = InlineDiffBuilder.Diff(expected, actual);
            var sb = new StringBuilder();
            int shown = 0;
            foreach (DiffPiece line in diff.Lines)
            {
                if (line.Type == ChangeType.Unchanged) continue;
                sb.Append(line.Type == ChangeType.Inserted ? "+ " : "- ").AppendLine(line.Text);
                if (++shown > 60) { sb.AppendLine("…"); break; }
            }
            return sb.ToString();
        }
    }
}
