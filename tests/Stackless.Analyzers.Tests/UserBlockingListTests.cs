using System;
using System.Threading.Tasks;
using Stackless.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Stackless.Analyzers.Tests
{
    /// <summary>TSK109 and TSK114: the user's own blocking APIs, listed in an additional file named stackless.blocking.txt.</summary>
    public class UserBlockingListTests
    {
        private static readonly (string, string)[] NoConfig = Array.Empty<(string, string)>();

        private const string Library = """
            namespace Legacy
            {
                public class Db
                {
                    public virtual int Query(string sql) => 0;
                    public int Query(string sql, int timeout) => 0;
                    public int Count => 0;
                    public int Cheap() => 0;
                }

                public class CachedDb : Db
                {
                    public override int Query(string sql) => 1;
                }

                public static class Slow
                {
                    public static void Compute() { }
                    public static int Level => 1;
                }

                public static class Generic
                {
                    public static T Fetch<T>() => default!;
                }
            }
            """;

        private const string List = """
            # Blocking APIs of our own libraries (documentation-comment IDs)
            M:Legacy.Db.Query(System.String)      # one overload
            P:Legacy.Db.Count
            T:Legacy.Slow                         # every method and property
            M:Legacy.Generic.Fetch``1

            M:Legacy.Db.Missing
            X:not an id
            """;

        [Fact]
        public Task ListedApisAreReportedAndUnknownEntriesAreFlaggedInTheFile() => AnalyzerVerifier.VerifyAsync(
            Library + """

            partial class C
            {
                [Stackless.Tasklet]
                static void M(Legacy.Db db, Legacy.CachedDb cached)
                {
                    db.{|#0:Query("select 1")|};
                    cached.{|#1:Query("select 2")|};        // an override of a listed method
                    db.Query("select 3", 10);             // another overload: not listed
                    int n = db.{|#2:Count|};
                    Legacy.Slow.{|#3:Compute()|};
                    int level = Legacy.Slow.{|#4:Level|};
                    string s = Legacy.Generic.{|#5:Fetch<string>()|};
                    db.Cheap();
                    {|#6:Helper(db)|};
                }

                static int Helper(Legacy.Db db) => db.Query("x");
            }
            """,
            new[] { ("stackless.blocking.txt", List) },
            NoConfig,
            AnalyzerVerifier.Diagnostic("TSK109").WithLocation(0).WithArguments("Db.Query", "stackless.blocking.txt"),
            AnalyzerVerifier.Diagnostic("TSK109").WithLocation(1).WithArguments("CachedDb.Query", "stackless.blocking.txt"),
            AnalyzerVerifier.Diagnostic("TSK109").WithLocation(2).WithArguments("Db.Count", "stackless.blocking.txt"),
            AnalyzerVerifier.Diagnostic("TSK109").WithLocation(3).WithArguments("Slow.Compute", "stackless.blocking.txt"),
            AnalyzerVerifier.Diagnostic("TSK109").WithLocation(4).WithArguments("Slow.Level", "stackless.blocking.txt"),
            AnalyzerVerifier.Diagnostic("TSK109").WithLocation(5).WithArguments("Generic.Fetch<string>", "stackless.blocking.txt"),
            AnalyzerVerifier.Diagnostic("TSK110").WithLocation(6).WithArguments("Helper", "Helper \u2192 Db.Query (TSK109)"),
            AnalyzerVerifier.Diagnostic("TSK114").WithSpan("stackless.blocking.txt", 7, 1, 7, 20).WithArguments("M:Legacy.Db.Missing"),
            AnalyzerVerifier.Diagnostic("TSK114").WithSpan("stackless.blocking.txt", 8, 1, 8, 12).WithArguments("X:not an id"));

        [Fact]
        public Task OtherAdditionalFilesAreIgnoredAndNothingIsReportedWithoutAList() => AnalyzerVerifier.VerifyAsync(
            Library + """

            partial class C
            {
                [Stackless.Tasklet]
                static void M(Legacy.Db db) => db.Query("select 1");
            }
            """,
            new[] { ("other.txt", "M:Legacy.Db.Query(System.String)\nnot an id\n") },
            NoConfig);
    }
}
