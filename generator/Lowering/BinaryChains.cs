using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    // Binary operators on the suspending spine. C# nests `a + b + … + z` to the left, one node per operator, so a
    // chain of 10,000 terms is 10,000 nodes deep: it is lowered from its innermost left operand outwards in a loop,
    // never by a recursion as deep as the chain (a recursion overflowed csc's stack at ~2,000 terms, issue 16). Each
    // step puts the value so far (a copy, or a temp) under a copy of its link, as syntax: nothing is parsed again (that
    // would be quadratic in the chain's length), and no trivia is moved along the chain (WithLeadingTrivia recurses).
    internal sealed partial class ExpressionLowering
    {
        /// <summary>The value of a chain of binary operators on the suspending spine, as syntax (the chain's copy, or a temp).</summary>
        private LoweredValue LowerBinaryChain(BinaryExpressionSyntax top)
        {
            var links = new List<BinaryExpressionSyntax> { top };
            for (BinaryExpressionSyntax b = top; b.Left is BinaryExpressionSyntax inner && _plan.IsLowered(inner); b = inner)
                links.Add(inner);
            ExpressionSyntax first = links[links.Count - 1].Left;
            // The trivia before the chain, which a temp standing for its left part takes (found once: the walk to the
            // first token is as long as the chain).
            SyntaxTriviaList leading = first.GetLeadingTrivia();
            // The value so far stands for the left operand of the link lowered next (b.Left), with that operand's trivia.
            LoweredValue left = LowerExpr(first);
            bool boolTemp = false; // left is the bool temp of the previous && or ||, read by nothing else
            for (int i = links.Count - 1; i >= 0; i--)
            {
                _facts.Ct.ThrowIfCancellationRequested();
                BinaryExpressionSyntax b = links[i];
                switch (b.Kind())
                {
                    case SyntaxKind.LogicalAndExpression:
                    case SyntaxKind.LogicalOrExpression:
                    {
                        bool userDefined = UserDefinedLogical(b) != null;
                        left = LowerLogical(b, left, leftIsOwnTemp: boolTemp);
                        boolTemp = !userDefined;
                        continue;
                    }
                    case SyntaxKind.CoalesceExpression:
                        left = LoweredValue.Built(LowerCoalesce(b, left));
                        break;
                    case SyntaxKind.IsExpression:
                    case SyntaxKind.AsExpression:
                        left = LoweredValue.CopyOf(b.Update(left.InPlaceOf(b.Left, leading), b.OperatorToken, (ExpressionSyntax)Rewrite(b.Right)), b); // the right side is a type
                        break;
                    default:
                    {
                        ExpressionSyntax right;
                        if (_plan.IsLowered(b.Right))
                        {
                            // The left value is read before the right side suspends (C#'s order).
                            left = StabilizeIfNeeded(b.Left, left, force: false);
                            right = LowerExpr(b.Right).InPlaceOf(b.Right);
                        }
                        else
                        {
                            right = (ExpressionSyntax)Rewrite(b.Right);
                        }
                        left = LoweredValue.CopyOf(b.Update(left.InPlaceOf(b.Left, leading), b.OperatorToken, right), b);
                        break;
                    }
                }
                boolTemp = false;
            }
            return left;
        }
    }
}
