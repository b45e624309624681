using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Facts
{
    /// <summary>
    /// A user's <c>goto</c> that may close a loop (issue 14): to a label written before it, or a <c>goto case</c> /
    /// <c>goto default</c> to a section written before its own (or to its own). Every cycle of a method's control flow
    /// has a loop's back-edge or such a jump. Shared by the generator (which checks or counts it) and the analyzer
    /// (TSK117 reports one it cannot): the analyzer project compiles this file too.
    /// </summary>
    internal static class BackwardJumps
    {
        public static bool IsBackward(GotoStatementSyntax jump, SemanticModel model, CancellationToken ct)
        {
            if (jump.IsKind(SyntaxKind.GotoStatement))
            {
                if (jump.Expression is null || model.GetSymbolInfo(jump.Expression, ct).Symbol is not ILabelSymbol label) return false;
                return label.Locations.Any(l => l.SourceTree == jump.SyntaxTree && l.SourceSpan.Start < jump.SpanStart);
            }
            SwitchSectionSyntax? from = jump.Ancestors().OfType<SwitchSectionSyntax>().FirstOrDefault();
            if (from?.Parent is not SwitchStatementSyntax sw) return false;
            object? value = jump.Expression is null ? null : model.GetConstantValue(jump.Expression, ct).Value;
            foreach (SwitchSectionSyntax section in sw.Sections)
            {
                if (section.SpanStart > from.SpanStart) return false;
                foreach (SwitchLabelSyntax l in section.Labels)
                {
                    if (jump.IsKind(SyntaxKind.GotoDefaultStatement) ? l is DefaultSwitchLabelSyntax
                        : l is CaseSwitchLabelSyntax c && SameConstant(model.GetConstantValue(c.Value, ct).Value, value))
                        return true;
                }
            }
            return false;
        }

        /// <summary>Two case constants as C# compares them after conversion to the switch's type (1 and 1L are one case).</summary>
        private static bool SameConstant(object? a, object? b)
        {
            if (a is null || b is null) return a is null && b is null;
            if (a.Equals(b)) return true;
            if (a is string || b is string || a is bool || b is bool) return false;
            try { return System.Convert.ToDecimal(a, CultureInfo.InvariantCulture) == System.Convert.ToDecimal(b, CultureInfo.InvariantCulture); }
            catch (System.Exception e) when (e is System.FormatException or System.InvalidCastException or System.OverflowException) { return false; }
        }
    }
}
