using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Stackless.Generator.Parser;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

#pragma warning disable RSEXPERIMENTAL001 // NullableAnalysisIsDisabled: the experimental API the generator uses

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// A [Tasklet] body is bound without nullable analysis (issue 16 item 4: the walker was a quarter of the generation):
    /// the frame's fields take their types as bound, and nullable code still compiles with no warning in the frame.
    /// </summary>
    public class BodyModelTests
    {
        [Fact]
        public void TheBodyModelRunsNoNullableAnalysis()
        {
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("P.cs", "class P { int F() => 1; }"));
            SemanticModel pipeline = compilation.GetSemanticModel(compilation.SyntaxTrees[0]);
            Assert.False(pipeline.NullableAnalysisIsDisabled);

            SemanticModel body = BodyModel.Of(pipeline, compilation.SyntaxTrees[0]);

            Assert.True(body.NullableAnalysisIsDisabled);
            Assert.Same(compilation, body.Compilation);
        }

        [Fact]
        public void NullableCodeCompilesCleanWithFieldsAsBound()
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean("""
                #nullable enable
                using Stackless;
                public static partial class P
                {
                    static string? Maybe(int i) => i > 0 ? "x" : null;

                    [Tasklet]
                    public static int M(Channel<int> ch)
                    {
                        var declaredNullable = Maybe(ch.Receive());
                        var inferred = "text";
                        string? explicitNullable = null;
                        ch.Receive();
                        return (declaredNullable?.Length ?? 0) + inferred.Length + (explicitNullable?.Length ?? 0);
                    }
                }
                """);
            string frame = outcome.AllGenerated;

            // A var local's field has its type as bound, without the annotation only the walker would give it (the frame
            // compiles with nullable warnings off, so the annotation changes nothing); a declared type is kept as written.
            Assert.Contains("internal string declaredNullable;", frame);
            Assert.Contains("internal string inferred;", frame);
            Assert.Contains("internal string? explicitNullable;", frame);
        }
    }
}
