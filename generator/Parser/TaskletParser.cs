using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Ir;
using Stackless.Generator.Lowering;
using Stackless.Generator.Model;

namespace Stackless.Generator.Parser
{
    /// <summary>
    /// The parser of one [Tasklet] method: checks it (its header, then where its suspension points are) and builds its
    /// equatable model. It runs no lowering pass: the pipeline (<see cref="TaskletGenerator.Compile"/>) takes the
    /// validated body from <see cref="Parse"/> to the passes and their <see cref="LoweredFrame"/> back to
    /// <see cref="Lowered"/>. Only strings and plain data leave it (no symbols, syntax or compilation).
    /// </summary>
    internal static class TaskletParser
    {
        /// <summary>The method checked: a finished result, or a validated body for the lowering passes.</summary>
        public static ParsedTasklet Parse(GeneratorAttributeSyntaxContext context, IMethodSymbol method, CancellationToken ct)
        {
            var diagnostics = new List<DiagnosticInfo>();
            if (context.TargetNode is not MethodDeclarationSyntax decl)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotSupported, context.TargetNode, "[Tasklet] on a local function",
                    "mark an ordinary method of a partial type instead"));
                return Done(context, method, null, diagnostics);
            }
            SemanticModel semanticModel = BodyModel.Of(context.SemanticModel, decl.SyntaxTree);
            var known = new KnownSymbols(semanticModel.Compilation);

            // TSK001, TSK002, TSK003, TSK008, TSK009 and TSK010 for the method's shape: no frame and no factory, and its
            // callers call it as ordinary code (they ask HeaderRefusals too).
            Compilation compilation = semanticModel.Compilation;
            List<HeaderRefusal> refusals = HeaderRefusals.Of(method, decl, known, compilation);
            foreach (HeaderRefusal r in refusals)
                diagnostics.Add(DiagnosticInfo.Create(r.Descriptor, r.Location, r.Arguments));
            ct.ThrowIfCancellationRequested();
            if (diagnostics.Count > 0)
            {
                // Where SpawnM's signature can still be written, it is declared, throwing, so the user's SpawnM calls
                // compile too and the refusal stays the build's only error.
                if (!CanDeclareRefusedSpawn(method, refusals)) return Done(context, method, null, diagnostics);
                return Done(context, method, BuildModel(context, decl, method, new GeneratedShape(method, decl, known, compilation), null,
                    refusedWith: refusals[0].Descriptor.Id, headerRefused: true), diagnostics);
            }
            var shape = new GeneratedShape(method, decl, known, compilation);

            if (!shape.HasFrame)
                return Done(context, method, BuildModel(context, decl, method, shape, null), diagnostics);

            SyntaxNode body = (SyntaxNode?)decl.Body ?? decl.ExpressionBody!;
            MethodFacts facts;
            try
            {
                facts = new MethodFacts(semanticModel, known, method, body, ct); // binds the body
                // Validation: every misplaced suspension point is reported, and such a body is not lowered.
                List<DiagnosticInfo> misplaced = PlacementValidation.Check(facts.Analysis, body);
                if (misplaced.Count > 0)
                {
                    diagnostics.AddRange(misplaced);
                    return Done(context, method, BuildModel(context, decl, method, shape, null, refusedWith: misplaced[0].Id), diagnostics);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return ParsedTasklet.Done(context, method, Refused(context, decl, method, shape, diagnostics, e));
            }
            return ParsedTasklet.ToLower(context, method, decl, known, shape, facts, diagnostics);
        }

        private static ParsedTasklet Done(GeneratorAttributeSyntaxContext context, IMethodSymbol method, TaskletModel? model, List<DiagnosticInfo> diagnostics) =>
            ParsedTasklet.Done(context, method, new TaskletResult(model, diagnostics.ToEquatableArray()));

        /// <summary>The model of a body the passes lowered.</summary>
        public static TaskletResult Lowered(ParsedTasklet parsed, LoweredFrame frame) =>
            new(BuildModel(parsed.Context, parsed.Declaration!, parsed.Method, parsed.Shape!, frame), parsed.Diagnostics.ToEquatableArray());

        /// <summary>
        /// The model of a body the lowering refused (<paramref name="e"/> says why: a <see cref="RefusalException"/>'s
        /// diagnostic, TSK012 when Roslyn's binder ran out of stack, TSK011 for an internal failure). Its factory and SpawnM
        /// are still declared, throwing, so other tasklets' calls and the user's SpawnM calls compile: the refusal is the
        /// build's only error.
        /// </summary>
        public static TaskletResult Refused(ParsedTasklet parsed, Exception e) =>
            Refused(parsed.Context, parsed.Declaration!, parsed.Method, parsed.Shape!, parsed.Diagnostics, e);

        private static TaskletResult Refused(GeneratorAttributeSyntaxContext context, MethodDeclarationSyntax decl, IMethodSymbol method, GeneratedShape shape,
            List<DiagnosticInfo> diagnostics, Exception e)
        {
            DiagnosticInfo diagnostic = e switch
            {
                RefusalException le => DiagnosticInfo.Create(le.Descriptor, le.Node, le.Arguments),
                // Roslyn's own binder ran out of stack on this body (the lowering's own recursions say where they did).
                InsufficientExecutionStackException => DiagnosticInfo.Create(DiagnosticDescriptors.TooDeeplyNested, decl.Identifier.GetLocation(), "The body of [Tasklet] method '" + method.Name + "'"),
                _ => DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, decl.Identifier.GetLocation(), method.Name, e.GetType().Name + ": " + e.Message),
            };
            diagnostics.Add(diagnostic);
            return new TaskletResult(BuildModel(context, decl, method, shape, null, refusedWith: diagnostic.Id), diagnostics.ToEquatableArray());
        }

        /// <summary>
        /// A method refused before lowering can still have its SpawnM declared (throwing) when the type takes members
        /// (no TSK001), the name is free (no TSK009), M is first declared here, outside an interface, with plain
        /// parameters (no TSK003) and a result a Tasklet&lt;T&gt; can carry.
        /// </summary>
        private static bool CanDeclareRefusedSpawn(IMethodSymbol method, List<HeaderRefusal> refusals) =>
            refusals.All(r => r.Descriptor == DiagnosticDescriptors.AsyncOrIterator || r.Descriptor == DiagnosticDescriptors.InstanceMethodOfStruct
                || r.Descriptor == DiagnosticDescriptors.NotSupported)
            && !method.IsOverride && method.ExplicitInterfaceImplementations.Length == 0 && method.ContainingType.TypeKind != TypeKind.Interface
            && !method.ReturnType.IsRefLikeType && method.ReturnType.TypeKind is not (TypeKind.Pointer or TypeKind.FunctionPointer)
            && method.Parameters.All(p => p.RefKind == RefKind.None && !p.Type.IsRefLikeType && p.Type.TypeKind is not (TypeKind.Pointer or TypeKind.FunctionPointer));

        private static TaskletModel BuildModel(GeneratorAttributeSyntaxContext context, MethodDeclarationSyntax decl, IMethodSymbol method,
            GeneratedShape shape, LoweredFrame? lowered, string? refusedWith = null, bool headerRefused = false)
        {
            string file = decl.SyntaxTree.FilePath ?? "";
            int line = decl.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            string display = method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            string typeParams = FrameNaming.TypeParameterList(method.TypeParameters);
            EquatableArray<string> constraints = FrameNaming.Constraints(method.TypeParameters).ToEquatableArray();
            string baseType = method.ReturnsVoid
                ? "global::Stackless.CompilerServices.TaskletFrame"
                : "global::Stackless.CompilerServices.TaskletFrame<" + FrameNaming.Type(method.ReturnType) + ">";
            string containingType = FrameNaming.Type(method.ContainingType);
            string paramList = FrameNaming.Parameters(method.Parameters);
            string paramNames = string.Join(", ", method.Parameters.Select(p => FrameNaming.Escape(p.Name)));

            FrameClass? frame = null;
            if (lowered != null)
            {
                var fields = new List<FrameField>();
                var copies = new List<ParameterCopy>();
                var ctorParams = new List<string>();
                if (!method.IsStatic)
                {
                    fields.Add(new FrameField("internal", containingType, "__this"));
                    copies.Add(new ParameterCopy("__this", "__this"));
                    ctorParams.Add(containingType + " __this");
                }
                fields.AddRange(lowered.Fields);
                if (paramList.Length > 0) ctorParams.Add(paramList);
                copies.AddRange(lowered.ParameterCopies);
                // A private method's frame is private too (its parameter types may be private to the type).
                frame = new FrameClass(method.DeclaredAccessibility == Accessibility.Private ? "private" : "internal", shape.FrameHidesBase,
                    shape.FrameName, typeParams, baseType, constraints, fields.ToEquatableArray(), string.Join(", ", ctorParams),
                    copies.ToEquatableArray(), lowered.MoveNext, lowered.Helpers, lowered.ProtectedResumePoints);
            }

            PlainFrame? plain = shape.HasPlainFrame
                ? new PlainFrame(shape.PlainFrameName, typeParams, baseType, constraints, containingType,
                    method.Parameters.Select(p => FrameNaming.Type(p.Type)).ToEquatableArray(), FrameNaming.Escape(method.Name), method.ReturnsVoid)
                : null;

            // The frame factory: how SpawnM and other tasklets' nested calls create M's frame. It dispatches like M, so
            // a call through a base class or an interface creates the frame of the override or implementation.
            // A method refused before lowering has none: its callers call it as ordinary code (HeaderRefusals.HasFactory).
            FrameFactory? factory = null;
            if (!headerRefused)
            {
                string factoryName = shape.IsExplicitImplementation
                    ? FrameNaming.Type(method.ExplicitInterfaceImplementations[0].ContainingType) + "." + shape.FactoryName
                    : shape.FactoryName;
                var ctorArgs = new List<string>();
                if (!method.IsStatic) ctorArgs.Add("this");
                if (paramNames.Length > 0) ctorArgs.Add(paramNames);
                FactoryBody body = !shape.HasFrame && !shape.HasPlainFrame ? FactoryBody.Abstract
                    : refusedWith != null && shape.HasFrame ? FactoryBody.Throws
                    : FactoryBody.CreatesFrame;
                factory = new FrameFactory(
                    shape.IsExplicitImplementation ? method.ExplicitInterfaceImplementations[0].Name : method.Name, FactoryRemark(method, shape),
                    shape.FactoryModifiers, baseType, factoryName, typeParams, FrameNaming.Parameters(method.Parameters, defaults: !shape.IsExplicitImplementation),
                    shape.FactoryRestatesConstraints ? constraints : EquatableArray<string>.Empty, body,
                    body == FactoryBody.CreatesFrame ? (shape.HasFrame ? shape.FrameName : shape.PlainFrameName) + typeParams : "", string.Join(", ", ctorArgs));
            }

            // SpawnM: same accessibility, static-ness, parameters and type parameters as M; it starts the frame the
            // factory creates (for a virtual M, the override's).
            SpawnMethod? spawn = shape.DeclaresSpawn
                ? new SpawnMethod(shape.SpawnModifiers,
                    method.ReturnsVoid ? "global::Stackless.Tasklet" : "global::Stackless.Tasklet<" + FrameNaming.Type(method.ReturnType) + ">",
                    shape.SpawnName, typeParams, paramList, constraints, headerRefused, shape.FactoryName + typeParams, paramNames)
                : null;

            // Containing types, outermost first.
            var types = new List<ContainingTypeInfo>();
            for (SyntaxNode? n = decl.Parent; n is TypeDeclarationSyntax t; n = n.Parent)
            {
                string keyword = t switch
                {
                    RecordDeclarationSyntax r => r.ClassOrStructKeyword.RawKind != 0 ? "record " + r.ClassOrStructKeyword.Text : "record",
                    _ => t.Keyword.Text,
                };
                if (t.Modifiers.Any(SyntaxKind.RefKeyword)) keyword = "ref " + keyword;
                string tps = t.TypeParameterList is null ? "" : "<" + string.Join(", ", t.TypeParameterList.Parameters.Select(p => p.Identifier.Text)) + ">";
                types.Insert(0, new ContainingTypeInfo(keyword, t.Identifier.Text + tps));
            }

            // Namespace and the user's using directives (copied statements bind names exactly as in the user's file).
            string? ns = method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString();
            var usings = new List<string>();
            CompilationUnitSyntax root = (CompilationUnitSyntax)decl.SyntaxTree.GetRoot();
            foreach (UsingDirectiveSyntax u in root.Usings)
                if (u.GlobalKeyword.RawKind == 0) usings.Add(u.WithoutTrivia().ToFullString());
            foreach (BaseNamespaceDeclarationSyntax nsDecl in decl.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse())
                foreach (UsingDirectiveSyntax u in nsDecl.Usings)
                    usings.Add(u.WithoutTrivia().ToFullString());

            NullableContext nullable = context.SemanticModel.GetNullableContext(decl.SpanStart);
            string nullableDirective = nullable.AnnotationsEnabled()
                ? "#nullable enable annotations"
                : "#nullable disable";

            // Named after the frame (numbered for overloads, so unique per method; an abstract method has none, but the name still identifies it).
            string hint = (method.ContainingType.ToDisplayString() + "." + (shape.HasPlainFrame ? shape.PlainFrameName : shape.FrameName))
                .Replace('<', '{').Replace('>', '}').Replace(' ', '_').Replace(',', '_') + ".g.cs";

            return new TaskletModel(hint, ns, usings.Distinct().ToEquatableArray(), types.ToEquatableArray(), nullableDirective,
                display, file, line, frame, plain, factory, spawn, refusedWith,
                lowered?.TypeHelpers ?? EquatableArray<TypeHelper>.Empty);
        }

        /// <summary>One sentence on how the factory dispatches, for the comment above it.</summary>
        private static string FactoryRemark(IMethodSymbol method, GeneratedShape shape)
        {
            if (shape.IsExplicitImplementation) return "Implements the interface member's factory, so a call through the interface creates this frame.";
            if (shape.HasPlainFrame) return "An implementation that is not [Tasklet] runs as a plain call (it cannot suspend); a [Tasklet] implementation replaces this with its own frame.";
            if (method.IsOverride) return "Overrides the base method's factory, so a call through a base reference creates this frame.";
            if (method.IsAbstract) return "Abstract like the method: every override provides its frame.";
            if (method.IsVirtual || (method.ContainingType.TypeKind == TypeKind.Interface && !method.IsStatic)) return "Virtual like the method: an override's factory creates the override's frame.";
            return "Non-virtual like " + method.Name + ", so the JIT inlines it.";
        }
    }
}
