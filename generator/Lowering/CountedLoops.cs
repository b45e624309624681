using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;

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
    //   goto back;           ->  { CountLoopStep(); goto back; }      (a goto to a label or switch section written before it)
    //
    // Only code that runs on the tasklet's stack while its frame runs counts: the body, and the local functions that run
    // only in place (InPlaceLocalFunctions: only called, from the body or each other; copied into MoveNext, where the
    // frame's CountLoopStep is at hand; a `static` one loses the modifier in the copy, which changes nothing else since
    // it captures nothing). Not a lambda, a query or a local function turned into a delegate, which may run later outside
    // any tasklet or on another thread (analyzer TSK117 says so), nor a [Tasklet(Preemptible = false)] method.
    internal sealed partial class ControlFlowLowering
    {
        private HashSet<LocalFunctionStatementSyntax>? _inPlaceLocalFunctions;

        /// <summary>True for a local function of the body that runs only in place, when the method counts steps.</summary>
        public bool CountsStepsIn(LocalFunctionStatementSyntax f) =>
            Preemptible && (_inPlaceLocalFunctions ??= InPlaceLocalFunctions.Of(_facts.Body, _facts.Model, _facts.Ct)).Contains(f);

        /// <summary>True for a goto to a label or a switch section written before it (or to its own section): a loop's back-edge.</summary>
        private bool IsBackwardJump(GotoStatementSyntax jump) => BackwardJumps.IsBackward(jump, _facts.Model, _facts.Ct);

        /// <summary>A goto of the body leaving copied code, to <paramref name="label"/> (a hole: CopiedJumps.cs), counting its step when it goes backward.</summary>
        private StatementSyntax CountedJump(GotoStatementSyntax node, string label) =>
            Preemptible && IsBackwardJump(node)
                ? OneLineBlock(node, SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName("CountLoopStep")), SpaceAfter(SyntaxKind.SemicolonToken)),
                    JumpHoles.Hole(label, SyntaxFactory.TriviaList(SyntaxFactory.Space)))
                : JumpHoles.HoleFor(label, node);
    }

    // The copying side of counted loops: a loop or backward goto copied whole counts its steps.
    internal sealed partial class BodyRewriter
    {
        /// <summary>True for a loop of <paramref name="original"/>'s place that counts: the body, or an in-place local function.</summary>
        private bool CountsSteps(SyntaxNode original)
        {
            if (!_context.Preemptible) return false;
            if (_lambdaDepth == 0) return true;
            for (SyntaxNode? n = original.Parent; n != null && n != _root.Parent; n = n.Parent)
            {
                if (n is LocalFunctionStatementSyntax f) return _context.CountsStepsIn(f); // an in-place one is declared only in the body or another
                if (n is AnonymousFunctionExpressionSyntax or QueryExpressionSyntax) return false;
            }
            return false; // a node of no closure of the copy (not the user's tree): not counted
        }

        /// <summary>An in-place local function as copied: a <c>static</c> one loses the modifier, so that its loops reach the frame.</summary>
        private LocalFunctionStatementSyntax InPlace(LocalFunctionStatementSyntax original, LocalFunctionStatementSyntax copy)
        {
            if (!_context.CountsStepsIn(original)) return copy;
            int at = copy.Modifiers.IndexOf(SyntaxKind.StaticKeyword);
            if (at < 0) return copy;
            SyntaxToken s = copy.Modifiers[at];
            SyntaxTokenList modifiers = copy.Modifiers.RemoveAt(at);
            // The modifier's leading trivia (indentation) goes to what now comes first.
            if (at == 0)
                return modifiers.Count > 0
                    ? copy.WithModifiers(modifiers.Replace(modifiers[0], modifiers[0].WithLeadingTrivia(s.LeadingTrivia)))
                    : copy.WithModifiers(modifiers).WithReturnType(copy.ReturnType.WithLeadingTrivia(s.LeadingTrivia));
            return copy.WithModifiers(modifiers);
        }

        /// <summary>A goto inside copied code (or a local function), counting its step when it goes backward.</summary>
        private SyntaxNode CountedBackEdge(GotoStatementSyntax original, SyntaxNode copy)
        {
            if (!CountsSteps(original) || !BackwardJumps.IsBackward(original, Model, Ct)) return copy;
            return SyntaxFactory.Block(
                    SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.List(new StatementSyntax[] { SyntaxFactory.ExpressionStatement(CountCall()).WithTrailingTrivia(SyntaxFactory.Space), ((StatementSyntax)copy).WithoutTrivia() }),
                    SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space))
                .WithTriviaFrom(copy);
        }

        private static ExpressionSyntax CountCall() =>
            SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName("CountLoopStep"));

        public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
        {
            var w = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
            if (!CountsSteps(node)) return w;
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
            if (!CountsSteps(node)) return f;
            return f.WithIncrementors(f.Incrementors.Add(CountCall().WithLeadingTrivia(SyntaxFactory.Space)));
        }

        public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
        {
            var d = (DoStatementSyntax)base.VisitDoStatement(node)!;
            if (!CountsSteps(node)) return d;
            return d.WithCondition(SyntaxFactory.BinaryExpression(SyntaxKind.LogicalAndExpression,
                CountCall().WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.Token(SyntaxKind.AmpersandAmpersandToken).WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.ParenthesizedExpression(d.Condition)));
        }

        public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node) =>
            CountSteps(node, (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!);

        /// <summary>A foreach copied whole counts a step as each iteration starts.</summary>
        private SyntaxNode CountSteps(CommonForEachStatementSyntax original, CommonForEachStatementSyntax f)
        {
            if (!CountsSteps(original)) return f;
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
