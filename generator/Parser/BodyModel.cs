using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Stackless.Generator.Parser
{
    /// <summary>
    /// The semantic model a [Tasklet] body is bound with: one without nullable analysis. The first query into a body
    /// otherwise runs the nullable walker over the whole method (about a quarter of the generation on the 1,000-method
    /// synthetic project) for flow states the frame never reads; the frame compiles with nullable warnings off.
    /// </summary>
    /// <remarks>
    /// <c>SemanticModelOptions.DisableNullableAnalysis</c> is experimental in Roslyn (RSEXPERIMENTAL001, dotnet/roslyn#70609):
    /// if a later compiler drops it, the call fails to bind when it is first run, and the pipeline's own model is used.
    /// </remarks>
    internal static class BodyModel
    {
        private static bool s_unavailable;

        public static SemanticModel Of(SemanticModel pipelineModel, SyntaxTree tree)
        {
            if (s_unavailable) return pipelineModel;
            try
            {
                return WithoutNullableAnalysis(pipelineModel.Compilation, tree);
            }
            catch (Exception e) when (e is MissingMemberException or TypeLoadException)
            {
                s_unavailable = true;
                return pipelineModel;
            }
        }

        // Not inlined: a missing API fails when this method is compiled, inside the caller's try.
        [MethodImpl(MethodImplOptions.NoInlining)]
#pragma warning disable RSEXPERIMENTAL001 // experimental API, with a fallback above
        private static SemanticModel WithoutNullableAnalysis(Compilation compilation, SyntaxTree tree) =>
            compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RSEXPERIMENTAL001
    }
}
