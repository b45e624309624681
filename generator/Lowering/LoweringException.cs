using System;
using Microsoft.CodeAnalysis;

namespace Stackless.Generator.Lowering
{
    /// <summary>Thrown inside the lowering when a construct cannot be compiled; the parser turns it into a diagnostic at <see cref="Node"/>.</summary>
    internal sealed class LoweringException : Exception
    {
        public LoweringException(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments)
            : base(descriptor.Id)
        {
            Descriptor = descriptor;
            Node = node;
            Arguments = arguments;
        }

        public DiagnosticDescriptor Descriptor { get; }
        public SyntaxNode Node { get; }
        public string[] Arguments { get; }
    }
}
