using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Stackless.Generator.Model;

namespace Stackless.Generator.Incremental
{
    /// <summary>
    /// One [Tasklet] method as the pipeline's first step sees it, cheaply, on every edit: its lowering's key
    /// (<see cref="MethodKey"/>, no position in it), where it is now (<see cref="MethodPosition"/>), and the semantic model
    /// to lower it with, which is in neither. Equal when both the key and the position are: a method that moved is a new
    /// input, so the steps that write its lines run again for it, while its lowering (keyed by the key alone) does not.
    /// </summary>
    /// <remarks>
    /// Invariant: the semantic model is handed on once, to the step that makes the lowering's input
    /// (<see cref="TakeLowering"/>), so an input the pipeline keeps does not keep an old compilation alive.
    /// </remarks>
    internal sealed class TaskletInput : IEquatable<TaskletInput>
    {
        private GeneratorAttributeSyntaxContext? _context;

        private TaskletInput(GeneratorAttributeSyntaxContext context)
        {
            SyntaxNode node = context.TargetNode;
            LinePosition start = node.SyntaxTree.GetLineSpan(node.Span).StartLinePosition;
            At = new MethodPosition(node.Span.Start, node.Span.End, start.Line);
            Key = MethodKey.Of(node, At, start.Character, DeclarationFingerprint.Of(context.SemanticModel.Compilation));
            Location = LocationInfo.From(node is MethodDeclarationSyntax m ? m.Identifier.GetLocation() : node.GetLocation());
            _context = context;
        }

        public MethodKey Key { get; }

        public MethodPosition At { get; }

        /// <summary>Where a failure to lower is reported (the method's name).</summary>
        public LocationInfo? Location { get; }

        public static TaskletInput Of(GeneratorAttributeSyntaxContext context, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            return new TaskletInput(context);
        }

        /// <summary>The lowering's input: the key, the position it is lowered at, and the semantic model (given away here).</summary>
        public PendingLowering TakeLowering()
        {
            GeneratorAttributeSyntaxContext? context = _context;
            _context = null;
            return new PendingLowering(Key, At, Location, context);
        }

        public bool Equals(TaskletInput? other) => other is not null && At == other.At && Key.Equals(other.Key);

        public override bool Equals(object? obj) => Equals(obj as TaskletInput);

        public override int GetHashCode() => unchecked(Key.GetHashCode() * 31 + At.GetHashCode());
    }
}
