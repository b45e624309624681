using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    // Binary operators on the suspending spine. C# nests `a + b + … + z` to the left, one node per operator, so a
    // chain of 10,000 terms is 10,000 nodes deep: it is lowered from its innermost left operand outwards in a loop,
    // never by a recursion as deep as the chain (a recursion overflowed csc's stack at ~2,000 terms, issue 16). Each
    // step appends its operator and right operand to the text so far; nothing is parsed again (that would be
    // quadratic in the chain's length).
    internal sealed partial class FrameLowerer
    {
        private string LowerBinaryChain(BinaryExpressionSyntax top)
        {
            var links = new List<BinaryExpressionSyntax> { top };
            for (BinaryExpressionSyntax b = top; b.Left is BinaryExpressionSyntax inner && _plan.IsLowered(inner); b = inner)
                links.Add(inner);
            var text = new StringBuilder(LowerExpr(links[links.Count - 1].Left));
            bool boolTemp = false; // text is the bool temp of the previous && or ||, read by nothing else
            for (int i = links.Count - 1; i >= 0; i--)
            {
                _ct.ThrowIfCancellationRequested();
                BinaryExpressionSyntax b = links[i];
                switch (b.Kind())
                {
                    case SyntaxKind.LogicalAndExpression:
                    case SyntaxKind.LogicalOrExpression:
                    {
                        bool userDefined = UserDefinedLogical(b) != null;
                        string result = LowerLogical(b, text.ToString(), leftIsOwnTemp: boolTemp);
                        text.Clear().Append(result);
                        boolTemp = !userDefined;
                        continue;
                    }
                    case SyntaxKind.CoalesceExpression:
                    {
                        string result = LowerCoalesce(b, text.ToString());
                        text.Clear().Append(result);
                        break;
                    }
                    case SyntaxKind.IsExpression:
                    case SyntaxKind.AsExpression:
                        AppendOperatorAndRight(text, b, null); // the right side is a type
                        break;
                    default:
                    {
                        string? right = null;
                        if (_plan.IsLowered(b.Right))
                        {
                            // The left value is read before the right side suspends (C#'s order).
                            string left = StabilizeIfNeeded(b.Left, LoweredValue.Text(text.ToString()), force: false);
                            text.Clear().Append(left);
                            right = LowerExpr(b.Right);
                        }
                        AppendOperatorAndRight(text, b, right);
                        break;
                    }
                }
                boolTemp = false;
            }
            return text.ToString();
        }

        /// <summary>
        /// Appends what follows the left operand of <paramref name="b"/> (trivia as written): its operator, then its
        /// right operand, lowered (<paramref name="loweredRight"/>) or copied.
        /// </summary>
        private void AppendOperatorAndRight(StringBuilder text, BinaryExpressionSyntax b, string? loweredRight)
        {
            text.Append(b.Left.GetTrailingTrivia().ToFullString());
            text.Append(b.OperatorToken.ToFullString());
            text.Append(b.Right.GetLeadingTrivia().ToFullString());
            text.Append(loweredRight ?? Text(b.Right));
        }
    }
}
