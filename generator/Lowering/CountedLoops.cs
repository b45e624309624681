using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    // Loops copied whole into a [Tasklet] body (issue 14): a loop that neither suspends nor gets a step check (CheckedLoops:
    // inside a lock, in unsafe code, a foreach with a ref-struct enumerator, a loop a ref-like local is live across) still
    // counts its steps, with no branch out: the tasklet cannot be paused there, so a budget it spends interrupts it at its
    // next check, as Scheduler.Atomic() defers an interruption. The count is the same as a check's, one per back-edge
    // (for a foreach one per iteration, counted as it starts):
    //
    //   while (c) B          ->  for (; c; CountLoopStep()) B
    //   for (i; c; s) B      ->  for (i; c; s, CountLoopStep()) B
    //   do B while (c);      ->  do B while (CountLoopStep() && (c));
    //   foreach (x in e) B   ->  foreach (x in e) { CountLoopStep(); B }
    //
    // Only code of the tasklet's own body counts (it runs on its scheduler's thread, the frame running): not a lambda or a
    // local function, which may run later outside any tasklet, nor a [Tasklet(Preemptible = false)] method.
    internal sealed partial class FrameLowerer
    {
        private sealed partial class BodyRewriter
        {
            private bool CountsSteps => _lambdaDepth == 0 && _l.Preemptible;

            private static ExpressionSyntax CountCall() =>
                SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName("CountLoopStep"));

            public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
            {
                var w = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
                if (!CountsSteps) return w;
                return SyntaxFactory.ForStatement(
                        SyntaxFactory.Token(w.WhileKeyword.LeadingTrivia, SyntaxKind.ForKeyword, w.WhileKeyword.TrailingTrivia),
                        w.OpenParenToken, null, default,
                        SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(SyntaxFactory.Space), w.Condition,
                        SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(SyntaxFactory.Space),
                        SyntaxFactory.SingletonSeparatedList(CountCall()), w.CloseParenToken, w.Statement)
                    .WithAttributeLists(w.AttributeLists);
            }

            public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
            {
                var f = (ForStatementSyntax)base.VisitForStatement(node)!;
                if (!CountsSteps) return f;
                return f.WithIncrementors(f.Incrementors.Add(CountCall().WithLeadingTrivia(SyntaxFactory.Space)));
            }

            public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
            {
                var d = (DoStatementSyntax)base.VisitDoStatement(node)!;
                if (!CountsSteps) return d;
                return d.WithCondition(SyntaxFactory.BinaryExpression(SyntaxKind.LogicalAndExpression,
                    CountCall().WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.Token(SyntaxKind.AmpersandAmpersandToken).WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.ParenthesizedExpression(d.Condition)));
            }

            public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node) =>
                CountSteps((ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!);

            /// <summary>A foreach copied whole counts a step as each iteration starts.</summary>
            private SyntaxNode CountSteps(CommonForEachStatementSyntax f)
            {
                if (!CountsSteps) return f;
                // On the statement's lines: { CountLoopStep(); B } keeps B's trivia outside (a comment after it, its line end).
                StatementSyntax b = f.Statement;
                BlockSyntax body = SyntaxFactory.Block(
                        SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
                        SyntaxFactory.List(new StatementSyntax[] { SyntaxFactory.ExpressionStatement(CountCall()).WithTrailingTrivia(SyntaxFactory.Space), b.WithoutTrivia() }),
                        SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space))
                    .WithLeadingTrivia(b.GetLeadingTrivia()).WithTrailingTrivia(b.GetTrailingTrivia());
                return f.WithStatement(body);
            }
        }
    }
}
