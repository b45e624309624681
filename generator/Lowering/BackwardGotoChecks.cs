using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Ir;

namespace Stackless.Generator.Lowering
{
    // Step checks at a user's backward goto (issue 14): a goto to a label of the flattened scope written earlier is a loop
    // back-edge, so `L: x++; goto L;` (or `if (x < n) goto L;` copied whole) gets a check as a lowered loop does. The
    // check goes into the copied text right before the goto; its resume block, reached only through the dispatch, is
    // written after the copied statement and jumps on to the label. The tasklet resumes at the goto: every local of the
    // copied statement is out of scope there, and the flattened scope's locals are fields (no loop is checked without
    // suspending yet, so none is a local of MoveNext).
    internal sealed partial class ControlFlowLowering
    {
        /// <summary>Backward gotos checked in the text being built: their resume blocks follow the statement's node.</summary>
        private readonly List<(int State, int Line, LabeledStatementSyntax Label)> _pendingCheckResumes = new();

        /// <summary>
        /// True for a goto leaving copied code backward to a label of the flattened scope, where a check may interrupt: not
        /// when leaving would run code on the way (a finally, a using's or foreach's dispose, a lock's exit: an
        /// interruption would run it early), nor when a ref-like local is declared in the flattened scope (the resume path
        /// would jump over its initialization).
        /// </summary>
        private bool IsCheckedBackwardGoto(GotoStatementSyntax jump, LabeledStatementSyntax label, SyntaxNode root)
        {
            if (!Preemptible || label.SpanStart >= jump.SpanStart) return false;
            if (_plan.Locals.Any(l => l.Storage == LocalStorage.FlattenedLocal)) return false;
            for (SyntaxNode? n = jump.Parent; n != null; n = n.Parent)
            {
                if (n is TryStatementSyntax or CatchClauseSyntax or FinallyClauseSyntax or UsingStatementSyntax or LockStatementSyntax
                    or CommonForEachStatementSyntax or FixedStatementSyntax)
                    return false;
                if (n is BlockSyntax block && block.Statements.Any(st => st is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } && st.SpanStart < jump.SpanStart))
                    return false; // a using declaration before the goto in a block it leaves
                if (n == root) break;
            }
            return true;
        }

        /// <summary>The check written before a backward goto (see <see cref="IsCheckedBackwardGoto"/>); its resume block is pending.</summary>
        private StatementSyntax StepCheckBefore(GotoStatementSyntax jump, LabeledStatementSyntax label)
        {
            int state = NewResumePoint();
            _pendingCheckResumes.Add((state, LineOf(jump), label));
            // if (BudgetCheck(state)) return; (followed by a space: it starts a one-line block)
            return SyntaxFactory.IfStatement(SpaceAfter(SyntaxKind.IfKeyword), SyntaxFactory.Token(SyntaxKind.OpenParenToken),
                SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName("BudgetCheck"), SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(state)))))),
                SpaceAfter(SyntaxKind.CloseParenToken),
                SyntaxFactory.ReturnStatement(SyntaxFactory.Token(SyntaxKind.ReturnKeyword), null, SpaceAfter(SyntaxKind.SemicolonToken)), null);
        }

        /// <summary>After the copied statement: each pending check's resume block, jumped over by the fast path.</summary>
        private void EmitStepCheckResumes()
        {
            if (_pendingCheckResumes.Count == 0) return;
            var pending = _pendingCheckResumes.ToArray();
            _pendingCheckResumes.Clear();
            string after = NewLabel("checked");
            _ir.Add(new IrGoto(after));
            foreach ((int state, int line, LabeledStatementSyntax label) in pending)
            {
                _ir.Add(new IrStepCheckResume(state, line));
                _ir.Add(new IrJump(LabelText(label))); // routed by ExceptionHandlerRouting
            }
            EmitLabel(after);
        }
    }
}
