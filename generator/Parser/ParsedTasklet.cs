using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Model;

namespace Stackless.Generator.Parser
{
    /// <summary>
    /// One [Tasklet] method after the parser's checks: either a finished <see cref="Result"/> (refused, or nothing to
    /// lower: no body, an abstract member), or a validated body whose <see cref="Facts"/> the lowering passes take.
    /// Holds symbols and syntax: it lives only inside one run of the pipeline's lowering step.
    /// </summary>
    internal sealed class ParsedTasklet
    {
        private ParsedTasklet(GeneratorAttributeSyntaxContext context, IMethodSymbol method, MethodDeclarationSyntax? decl, KnownSymbols? known, GeneratedShape? shape)
        {
            Context = context;
            Method = method;
            Declaration = decl;
            Known = known;
            Shape = shape;
        }

        public static ParsedTasklet Done(GeneratorAttributeSyntaxContext context, IMethodSymbol method, TaskletResult result) =>
            new(context, method, null, null, null) { Result = result };

        public static ParsedTasklet ToLower(GeneratorAttributeSyntaxContext context, IMethodSymbol method, MethodDeclarationSyntax decl, KnownSymbols known,
            GeneratedShape shape, MethodFacts facts, List<DiagnosticInfo> diagnostics) =>
            new(context, method, decl, known, shape) { Facts = facts, Diagnostics = diagnostics };

        public GeneratorAttributeSyntaxContext Context { get; }
        public IMethodSymbol Method { get; }
        public MethodDeclarationSyntax? Declaration { get; }
        public KnownSymbols? Known { get; }
        public GeneratedShape? Shape { get; }

        /// <summary>The pipeline's result for this method when no lowering pass is to run; else null.</summary>
        public TaskletResult? Result { get; private set; }

        /// <summary>The validated body's facts (suspension points, the model, known symbols) when it is to be lowered.</summary>
        public MethodFacts? Facts { get; private set; }

        /// <summary>Warnings found so far (a body to lower has no error).</summary>
        public List<DiagnosticInfo> Diagnostics { get; private set; } = new();
    }
}
