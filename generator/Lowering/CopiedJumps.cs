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
    /// Copied code as the lowering hands it to an <see cref="IrVerbatim"/>: its text, and its jumps that may leave try
    /// statements, which are not in the text (<see cref="IrJumpHole"/>: routed by ExceptionHandlerRouting, written by the
    /// emitter).
    /// </summary>
    internal readonly struct CopiedCode
    {
        public CopiedCode(string text, EquatableArray<IrJumpHole> holes = default)
        {
            Text = text;
            Holes = holes;
        }

        public string Text { get; }
        public EquatableArray<IrJumpHole> Holes { get; }

        /// <summary>The code inside <paramref name="prefix"/> … <paramref name="suffix"/> (its holes moved along).</summary>
        public CopiedCode Within(string prefix, string suffix)
        {
            if (Holes.Count == 0) return new CopiedCode(prefix + Text + suffix);
            var moved = new IrJumpHole[Holes.Count];
            for (int i = 0; i < moved.Length; i++) moved[i] = Holes[i] with { Offset = Holes[i].Offset + prefix.Length };
            return new CopiedCode(prefix + Text + suffix, new EquatableArray<IrJumpHole>(moved));
        }
    }

    // Jumps out of copied code (a break, continue, goto or return of the user's, in code copied as written, that goes to
    // a lowered label) are holes in the copy: an empty statement marked with the label it goes to stands in the syntax,
    // and is cut out of the text (by its span, no search) into an IrJumpHole. Which tries the jump leaves is decided by
    // ExceptionHandlerRouting, not here.
    internal sealed partial class FrameLowerer
    {
        /// <summary>The annotation of a hole: its data is the label the jump goes to.</summary>
        private const string JumpHoleKind = "Stackless.JumpHole";

        /// <summary>The copy of <paramref name="node"/> with its jumps out of it as holes.</summary>
        private CopiedCode Copy(SyntaxNode node) => Cut(Rewrite(node));

        /// <summary>The text of <paramref name="rewritten"/> (without its outer trivia), its holes cut out.</summary>
        private static CopiedCode Cut(SyntaxNode rewritten)
        {
            string text = rewritten.ToString();
            if (!rewritten.ContainsAnnotations) return new CopiedCode(text);
            int start = rewritten.Span.Start, at = 0;
            System.Text.StringBuilder? cut = null;
            List<IrJumpHole>? holes = null;
            foreach (SyntaxNode hole in rewritten.GetAnnotatedNodes(JumpHoleKind))
            {
                cut ??= new System.Text.StringBuilder(text.Length + 16);
                holes ??= new List<IrJumpHole>();
                int holeStart = hole.Span.Start - start;
                cut.Append(text, at, holeStart - at);
                holes.Add(new IrJumpHole(cut.Length, HoleLabel(hole)));
                at = hole.Span.End - start;
            }
            if (cut is null) return new CopiedCode(text);
            cut.Append(text, at, text.Length - at);
            return new CopiedCode(cut.ToString(), holes!.ToEquatableArray());
        }

        private static string HoleLabel(SyntaxNode hole) => hole.GetAnnotations(JumpHoleKind).First().Data!;

        /// <summary>A hole for a jump to <paramref name="label"/>: <c>;</c> in the syntax, cut out of the text.</summary>
        private static StatementSyntax Hole(string label, SyntaxTriviaList trailing) =>
            SyntaxFactory.EmptyStatement(SyntaxFactory.Token(default, SyntaxKind.SemicolonToken, trailing))
                .WithAdditionalAnnotations(new SyntaxAnnotation(JumpHoleKind, label));

        /// <summary>A hole standing in the place of the jump statement <paramref name="original"/> (with its trivia).</summary>
        private static StatementSyntax HoleFor(string label, SyntaxNode original) =>
            SyntaxFactory.EmptyStatement(SyntaxFactory.Token(original.GetLeadingTrivia(), SyntaxKind.SemicolonToken, original.GetTrailingTrivia()))
                .WithAdditionalAnnotations(new SyntaxAnnotation(JumpHoleKind, label));

        /// <summary><c>{ s1 s2 … }</c> on one line, in the place of <paramref name="original"/> (with its trivia).</summary>
        private static BlockSyntax OneLineBlock(SyntaxNode original, params StatementSyntax[] statements) =>
            SyntaxFactory.Block(
                SyntaxFactory.Token(original.GetLeadingTrivia(), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                SyntaxFactory.List(statements),
                SyntaxFactory.Token(default, SyntaxKind.CloseBraceToken, original.GetTrailingTrivia()));

        private static SyntaxToken SpaceAfter(SyntaxKind kind) => SyntaxFactory.Token(default, kind, SyntaxFactory.TriviaList(SyntaxFactory.Space));

        /// <summary>The statement of a copied <c>return value;</c> (its value copied): see <see cref="ReturnCode"/>.</summary>
        private StatementSyntax ReturnStatement(ExpressionSyntax? value, bool insideTry, SyntaxNode original)
        {
            if (_try == null && !insideTry)
            {
                // { Return(value); return; }
                ArgumentListSyntax arguments = value is null
                    ? SyntaxFactory.ArgumentList()
                    : SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(value)));
                return OneLineBlock(original,
                    SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName("Return"), arguments), SpaceAfter(SyntaxKind.SemicolonToken)),
                    SyntaxFactory.ReturnStatement(SyntaxFactory.Token(SyntaxKind.ReturnKeyword), null, SpaceAfter(SyntaxKind.SemicolonToken)));
            }
            _returnUsed = true;
            if (IsVoid) return HoleFor("__return", original);
            // { __result = value; goto __return; }
            return OneLineBlock(original,
                SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(default, "__result", SyntaxFactory.TriviaList(SyntaxFactory.Space))),
                    SpaceAfter(SyntaxKind.EqualsToken), value!), SpaceAfter(SyntaxKind.SemicolonToken)),
                Hole("__return", SyntaxFactory.TriviaList(SyntaxFactory.Space)));
        }

        /// <summary>
        /// The statements of a lowered <c>return value;</c>: finish the frame here, or (inside a try) set the result and
        /// jump to the end, through every finally on the way (a hole: ExceptionHandlerRouting routes it).
        /// </summary>
        private CopiedCode ReturnCode(string? value)
        {
            if (_try == null)
                return new CopiedCode(IsVoid ? "{ Return(); return; }" : "{ Return(" + value + "); return; }");
            _returnUsed = true;
            string before = IsVoid ? "" : "{ __result = " + value + "; ";
            return new CopiedCode(before + (IsVoid ? "" : " }"), new EquatableArray<IrJumpHole>(new[] { new IrJumpHole(before.Length, "__return") }));
        }

        /// <summary>
        /// A goto leaving copied code (to a lowered label, or a goto case/default of a lowered switch) as a hole, after a
        /// backward goto's step check when it has one (else counting its step when it goes backward: CountedLoops.cs); null
        /// when it stays inside the copy.
        /// </summary>
        private StatementSyntax? GotoJump(GotoStatementSyntax node, SyntaxNode root)
        {
            if (node.IsKind(SyntaxKind.GotoStatement))
            {
                LabeledStatementSyntax? label = LabelOf(node);
                if (label == null || root.Span.Contains(label.Span)) return null;
                if (!IsCheckedBackwardGoto(node, label, root)) return CountedJump(node, LabelText(label));
                return OneLineBlock(node, StepCheckBefore(node, label), Hole(LabelText(label), SyntaxFactory.TriviaList(SyntaxFactory.Space)));
            }
            SwitchStatementSyntax? sw = node.Ancestors().OfType<SwitchStatementSyntax>().FirstOrDefault();
            if (sw == null || !_jumpTargets.TryGetValue(sw, out JumpTargets? t)) return null;
            if (node.IsKind(SyntaxKind.GotoDefaultStatement))
                return t.Default is null ? null : CountedJump(node, t.Default);
            Optional<object?> value = _model.GetConstantValue(node.Expression!, _ct);
            foreach ((object? v, string label2) in t.Cases)
                if (SameConstant(v, value.Value)) return CountedJump(node, label2);
            return null;
        }

        private static bool SameConstant(object? a, object? b)
        {
            if (a is null || b is null) return a is null && b is null;
            if (a.Equals(b)) return true;
            if (a is string || b is string) return false;
            try { return System.Convert.ToDecimal(a, System.Globalization.CultureInfo.InvariantCulture) == System.Convert.ToDecimal(b, System.Globalization.CultureInfo.InvariantCulture); }
            catch { return a.ToString() == b.ToString(); }
        }
    }
}
