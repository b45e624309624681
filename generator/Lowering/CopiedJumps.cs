using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    // Where a jump out of copied code goes (its hole: JumpHoles): a return, a goto to a lowered label or a lowered
    // switch's case.
    internal sealed partial class ControlFlowLowering
    {
        /// <summary><c>{ s1 s2 … }</c> on one line, in the place of <paramref name="original"/> (with its trivia).</summary>
        private static BlockSyntax OneLineBlock(SyntaxNode original, params StatementSyntax[] statements) =>
            SyntaxFactory.Block(
                SyntaxFactory.Token(original.GetLeadingTrivia(), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                SyntaxFactory.List(statements),
                SyntaxFactory.Token(default, SyntaxKind.CloseBraceToken, original.GetTrailingTrivia()));

        private static SyntaxToken SpaceAfter(SyntaxKind kind) => SyntaxFactory.Token(default, kind, SyntaxFactory.TriviaList(SyntaxFactory.Space));

        /// <summary>The statement of a copied <c>return value;</c> (its value copied): see <see cref="LoweredReturn"/>.</summary>
        public StatementSyntax ReturnStatement(ExpressionSyntax? value, bool insideTry, SyntaxNode original)
        {
            if (Try == null && !insideTry)
            {
                // { Return(value); return; }
                ArgumentListSyntax arguments = value is null
                    ? SyntaxFactory.ArgumentList()
                    : SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(value)));
                return OneLineBlock(original,
                    SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName("Return"), arguments), SpaceAfter(SyntaxKind.SemicolonToken)),
                    SyntaxFactory.ReturnStatement(SyntaxFactory.Token(SyntaxKind.ReturnKeyword), null, SpaceAfter(SyntaxKind.SemicolonToken)));
            }
            ReturnUsed = true;
            if (IsVoid) return JumpHoles.HoleFor("__return", original);
            // { __result = value; goto __return; }
            return OneLineBlock(original,
                SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(default, "__result", SyntaxFactory.TriviaList(SyntaxFactory.Space))),
                    SpaceAfter(SyntaxKind.EqualsToken), value!), SpaceAfter(SyntaxKind.SemicolonToken)),
                JumpHoles.Hole("__return", SyntaxFactory.TriviaList(SyntaxFactory.Space)));
        }

        /// <summary>
        /// The statements of a lowered <c>return value;</c>: finish the frame here, or (inside a try) set the result and
        /// jump to the end, through every finally on the way (a hole: ExceptionHandlerRouting routes it).
        /// </summary>
        public StatementSyntax LoweredReturn(ExpressionSyntax? value)
        {
            if (Try == null)
            {
                // { Return(value); return; }
                ArgumentSyntax[] arguments = IsVoid || value is null ? System.Array.Empty<ArgumentSyntax>() : new[] { SyntaxFactory.Argument(value) };
                return GeneratedSyntax.Block(GeneratedSyntax.Statement(GeneratedSyntax.Call(GeneratedSyntax.Name("Return"), arguments)),
                    SyntaxFactory.ReturnStatement(SyntaxFactory.Token(SyntaxKind.ReturnKeyword), null, SyntaxFactory.Token(SyntaxKind.SemicolonToken)));
            }
            ReturnUsed = true;
            StatementSyntax jump = JumpHoles.Hole("__return", default);
            // { __result = value; goto __return; }, the goto a hole
            return IsVoid ? jump : GeneratedSyntax.Block(GeneratedSyntax.AssignStatement(GeneratedSyntax.Name("__result"), value!), jump);
        }

        /// <summary>
        /// A goto leaving copied code (to a lowered label, or a goto case/default of a lowered switch) as a hole, after a
        /// backward goto's step check when it has one (else counting its step when it goes backward: CountedLoops.cs); null
        /// when it stays inside the copy.
        /// </summary>
        public StatementSyntax? GotoJump(GotoStatementSyntax node, SyntaxNode root)
        {
            if (node.IsKind(SyntaxKind.GotoStatement))
            {
                LabeledStatementSyntax? label = LabelOf(node);
                if (label == null || root.Span.Contains(label.Span)) return null;
                if (!IsCheckedBackwardGoto(node, label, root)) return CountedJump(node, LabelText(label));
                return OneLineBlock(node, StepCheckBefore(node, label), JumpHoles.Hole(LabelText(label), SyntaxFactory.TriviaList(SyntaxFactory.Space)));
            }
            SwitchStatementSyntax? sw = node.Ancestors().OfType<SwitchStatementSyntax>().FirstOrDefault();
            if (sw == null || !JumpTargets.TryGetValue(sw, out JumpTargets? t)) return null;
            if (node.IsKind(SyntaxKind.GotoDefaultStatement))
                return t.Default is null ? null : CountedJump(node, t.Default);
            Optional<object?> value = _facts.Model.GetConstantValue(node.Expression!, _facts.Ct);
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
