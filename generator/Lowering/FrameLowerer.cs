using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The pass that lowers one [Tasklet] method body into the <c>MoveNext</c> of a resumable frame: the suspending spine
    /// is flattened into labels in one scope (each <c>try</c> that suspends gets its own dispatch), suspension points
    /// become Begin/End pairs or nested frame calls, and everything else is copied as the user wrote it.
    /// </summary>
    /// <remarks>
    /// Input: the method's facts (which validation accepted), the <see cref="HoistingPlan"/> (which locals become
    /// fields, and every name), a fresh <see cref="LoweringAllocator"/>. Output: the <see cref="IrBody"/> of
    /// <c>MoveNext</c> (<see cref="Lower"/>), and the frame's fields, helpers and type helpers.
    /// This class only wires the parts and runs them: one <see cref="IrOutput"/> they write to, the expression side
    /// (<see cref="ExpressionLowering"/>) and the control flow it makes (<see cref="ControlFlowLowering"/>); the copier
    /// (<see cref="BodyRewriter"/>) is called by both.
    /// </remarks>
    internal sealed class FrameLowerer
    {
        private readonly MethodFacts _facts;
        private readonly HoistingPlan _plan;
        private readonly LoweringAllocator _alloc;
        private readonly IrOutput _ir = new();
        private readonly ExpressionLowering _expressions;
        private readonly ControlFlowLowering _flow;

        /// <summary>A lowering of the body of <paramref name="facts"/> (which validation accepted), hoisted as <paramref name="plan"/> says.</summary>
        public FrameLowerer(MethodFacts facts, HoistingPlan plan, LoweringAllocator alloc, string frameName)
        {
            _facts = facts;
            _plan = plan;
            _alloc = alloc;
            _expressions = new ExpressionLowering(facts, plan, alloc, _ir, frameName);
            _flow = _expressions.Flow;
            IsVoid = facts.Method.ReturnsVoid;
            ResultType = IsVoid ? "" : FrameNaming.Type(facts.Method.ReturnType);
        }

        /// <summary>Fields of the frame (parameters come first, then hoisted locals and temps).</summary>
        public List<FrameField> Fields => _alloc.Fields;
        /// <summary>Helper members the body needs (e.g. <c>__Set</c>), in the order asked for.</summary>
        public List<FrameHelper> Helpers => _alloc.Helpers;
        /// <summary>Members the frame needs in the user's type (base forwarders), in the order asked for.</summary>
        public List<TypeHelper> TypeHelpers => _expressions.TypeHelpers;
        /// <summary>Each parameter with the frame field that holds it.</summary>
        public IReadOnlyList<(IParameterSymbol Parameter, string Field)> ParameterFields => _plan.ParameterFields;

        public bool IsVoid { get; }
        public string ResultType { get; }
        public bool UsesThis => _alloc.UsesThis || !_facts.Method.IsStatic;

        /// <summary>
        /// Runs the lowering; returns the body of <c>MoveNext</c> in the intermediate form, try statements whose
        /// handlers suspend still structured (<see cref="ExceptionHandlerRouting"/>), its resume points not yet numbered
        /// (<see cref="StateNumbering"/>) nor dispatched (<see cref="StateDispatch"/>).
        /// </summary>
        public IrBody Lower()
        {
            try
            {
                return LowerBody();
            }
            catch (InsufficientExecutionStackException)
            {
                // Out of stack in Roslyn (a semantic query binding something deep): report at the statement being lowered.
                throw StackGuard.TooDeep(_ir.Position ?? _facts.Body);
            }
        }

        private IrBody LowerBody()
        {
            SyntaxNode body = _facts.Body;
            System.Diagnostics.Debug.Assert(PlacementValidation.Check(_facts.Analysis, body).Count == 0, "the parser lowers only a body the validation pass accepted");
            _expressions.DeclarePlannedStorage();

            if (body is BlockSyntax block)
            {
                _flow.LowerStatements(block.Statements, 0);
            }
            else if (body is ArrowExpressionClauseSyntax arrow)
            {
                _ir.SetPosition(arrow.Expression);
                if (IsVoid) ((IExpressionLowering)_expressions).LowerForEffect(arrow.Expression);
                else _flow.LowerReturn(arrow.Expression, arrow);
            }
            if (_flow.Preemptible && CallsTasklets(_ir.Nodes))
            {
                // The entry check, first in the body, at the method's own line. StateNumbering numbers it after the
                // body's resume points, which keep the numbers they have without checks. Only a method that calls
                // tasklets gets one: every cycle of calls (recursion) passes through such a caller, and a loop has its
                // back-edge check; a leaf without it stays small enough for the JIT to inline its MoveNext (schedule-2).
                int id = _alloc.NewResumePoint();
                string entered = _alloc.NewLabel("entered");
                _ir.Nodes.InsertRange(0, new IrNode[] { new IrStepCheck(id, entered, ControlFlowLowering.LineOf(body.Parent ?? body), AtEntry: true), new IrLabel(entered) });
            }
            if (_flow.ReturnUsed)
            {
                _ir.Add(new IrLabel("__return"));
                _ir.Add(new IrFinish(IsVoid ? null : new IrSyntax<ExpressionSyntax>(GeneratedSyntax.Name("__result"))));
            }
            else if (IsVoid)
            {
                _ir.Add(new IrFinish(null));
            }
            if (!IsVoid && _flow.ReturnUsed)
                Fields.Add(new FrameField("internal", ResultType, "__result"));
            _expressions.AddAnonymousTypeHelpers();
            if (_alloc.UsesSetHelper) Helpers.Add(new FixedHelper(FixedHelperKind.Set));

            _flow.AssertFinished();
            return new IrBody(_alloc.MoveNextLocals.ToEquatableArray(), IrDispatch.None, _ir.Nodes.ToEquatableArray(), _facts.Body.SyntaxTree.FilePath ?? "");
        }

        /// <summary>True when <paramref name="nodes"/> (or a region nested in them) call another tasklet.</summary>
        private static bool CallsTasklets(IEnumerable<IrNode> nodes) => nodes.Any(n => n switch
        {
            IrNestedCall => true,
            IrTryRegion t => CallsTasklets(t.Body) || CallsTasklets(t.Handlers),
            IrTryWithLoweredCatches t => CallsTasklets(t.Body) || t.Catches.Any(c => CallsTasklets(c.Body)),
            IrTryWithLoweredFinally t => CallsTasklets(t.Body) || CallsTasklets(t.Finally),
            IrBlock b => CallsTasklets(b.Body),
            IrCatch c => CallsTasklets(c.Body),
            IrFinally f => CallsTasklets(f.Body),
            _ => false,
        });
    }
}
