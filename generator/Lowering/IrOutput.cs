using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Ir;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// Where the lowering of one body writes: the list of <see cref="IrNode"/>s being built (the body's, or a try region's
    /// or handler's while one is lowered into its own list), the user's statement the nodes map to (its line and column),
    /// and the checked context the user's code is in. One object handed to the lowering's parts, which share nothing
    /// else mutable but <see cref="LoweringAllocator"/> (the control flow writes here, and so does the expression side).
    /// </summary>
    /// <remarks>
    /// Invariants: <see cref="Line"/> is 1-based and 0 before the first <see cref="SetPosition"/>; <see cref="Column"/>
    /// is 0-based; <see cref="Into"/> restores the list it replaced, whatever the nested lowering throws
    /// (a refusal unwinds the whole body, so nothing is written after one).
    /// </remarks>
    internal sealed class IrOutput
    {
        /// <summary>The nodes being written: the body's, or the list <see cref="Into"/> set.</summary>
        public List<IrNode> Nodes { get; private set; } = new();

        /// <summary>The 1-based line of the user's statement being lowered (what a user node maps to).</summary>
        public int Line { get; private set; }

        /// <summary>The 0-based column of that statement's first line.</summary>
        public int Column { get; private set; }

        /// <summary>The node <see cref="Line"/> is the line of (where TSK012 points when Roslyn runs out of stack).</summary>
        public SyntaxNode? Position { get; private set; }

        /// <summary><c>checked</c> or <c>unchecked</c> when the user's code is in such a statement, else null.</summary>
        public string? Checked { get; set; }

        public void Add(IrNode node) => Nodes.Add(node);

        /// <summary><paramref name="value"/> in the checked context of the user's expression it was lowered from: <c>checked(value)</c>, <c>unchecked(value)</c>, or as it is.</summary>
        public ExpressionSyntax InCheckedContext(ExpressionSyntax value)
        {
            if (Checked is null) return value;
            bool isChecked = Checked == "checked";
            return SyntaxFactory.CheckedExpression(isChecked ? SyntaxKind.CheckedExpression : SyntaxKind.UncheckedExpression,
                SyntaxFactory.Token(isChecked ? SyntaxKind.CheckedKeyword : SyntaxKind.UncheckedKeyword), SyntaxFactory.Token(SyntaxKind.OpenParenToken),
                value, SyntaxFactory.Token(SyntaxKind.CloseParenToken));
        }

        /// <summary>The user's statement the next nodes map to.</summary>
        public void SetPosition(SyntaxNode node)
        {
            Position = node;
            FileLinePositionSpan span = node.GetLocation().GetLineSpan();
            Line = span.StartLinePosition.Line + 1;
            Column = span.StartLinePosition.Character;
            System.Diagnostics.Debug.Assert(Line > 0 && Column >= 0, "a position is a 1-based line and a 0-based column");
        }

        /// <summary>Runs <paramref name="lower"/> writing into a new list (a try region's body, a handler), and returns that list.</summary>
        public List<IrNode> Into(System.Action lower)
        {
            List<IrNode> saved = Nodes;
            var inner = new List<IrNode>();
            Nodes = inner;
            try
            {
                lower();
            }
            finally
            {
                Nodes = saved;
            }
            System.Diagnostics.Debug.Assert(ReferenceEquals(Nodes, saved), "the outer list is written again");
            return inner;
        }
    }
}
