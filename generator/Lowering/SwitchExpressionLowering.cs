using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Ir;

namespace Stackless.Generator.Lowering
{
    // A switch expression whose arms suspend becomes a chain of pattern tests in source order, each arm's value
    // assigned to one result temp; pattern variables are hoisted like any local. (A switch statement is the control
    // flow's: SwitchLowering.)
    internal sealed partial class ExpressionLowering
    {
        private LoweredValue LowerSwitchExpression(SwitchExpressionSyntax sw)
        {
            if (!sw.Arms.Any(a => _plan.IsLowered(a)))
            {
                return LowerChildren(sw, new List<ExpressionSyntax> { sw.GoverningExpression });
            }
            ITypeSymbol? govType = _facts.Model.GetTypeInfo(sw.GoverningExpression, _facts.Ct).Type;
            ITypeSymbol? type = _facts.Model.GetTypeInfo(sw, _facts.Ct).Type ?? _facts.Model.GetTypeInfo(sw, _facts.Ct).ConvertedType;
            if (govType is null || type is null) throw new RefusalException(DiagnosticDescriptors.NotSupported, sw, "This switch expression", "its type does not bind");
            LoweredValue value = NewTemp(govType, sw.GoverningExpression);
            _flow.EmitUserAssign(value, LowerExpr(sw.GoverningExpression));
            LoweredValue result = NewTemp(type, sw);
            string end = NewLabel("endswitch");
            bool exhaustive = false;
            foreach (SwitchExpressionArmSyntax arm in sw.Arms)
            {
                if (arm.Pattern is DiscardPatternSyntax && arm.WhenClause is null)
                {
                    // `_ => …` always matches (C# rejects arms after it as subsumed).
                    SetPosition(arm);
                    _flow.EmitUserAssign(result, LowerExpr(arm.Expression));
                    exhaustive = true;
                    break;
                }
                // Arm variables are hoisted when any arm suspends (the arms are no longer one expression).
                string next = NewLabel("nextarm");
                ExpressionSyntax test = PatternTest(value, arm.Pattern);
                SetPosition(arm);
                if (arm.WhenClause != null && _plan.IsLowered(arm.WhenClause))
                {
                    // The guard suspends: it runs only when the pattern matched, as its own statements (C# evaluates
                    // the guards of matching arms in source order, and stops at the first arm whose guard is true).
                    _flow.EmitIfGoto(GeneratedSyntax.Not(test), next, user: true);
                    LoweredValue guard = LowerExpr(arm.WhenClause.Condition);
                    _flow.EmitIfGoto(Negated(guard, arm.WhenClause.Condition), next, user: true);
                }
                else
                {
                    if (arm.WhenClause != null) test = GeneratedSyntax.Guarded(test, CopiedExpression(arm.WhenClause.Condition));
                    _flow.EmitIfGoto(GeneratedSyntax.Not(GeneratedSyntax.Paren(test)), next, user: true);
                }
                _flow.EmitUserAssign(result, LowerExpr(arm.Expression));
                _flow.EmitGoto(end);
                EmitLabel(next);
            }
            if (!exhaustive)
                Emit(new IrThrow(GeneratedSyntax.New(GeneratedSyntax.GlobalType("System", "Runtime", "CompilerServices", "SwitchExpressionException"), new[] { SyntaxFactory.Argument(value.Bare()) })));
            EmitLabel(end);
            return result;
        }
    }
}
