using System;
using Microsoft.CodeAnalysis;

namespace Stackless.Generator
{
    /// <summary>
    /// Thrown by the facts layer or a lowering pass when a construct cannot be compiled; the parser turns it into a
    /// diagnostic at <see cref="Node"/>. In the generator's root namespace because every layer throws it (the facts
    /// layer depends on nothing of <c>Lowering/</c>).
    /// </summary>
    internal sealed class RefusalException : Exception
    {
        public RefusalException(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments)
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
