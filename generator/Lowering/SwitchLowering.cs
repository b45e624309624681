using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Ir;

namespace Stackless.Generator.Lowering
{
    // switch statements and expressions that suspend become a chain of pattern tests in source order (default
    // last, as C# does) jumping to one label per section; pattern variables are hoisted like any local.
    internal sealed partial class FrameLowerer
    {
        private void LowerSwitch(SwitchStatementSyntax s)
        {
            ITypeSymbol? type = _model.GetTypeInfo(s.Expression, _ct).Type;
            if (type is null) throw new RefusalException(DiagnosticDescriptors.NotSupported, s.Expression, "This switch", "its type does not bind");
            LoweredValue value = NewTemp(type, s.Expression, "switch");
            SetPosition(s.Expression);
            EmitUserAssign(value, _expressions.Lower(s.Expression));
            string brk = NewLabel("endswitch");
            var targets = new JumpTargets { Break = brk };
            _jumpTargets[s] = targets;
            var sectionLabels = new List<string>();
            foreach (SwitchSectionSyntax section in s.Sections)
            {
                string label = NewLabel("case");
                sectionLabels.Add(label);
                foreach (SwitchLabelSyntax l in section.Labels)
                {
                    switch (l)
                    {
                        case CaseSwitchLabelSyntax c:
                            targets.Cases.Add((_model.GetConstantValue(c.Value, _ct).Value, label));
                            break;
                        case DefaultSwitchLabelSyntax:
                            targets.Default = label;
                            break;
                    }
                }
            }
            for (int i = 0; i < s.Sections.Count; i++)
            {
                foreach (SwitchLabelSyntax l in s.Sections[i].Labels)
                {
                    SetPosition(l);
                    switch (l)
                    {
                        case CaseSwitchLabelSyntax c:
                            EmitIfGoto(SyntaxFactory.IsPatternExpression(value.Bare(), Spaced(SyntaxKind.IsKeyword), SyntaxFactory.ConstantPattern(CopiedExpression(c.Value))),
                                sectionLabels[i], user: true);
                            break;
                        case CasePatternSwitchLabelSyntax p:
                        {
                            ExpressionSyntax test = _expressions.PatternTest(value, p.Pattern);
                            if (p.WhenClause != null && _plan.IsLowered(p.WhenClause))
                            {
                                // The guard suspends: test the pattern, then evaluate the guard as its own statement.
                                string next = NewLabel("nextcase");
                                EmitIfGoto(GeneratedSyntax.Not(test), next, user: true);
                                LoweredValue guard = _expressions.Lower(p.WhenClause.Condition);
                                EmitIfGoto(guard.Bare(), sectionLabels[i], user: true);
                                EmitLabel(next);
                                break;
                            }
                            if (p.WhenClause != null) test = Guarded(test, p.WhenClause);
                            EmitIfGoto(test, sectionLabels[i], user: true);
                            break;
                        }
                    }
                }
            }
            EmitGoto(targets.Default ?? brk);
            for (int i = 0; i < s.Sections.Count; i++)
            {
                EmitLabel(sectionLabels[i]);
                LowerStatements(s.Sections[i].Statements, 0);
            }
            EmitLabel(brk);
        }

        /// <summary><c>test &amp;&amp; (guard)</c>: a pattern test and its when clause, which does not suspend.</summary>
        private ExpressionSyntax Guarded(ExpressionSyntax test, WhenClauseSyntax when) =>
            GeneratedSyntax.Binary(SyntaxKind.LogicalAndExpression, SyntaxKind.AmpersandAmpersandToken, test, GeneratedSyntax.Paren(CopiedExpression(when.Condition)));

        private LoweredValue LowerSwitchExpression(SwitchExpressionSyntax sw)
        {
            if (!sw.Arms.Any(a => _plan.IsLowered(a)))
            {
                return _expressions.LowerChildren(sw, new List<ExpressionSyntax> { sw.GoverningExpression });
            }
            ITypeSymbol? govType = _model.GetTypeInfo(sw.GoverningExpression, _ct).Type;
            ITypeSymbol? type = _model.GetTypeInfo(sw, _ct).Type ?? _model.GetTypeInfo(sw, _ct).ConvertedType;
            if (govType is null || type is null) throw new RefusalException(DiagnosticDescriptors.NotSupported, sw, "This switch expression", "its type does not bind");
            LoweredValue value = NewTemp(govType, sw.GoverningExpression);
            EmitUserAssign(value, _expressions.Lower(sw.GoverningExpression));
            LoweredValue result = NewTemp(type, sw);
            string end = NewLabel("endswitch");
            bool exhaustive = false;
            foreach (SwitchExpressionArmSyntax arm in sw.Arms)
            {
                if (arm.Pattern is DiscardPatternSyntax && arm.WhenClause is null)
                {
                    // `_ => …` always matches (C# rejects arms after it as subsumed).
                    SetPosition(arm);
                    EmitUserAssign(result, _expressions.Lower(arm.Expression));
                    exhaustive = true;
                    break;
                }
                // Arm variables are hoisted when any arm suspends (the arms are no longer one expression).
                string next = NewLabel("nextarm");
                ExpressionSyntax test = _expressions.PatternTest(value, arm.Pattern);
                SetPosition(arm);
                if (arm.WhenClause != null && _plan.IsLowered(arm.WhenClause))
                {
                    // The guard suspends: it runs only when the pattern matched, as its own statements (C# evaluates
                    // the guards of matching arms in source order, and stops at the first arm whose guard is true).
                    EmitIfGoto(GeneratedSyntax.Not(test), next, user: true);
                    LoweredValue guard = _expressions.Lower(arm.WhenClause.Condition);
                    EmitIfGoto(_expressions.Negated(guard, arm.WhenClause.Condition), next, user: true);
                }
                else
                {
                    if (arm.WhenClause != null) test = Guarded(test, arm.WhenClause);
                    EmitIfGoto(GeneratedSyntax.Not(GeneratedSyntax.Paren(test)), next, user: true);
                }
                EmitUserAssign(result, _expressions.Lower(arm.Expression));
                EmitGoto(end);
                EmitLabel(next);
            }
            if (!exhaustive)
                Emit(new IrThrow(GeneratedSyntax.New(GeneratedSyntax.GlobalType("System", "Runtime", "CompilerServices", "SwitchExpressionException"), new[] { SyntaxFactory.Argument(value.Bare()) })));
            EmitLabel(end);
            return result;
        }
    }
}
