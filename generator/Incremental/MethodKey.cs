using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Model;

namespace Stackless.Generator.Incremental
{
    /// <summary>
    /// What one [Tasklet] method's lowering depends on, as a value with no line or offset in it: the method's text, its file,
    /// the column it starts at, the types and namespaces around it, and the <see cref="DeclarationFingerprint"/> of
    /// everything else. Invariant: equal keys mean an equal lowering but for where the method is, which moves every line
    /// and offset it made by the same amount (<see cref="PlacedResult"/>).
    /// </summary>
    /// <remarks>
    /// A method whose lowering may report outside its own declaration keeps its position in the key (<see cref="Pinned"/>):
    /// one in a type that is not partial (TSK001 is reported at the type's name) and a [Tasklet] local function (its key
    /// does not name the member around it).
    /// </remarks>
    internal sealed class MethodKey : IEquatable<MethodKey>
    {
        private readonly string _filePath;
        private readonly int _column;
        private readonly string _text;
        private readonly string _container;
        private readonly MethodPosition? _pinned;
        private readonly DeclarationFingerprint _declarations;
        private readonly int _hash;

        private MethodKey(string filePath, int column, string text, string container, MethodPosition? pinned, DeclarationFingerprint declarations)
        {
            _filePath = filePath;
            _column = column;
            _text = text;
            _container = container;
            _pinned = pinned;
            _declarations = declarations;
            _hash = unchecked(((StringComparer.Ordinal.GetHashCode(text) * 31 + column) * 31 + StringComparer.Ordinal.GetHashCode(container)) * 31
                + declarations.GetHashCode());
        }

        public string FilePath => _filePath;

        /// <summary>The method's position when it must stay in the key (its lowering then runs again when it moves).</summary>
        public MethodPosition? Pinned => _pinned;

        public static MethodKey Of(SyntaxNode node, MethodPosition at, int column, DeclarationFingerprint declarations)
        {
            var container = new StringBuilder();
            bool pinned = node is LocalFunctionStatementSyntax;
            for (SyntaxNode? n = node.Parent; n != null; n = n.Parent)
            {
                switch (n)
                {
                    case BaseTypeDeclarationSyntax t:
                        container.Insert(0, t.Identifier.ValueText + (t is TypeDeclarationSyntax { TypeParameterList: { } tp } ? "`" + tp.Parameters.Count : "") + ".");
                        if (!t.Modifiers.Any(SyntaxKind.PartialKeyword)) pinned = true;
                        break;
                    case BaseNamespaceDeclarationSyntax ns:
                        container.Insert(0, ns.Name.ToString() + ".");
                        break;
                }
            }
            return new MethodKey(node.SyntaxTree.FilePath ?? "", column, node.ToString(), container.ToString(), pinned ? at : null, declarations);
        }

        public bool Equals(MethodKey? other) =>
            ReferenceEquals(this, other)
            || other is not null && _hash == other._hash && _column == other._column && _pinned == other._pinned
            && string.Equals(_text, other._text, StringComparison.Ordinal)
            && string.Equals(_filePath, other._filePath, StringComparison.Ordinal)
            && string.Equals(_container, other._container, StringComparison.Ordinal)
            && _declarations.Equals(other._declarations);

        public override bool Equals(object? obj) => Equals(obj as MethodKey);

        public override int GetHashCode() => _hash;
    }
}
