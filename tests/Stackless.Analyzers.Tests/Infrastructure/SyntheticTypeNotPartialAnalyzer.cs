using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Stackless.Analyzers.Tests.Infrastructure
{
    /// <summary>
    /// Stands in for the generator's TSK001 ("the type containing a [Tasklet] method is not partial") so the
    /// code fix can be tested on its own. Reports at the method's name, or at the type's name when
    /// <see cref="AtTypeName"/> is set, since the fix must work wherever the generator puts the diagnostic.
    /// </summary>
    internal abstract class SyntheticTypeNotPartialAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            "TSK001", "Type is not partial", "The type containing [Tasklet] method '{0}' must be partial", "Stackless.Generator",
            DiagnosticSeverity.Error, isEnabledByDefault: true);

        protected abstract bool AtTypeName { get; }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            // Both report from the node they are at, so the diagnostics are local (as a code fix requires).
            if (AtTypeName)
                context.RegisterSyntaxNodeAction(AnalyzeType, SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.RecordDeclaration);
            else
                context.RegisterSyntaxNodeAction(AnalyzeMethod, SyntaxKind.MethodDeclaration);
        }

        private static bool IsTasklet(MethodDeclarationSyntax method) =>
            method.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "Tasklet" or "Stackless.Tasklet");

        private static void AnalyzeMethod(SyntaxNodeAnalysisContext context)
        {
            var method = (MethodDeclarationSyntax)context.Node;
            if (IsTasklet(method) && method.Ancestors().OfType<TypeDeclarationSyntax>().Any(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)))
                context.ReportDiagnostic(Diagnostic.Create(Rule, method.Identifier.GetLocation(), method.Identifier.ValueText));
        }

        private static void AnalyzeType(SyntaxNodeAnalysisContext context)
        {
            var type = (TypeDeclarationSyntax)context.Node;
            MethodDeclarationSyntax? method = type.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(IsTasklet);
            if (method is not null && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
                context.ReportDiagnostic(Diagnostic.Create(Rule, type.Identifier.GetLocation(), method.Identifier.ValueText));
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class TypeNotPartialAtMethodAnalyzer : SyntheticTypeNotPartialAnalyzer
    {
        protected override bool AtTypeName => false;
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class TypeNotPartialAtTypeAnalyzer : SyntheticTypeNotPartialAnalyzer
    {
        protected override bool AtTypeName => true;
    }
}
