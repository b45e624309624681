using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    // Step checks at the back-edges of lowered loops (issue 14). A loop that suspends has its locals in fields and gets
    // BudgetCheck's check (EmitStepCheck). A loop that does not suspend is lowered only for its check (CheckedLoops): its
    // check has no call in the loop (IrLoopStepCheck), and the locals of MoveNext live across it (the plan's
    // PlannedLocal.SavedAround) are saved to their fields where it interrupts and taken back where it resumes.
    internal sealed partial class ControlFlowLowering
    {
        /// <summary>True for a loop lowered only for its step check: nothing in it suspends.</summary>
        public bool IsCheckedOnly(SyntaxNode loop) => !_facts.Analysis.Contains(loop);

        /// <summary>The back-edge of a lowered loop to <paramref name="target"/>, with the loop's step check.</summary>
        public void EmitLoopBackEdge(SyntaxNode loop, string target)
        {
            if (!IsCheckedOnly(loop))
            {
                EmitGoto(target, loopBackEdge: true);
                return;
            }
            EmitLoopStepCheck(loop, target);
            _ir.Add(new IrGoto(target, IsLoopBackEdge: true));
        }

        /// <summary>The conditional back-edge of a lowered do loop: the check comes before the condition is tested.</summary>
        public void EmitLoopBackEdgeIf(SyntaxNode loop, ExpressionSyntax condition, string target)
        {
            if (!IsCheckedOnly(loop))
            {
                EmitIfGoto(condition, target, user: true, loopBackEdge: true);
                return;
            }
            string tested = NewLabel("step");
            EmitLoopStepCheck(loop, tested);
            EmitLabel(tested);
            EmitIfGoto(condition, target, user: true);
        }

        /// <summary>
        /// The check of a loop that does not suspend; the node after it goes on to <paramref name="continueAt"/>. The
        /// locals it saves are those the plan keeps in MoveNext across this loop's back-edge.
        /// </summary>
        private void EmitLoopStepCheck(SyntaxNode loop, string continueAt)
        {
            int state = NewResumePoint();
            var saves = new List<IrAssign>();
            var restores = new List<IrAssign>();
            foreach (PlannedLocal local in _plan.Locals)
            {
                if (local.SaveField is null || !Contains(local.SavedAround, loop)) continue;
                string name = FrameNaming.Escape(local.Name);
                saves.Add(new IrAssign(GeneratedSyntax.Name(local.SaveField), GeneratedSyntax.Name(name)));
                restores.Add(new IrAssign(GeneratedSyntax.Name(name), GeneratedSyntax.Name(local.SaveField)));
            }
            _ir.Add(new IrLoopStepCheck(state, continueAt, _ir.Line, saves.ToEquatableArray(), restores.ToEquatableArray()));
        }

        private static bool Contains(IReadOnlyList<SyntaxNode> nodes, SyntaxNode node)
        {
            foreach (SyntaxNode n in nodes)
                if (n == node) return true;
            return false;
        }
    }
}
