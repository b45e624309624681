using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// Jumps out of copied code (a break, continue, goto or return of the user's, in code copied as written, that goes to
    /// a lowered label) are holes in the copy: an empty statement marked with the label it goes to stands in the syntax,
    /// and is cut out of the text (by its span, no search) into an <see cref="IrJumpHole"/>. Which tries the jump leaves
    /// is decided by ExceptionHandlerRouting, not here.
    /// </summary>
    internal static class JumpHoles
    {
        /// <summary>The annotation of a hole: its data is the label the jump goes to.</summary>
        public const string Kind = "Stackless.JumpHole";

        /// <summary>The text of <paramref name="rewritten"/> (without its outer trivia), its holes cut out.</summary>
        public static CopiedCode Cut(SyntaxNode rewritten)
        {
            string text = rewritten.ToString();
            if (!rewritten.ContainsAnnotations) return new CopiedCode(text);
            int start = rewritten.Span.Start, at = 0;
            System.Text.StringBuilder? cut = null;
            List<IrJumpHole>? holes = null;
            foreach (SyntaxNode hole in rewritten.GetAnnotatedNodes(Kind))
            {
                cut ??= new System.Text.StringBuilder(text.Length + 16);
                holes ??= new List<IrJumpHole>();
                int holeStart = hole.Span.Start - start;
                cut.Append(text, at, holeStart - at);
                holes.Add(new IrJumpHole(cut.Length, LabelOf(hole)));
                at = hole.Span.End - start;
            }
            if (cut is null) return new CopiedCode(text);
            cut.Append(text, at, text.Length - at);
            return new CopiedCode(cut.ToString(), holes!.ToEquatableArray());
        }

        /// <summary>
        /// The holes of <paramref name="statement"/>, a statement the lowering built (no outer trivia): each at the offset
        /// of its <c>;</c> in the written text, which stays (<see cref="IrUserStatement.Holes"/>).
        /// </summary>
        public static EquatableArray<IrJumpHole> InSyntax(StatementSyntax statement)
        {
            if (!statement.ContainsAnnotations) return EquatableArray<IrJumpHole>.Empty;
            List<IrJumpHole>? holes = null;
            int start = statement.FullSpan.Start;
            foreach (SyntaxNode hole in statement.GetAnnotatedNodes(Kind))
                (holes ??= new List<IrJumpHole>()).Add(new IrJumpHole(hole.Span.Start - start, LabelOf(hole)));
            return holes is null ? EquatableArray<IrJumpHole>.Empty : holes.ToEquatableArray();
        }

        /// <summary>The label the jump of <paramref name="hole"/> goes to.</summary>
        public static string LabelOf(SyntaxNode hole) => hole.GetAnnotations(Kind).First().Data!;

        /// <summary>A hole for a jump to <paramref name="label"/>: <c>;</c> in the syntax, cut out of the text.</summary>
        public static StatementSyntax Hole(string label, SyntaxTriviaList trailing) =>
            SyntaxFactory.EmptyStatement(SyntaxFactory.Token(default, SyntaxKind.SemicolonToken, trailing))
                .WithAdditionalAnnotations(new SyntaxAnnotation(Kind, label));

        /// <summary>A hole standing in the place of the jump statement <paramref name="original"/> (with its trivia).</summary>
        public static StatementSyntax HoleFor(string label, SyntaxNode original) =>
            SyntaxFactory.EmptyStatement(SyntaxFactory.Token(original.GetLeadingTrivia(), SyntaxKind.SemicolonToken, original.GetTrailingTrivia()))
                .WithAdditionalAnnotations(new SyntaxAnnotation(Kind, label));
    }
}
