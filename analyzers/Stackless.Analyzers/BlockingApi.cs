using Microsoft.CodeAnalysis;

namespace Stackless.Analyzers
{
    /// <summary>What a blocking member is: the rule it falls under and, for a user-listed API, the list file naming it.</summary>
    internal sealed class BlockingApi
    {
        public BlockingApi(DiagnosticDescriptor rule, string? listFile)
        {
            Rule = rule;
            ListFile = listFile;
        }

        public DiagnosticDescriptor Rule { get; }

        /// <summary>The file name of the <c>stackless.blocking.txt</c> that listed it; null for a built-in API.</summary>
        public string? ListFile { get; }
    }
}
