using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Ir;

namespace Stackless.Generator.Lowering
{
    // A switch statement that suspends becomes a chain of pattern tests in source order (default last, as C# does)
    // jumping to one label per section; pattern variables are hoisted like any local. (A switch expression is the
    // expression side's: SwitchExpressionLowering.)
    internal sealed partial class ControlFlowLowering
    {
        private void LowerSwitch(SwitchStatementSyntax s)
        {
            ITypeSymbol? type = _facts.Model.GetTypeInfo(s.Expression, _facts.Ct).Type;
            if (type is null) throw new RefusalException(DiagnosticDescriptors.NotSupported, s.Expression, "This switch", "its type does not bind");
            LoweredValue value = NewTemp(type, s.Expression, "switch");
            SetPosition(s.Expression);
            EmitUserAssign(value, _expressions.Lower(s.Expression));
            string brk = NewLabel("endswitch");
            var targets = new JumpTargets { Break = brk };
            JumpTargets[s] = targets;
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
                            targets.Cases.Add((_facts.Model.GetConstantValue(c.Value, _facts.Ct).Value, label));
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
                            EmitIfGoto(SyntaxFactory.IsPatternExpression(value.Bare(), GeneratedSyntax.Spaced(SyntaxKind.IsKeyword), SyntaxFactory.ConstantPattern(CopiedExpression(c.Value))),
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
        private ExpressionSyntax Guarded(ExpressionSyntax test, WhenClauseSyntax when) => GeneratedSyntax.Guarded(test, CopiedExpression(when.Condition));
    }
}
