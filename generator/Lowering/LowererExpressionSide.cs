using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Ir;

namespace Stackless.Generator.Lowering
{
    // The expression side as the control flow sees it (IExpressionLowering): each member answers from the file that
    // does the work (ExpressionSpilling, PatternTests, AnonymousTypeStorage, PlannedStorage).
    internal sealed partial class ExpressionLowering : IExpressionLowering
    {
        LoweredValue IExpressionLowering.Lower(ExpressionSyntax expression) => LowerExpr(expression);
        LoweredValue? IExpressionLowering.LowerOrVoid(ExpressionSyntax expression) => LowerExprOrVoid(expression);
        void IExpressionLowering.LowerForEffect(ExpressionSyntax expression) => LowerExpressionStatement(expression);
        LoweredValue IExpressionLowering.LowerChildren(ExpressionSyntax parent, IReadOnlyList<ExpressionSyntax> children) => LowerChildren(parent, children);
        ExpressionSyntax IExpressionLowering.Negated(LoweredValue condition, ExpressionSyntax conditionSyntax) => Negated(condition, conditionSyntax);
        ExpressionSyntax IExpressionLowering.PatternTest(LoweredValue value, PatternSyntax pattern) => PatternTest(value, pattern);
        ExpressionSyntax IExpressionLowering.Cast(ITypeSymbol type, ExpressionSyntax value) => CastSyntax(type, value);
        LoweredValue IExpressionLowering.NewTemp(ITypeSymbol type, SyntaxNode at, string kind) => NewTemp(type, at, kind);
        LoweredValue IExpressionLowering.NewStepTemp(ITypeSymbol type, SyntaxNode at, string kind) => NewStepTemp(type, at, kind);
        IrNode IExpressionLowering.Declare(ILocalSymbol local, ExpressionSyntax? value) => Declare(local, value);
        StatementSyntax IExpressionLowering.DeclareStatement(ILocalSymbol local, ExpressionSyntax? value) => DeclareStatement(local, value);
        ExpressionSyntax IExpressionLowering.StorageOf(ILocalSymbol local) => StorageOf(local);
    }
}
