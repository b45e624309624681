using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Ir;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// The control flow of the lowering (issue 16 item 2 (c)): the statements on the suspending spine flattened into
    /// labels — blocks, if, loops, foreach, switch statements, try, using, return — where jumps go (the lowered loops' and
    /// switches' targets, the try being lowered, a lowered catch's rethrow, the shared return) and the gotos, step checks
    /// and the user's statements it writes to the <see cref="IrOutput"/>. A class of its own beside the expression side,
    /// which it reaches only through <see cref="IExpressionLowering"/> (and the copier through <see cref="ICopyContext"/>);
    /// partial over its files: this one, <c>StatementLowering</c>, <c>SwitchLowering</c>, <c>ExceptionHandlerLowering</c>,
    /// <c>CopiedJumps</c> (a jump out of copied code), <c>BackwardGotoChecks</c>, <c>LoopStepChecks</c> and <c>CountedLoops</c>.
    /// </summary>
    /// <remarks>
    /// Input: the method's facts, the hoisting plan, the allocator, the output, the expression side, the copy context.
    /// Output: nodes written to the output, and the answers the copier asks of the control flow (<see cref="ICopyContext"/>'s
    /// jump half, forwarded by the expression side, which implements the copy context).
    /// Invariants: <see cref="Try"/> is the innermost try being lowered (null outside any), restored by who set it;
    /// every backward goto's step check written has its resume block emitted after the statement that holds it.
    /// </remarks>
    internal sealed partial class ControlFlowLowering
    {
        private readonly MethodFacts _facts;
        private readonly HoistingPlan _plan;
        private readonly LoweringAllocator _alloc;
        private readonly IrOutput _ir;

        /// <summary>The expression side: an expression's prefix nodes and value, and the storage of what is kept in the frame.</summary>
        private readonly IExpressionLowering _expressions;

        /// <summary>The context the copier (<see cref="BodyRewriter"/>) asks when the control flow copies the user's code.</summary>
        private readonly ICopyContext _copyContext;

        public ControlFlowLowering(MethodFacts facts, HoistingPlan plan, LoweringAllocator alloc, IrOutput ir, IExpressionLowering expressions, ICopyContext copyContext)
        {
            _facts = facts;
            _plan = plan;
            _alloc = alloc;
            _ir = ir;
            _expressions = expressions;
            _copyContext = copyContext;
            IsVoid = facts.Method.ReturnsVoid;
        }

        /// <summary>True when the method returns nothing (a return is a jump, with no result to set).</summary>
        public bool IsVoid { get; }

        /// <summary>The try the code being lowered is in (null: none); <see cref="LoweredReturn"/> asks.</summary>
        public TryScope? Try { get; set; }

        /// <summary>Where a break, continue or goto case of each lowered loop or switch goes.</summary>
        public Dictionary<SyntaxNode, JumpTargets> JumpTargets { get; } = new();

        /// <summary>The temp holding the exception a lowered catch caught (a bare <c>throw;</c> rethrows it), or null.</summary>
        public string? Rethrow { get; set; }

        /// <summary>True once a return jumps to the shared <c>__return</c> label (set a result, run the finallys on the way).</summary>
        public bool ReturnUsed { get; private set; }

        /// <summary>
        /// False for <c>[Tasklet(Preemptible = false)]</c>: the method gets no step checks (issue 14: a budgeted
        /// <c>Scheduler.Run</c> cannot interrupt it).
        /// </summary>
        public bool Preemptible
        {
            get
            {
                if (_preemptible is bool known) return known;
                bool value = true;
                foreach (AttributeData a in _facts.Method.GetAttributes())
                {
                    if (!SymbolEqualityComparer.Default.Equals(a.AttributeClass, _facts.Known.TaskletAttribute)) continue;
                    foreach (KeyValuePair<string, TypedConstant> arg in a.NamedArguments)
                        if (arg.Key == "Preemptible" && arg.Value.Value is bool b) value = b;
                }
                _preemptible = value;
                return value;
            }
        }

        private bool? _preemptible;

        // ---------------------------------------------------------------- gotos and step checks

        public void EmitGoto(string target, bool loopBackEdge = false)
        {
            if (loopBackEdge) EmitStepCheck(target);
            _ir.Add(new IrGoto(target, loopBackEdge));
        }

        /// <summary><c>if (condition) goto target;</c>: the user's condition (mapped to the statement's line) or, when <paramref name="user"/> is false, the generator's.</summary>
        public void EmitIfGoto(ExpressionSyntax condition, string target, bool user, bool loopBackEdge = false)
        {
            if (loopBackEdge && Preemptible)
            {
                // A conditional back-edge (do-while): the check comes before the condition is tested.
                string tested = NewLabel("step");
                EmitStepCheck(tested);
                EmitLabel(tested);
            }
            if (user) condition = _ir.InCheckedContext(condition);
            _ir.Add(new IrConditionalGoto(condition, target, user ? _ir.Line : -1, _ir.Column, loopBackEdge));
        }

        /// <summary>
        /// A step check of the watchdog (a loop back-edge): a resume point where a budgeted run may pause the tasklet; the
        /// fast path goes on to <paramref name="continueAt"/>, and so does the resume path (through the node that follows).
        /// </summary>
        public void EmitStepCheck(string continueAt)
        {
            if (!Preemptible) return;
            int state = NewResumePoint();
            _ir.Add(new IrStepCheck(state, continueAt, _ir.Line));
        }

        // ---------------------------------------------------------------- the user's statements

        private void SetPosition(SyntaxNode node) => _ir.SetPosition(node);

        /// <summary>Emits a statement of the generator's as its typed node (only the emitter writes its text).</summary>
        private void Emit(IrNode statement) => _ir.Add(statement);

        /// <summary>Emits the user's code <paramref name="text"/>, taken whole (it holds no jump out of it).</summary>
        private void EmitUser(string text) => EmitUser(new CopiedCode(text));

        /// <summary><c>target = value;</c>, both without their outer trivia.</summary>
        public void EmitUserAssign(LoweredValue target, LoweredValue value) => EmitUser(GeneratedSyntax.AssignStatement(target.Bare(), value.Bare()));

        /// <summary><c>target = value;</c>.</summary>
        public void EmitUserAssign(LoweredValue target, ExpressionSyntax value) => EmitUser(GeneratedSyntax.AssignStatement(target.Bare(), value));

        /// <summary>
        /// Emits copied code (mapped to the user's line, checked context kept), its jumps out of it as holes (see
        /// <see cref="CopiedCode"/>); then the resume blocks of the backward gotos' checks it wrote, which follow the
        /// statement that holds them.
        /// </summary>
        public void EmitUser(CopiedCode code, int line = -1, bool allowChecked = true)
        {
            if (line < 0) line = _ir.Line;
            if (_ir.Checked != null && allowChecked) code = code.Within(_ir.Checked + " { ", " }");
            _ir.Add(new IrVerbatim(code.Text, line, _ir.Column, code.Holes));
            EmitStepCheckResumes();
        }

        /// <summary>Emits <paramref name="statement"/> as a statement of the user's code: mapped to the user's line, checked context kept.</summary>
        public void EmitUser(StatementSyntax statement)
        {
            if (_ir.Checked != null) statement = GeneratedSyntax.Checked(_ir.Checked == "checked", statement);
            _ir.Add(new IrUserStatement(statement, _ir.Line, _ir.Column, JumpHoles.InSyntax(statement)));
            EmitStepCheckResumes();
        }

        private void EmitLabel(string label) => _ir.Add(new IrLabel(label));

        private string NewLabel(string kind) => _alloc.NewLabel(kind);

        /// <summary>A provisional identity for a resume point (<see cref="LoweringAllocator.NewResumePoint"/>).</summary>
        private int NewResumePoint() => _alloc.NewResumePoint();

        // ---------------------------------------------------------------- storage (the expression side's)

        /// <summary>A frame field of the generator's (a counter, a caught exception), of a type it names itself.</summary>
        private string NewTemp(string typeText, string kind) => _alloc.NewTempField("internal", typeText, kind);

        /// <summary>A frame field for a value of the user's <paramref name="type"/> (the expression side's storage: an anonymous type gets an object box).</summary>
        private LoweredValue NewTemp(ITypeSymbol type, SyntaxNode at, string kind = "t") => _expressions.NewTemp(type, at, kind);

        private IrNode Declare(ILocalSymbol local, ExpressionSyntax? value) => _expressions.Declare(local, value);

        private StatementSyntax DeclareStatement(ILocalSymbol local, ExpressionSyntax? value) => _expressions.DeclareStatement(local, value);

        private ExpressionSyntax StorageOf(ILocalSymbol local) => _expressions.StorageOf(local);

        // ---------------------------------------------------------------- copies of the user's code

        /// <summary>The copy of <paramref name="node"/> as it must read inside the frame (with its outer trivia).</summary>
        private SyntaxNode Rewrite(SyntaxNode node, Dictionary<ISymbol, string>? overrides = null) => BodyRewriter.Copy(_copyContext, node, null, overrides);

        /// <summary>The copy of <paramref name="node"/> with its jumps out of it as holes.</summary>
        private CopiedCode Copy(SyntaxNode node) => JumpHoles.Cut(Rewrite(node));

        /// <summary>The user's code of <paramref name="node"/> as it must read inside the frame, where no jump can leave it.</summary>
        private string Text(SyntaxNode node)
        {
            CopiedCode copy = Copy(node);
            if (copy.Holes.Count > 0) throw new System.InvalidOperationException("a jump out of copied code where only text is taken");
            return copy.Text;
        }

        /// <summary>The copy of the user's expression <paramref name="node"/>, as syntax without its outer trivia.</summary>
        private ExpressionSyntax CopiedExpression(ExpressionSyntax node) => OuterTrivia.Without((ExpressionSyntax)Rewrite(node));

        internal static int LineOf(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

        // ---------------------------------------------------------------- user labels

        /// <summary>The label statement a <c>goto label;</c> jumps to (by symbol), or null.</summary>
        public LabeledStatementSyntax? LabelOf(GotoStatementSyntax jump)
        {
            SyntaxNode body = _facts.Body;
            if (jump.Expression is null || _facts.Model.GetSymbolInfo(jump.Expression, _facts.Ct).Symbol is not ILabelSymbol label) return null;
            foreach (SyntaxReference r in label.DeclaringSyntaxReferences)
                if (r.SyntaxTree == body.SyntaxTree && r.GetSyntax(_facts.Ct) is LabeledStatementSyntax l && body.Span.Contains(l.Span)) return l;
            return null;
        }

        /// <summary>A user label as the frame spells it.</summary>
        public string LabelText(LabeledStatementSyntax label) =>
            FrameNaming.Escape(_plan.TryGetLabelName(label, out string name) ? name : label.Identifier.ValueText);

        /// <summary>The renamed target of a goto, or null when it keeps the user's name.</summary>
        public string? LabelName(GotoStatementSyntax jump) =>
            _plan.RenamesLabels && LabelOf(jump) is LabeledStatementSyntax l && _plan.TryGetLabelName(l, out string name) ? name : null;

        /// <summary>Called once the body is lowered: every backward goto's check has its resume block.</summary>
        [System.Diagnostics.Conditional("DEBUG")]
        public void AssertFinished() =>
            System.Diagnostics.Debug.Assert(_pendingCheckResumes.Count == 0, "a backward goto's check was written but its resume block never emitted");
    }
}
