using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Stackless.Generator.Model;

namespace Stackless.Generator.Incremental
{
    /// <summary>
    /// One [Tasklet] method as the pipeline's first step sees it, cheaply, on every edit: a key that decides whether its
    /// lowering must run again (the method's text and where it is, and the <see cref="DeclarationFingerprint"/> of
    /// everything else it can depend on), and the semantic model to lower it with, which is not part of the key.
    /// </summary>
    /// <remarks>
    /// Invariant: equal keys mean an equal lowering. Roslyn re-runs this step for every method whenever the compilation
    /// changes, and keeps the <em>previous</em> input when the new one is equal, so the lowering step (keyed by this)
    /// re-runs only for methods whose key changed, and always gets a fresh semantic model then. The model is dropped
    /// once lowered, so a cached input does not keep an old compilation alive.
    /// </remarks>
    internal sealed class TaskletInput : IEquatable<TaskletInput>
    {
        private readonly string _filePath;
        private readonly int _start;
        private readonly LinePosition _position;
        private readonly string _text;
        private readonly DeclarationFingerprint _declarations;
        private readonly LocationInfo? _location;
        private GeneratorAttributeSyntaxContext? _context;

        private TaskletInput(GeneratorAttributeSyntaxContext context)
        {
            SyntaxNode node = context.TargetNode;
            _filePath = node.SyntaxTree.FilePath ?? "";
            _start = node.SpanStart;
            _position = node.SyntaxTree.GetLineSpan(node.Span).StartLinePosition;
            _text = node.ToString();
            _declarations = DeclarationFingerprint.Of(context.SemanticModel.Compilation);
            _location = LocationInfo.From(node is MethodDeclarationSyntax m ? m.Identifier.GetLocation() : node.GetLocation());
            _context = context;
        }

        public static TaskletInput Of(GeneratorAttributeSyntaxContext context, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            return new TaskletInput(context);
        }

        /// <summary>Lowers the method (the parser and every pass), then lets go of its semantic model.</summary>
        public TaskletResult Lower(CancellationToken ct, Func<IMethodSymbol, Exception?>? faultInjection)
        {
            if (_context is not GeneratorAttributeSyntaxContext context)
            {
                // Cannot happen while the invariant holds (a cached input is never lowered again); reported, never thrown.
                var stale = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, _location?.ToLocation(), "?",
                    "the generator's input for this method was already lowered; build again");
                return new TaskletResult(null, new EquatableArray<DiagnosticInfo>(new[] { stale }));
            }
            TaskletResult result = TaskletGenerator.Compile(context, ct, faultInjection);
            _context = null;
            return result;
        }

        public bool Equals(TaskletInput? other) =>
            other is not null && _start == other._start && _position == other._position
            && string.Equals(_filePath, other._filePath, StringComparison.Ordinal)
            && string.Equals(_text, other._text, StringComparison.Ordinal)
            && _declarations.Equals(other._declarations);

        public override bool Equals(object? obj) => Equals(obj as TaskletInput);

        public override int GetHashCode() => unchecked((_start * 31 + StringComparer.Ordinal.GetHashCode(_text)) * 31 + _declarations.GetHashCode());
    }
}
