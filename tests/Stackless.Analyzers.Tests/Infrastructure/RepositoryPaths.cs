using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Stackless.Analyzers.Tests.Infrastructure
{
    /// <summary>The repository this test assembly was built from (recorded at build time; found by walking up as a fallback).</summary>
    internal static class RepositoryPaths
    {
        public static string Root { get; } = FindRoot();

        public static string Samples => Path.Combine(Root, "samples");

        private static string FindRoot()
        {
            string? recorded = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
            if (recorded is not null && File.Exists(Path.Combine(recorded, "Generators.sln")))
                return Path.GetFullPath(recorded);

            for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Generators.sln")))
                    return dir.FullName;
            }
            throw new InvalidOperationException("Cannot find the repository root (Generators.sln) from " + AppContext.BaseDirectory);
        }
    }
}
