using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Facts
{
    /// <summary>One reason a [Tasklet] method gets nothing generated: the diagnostic at the method, and the short reason its dependents quote.</summary>
    internal sealed record HeaderRefusal(DiagnosticDescriptor Descriptor, Location Location, string[] Arguments, string Reason);

    /// <summary>
    /// Every reason a [Tasklet] method is refused before its body is lowered, so that it gets no frame factory and no
    /// SpawnM (TSK001, TSK002, TSK003, TSK008, TSK009, TSK010 for its shape). The parser reports them at the method;
    /// its dependents ask the same list whether the factory exists: a caller then calls the method as ordinary code
    /// (not a nested frame), an override or explicit implementation is refused in turn. One list, so the method's
    /// refusal and its callers' code never disagree. (A body refused while lowering still gets a throwing factory.)
    /// </summary>
    internal static class HeaderRefusals
    {
        /// <summary>
        /// True when this generator run (or, for another assembly, its symbols) gives <paramref name="method"/> a frame
        /// factory; false for a [Tasklet] method of this compilation that is refused before lowering.
        /// </summary>
        public static bool HasFactory(IMethodSymbol method, KnownSymbols known, Compilation compilation)
        {
            IMethodSymbol def = (method.ReducedFrom ?? method).OriginalDefinition;
            // Another assembly's factory is looked up at the call (ExpressionLowering.CheckCallable says when it is missing).
            return !FrameFactories.IsGeneratedHere(def, compilation) || Problem(def, known, compilation) is null;
        }

        /// <summary>Why a [Tasklet] method of this compilation gets no frame factory (null when it gets one).</summary>
        public static string? Problem(IMethodSymbol method, KnownSymbols known, Compilation compilation)
        {
            // Every declaration must pass (a partial method's declaring part has no body: refused, conservatively).
            foreach (SyntaxReference r in method.DeclaringSyntaxReferences)
            {
                if (r.GetSyntax() is not MethodDeclarationSyntax decl) return "not an ordinary method";
                if (Of(method, decl, known, compilation).FirstOrDefault() is HeaderRefusal refusal) return refusal.Reason;
            }
            return null;
        }

        /// <summary>The refusals of <paramref name="method"/> declared by <paramref name="decl"/>, in the order they are reported (TSK001 alone when present).</summary>
        public static List<HeaderRefusal> Of(IMethodSymbol method, MethodDeclarationSyntax decl, KnownSymbols known, Compilation compilation)
        {
            var refusals = new List<HeaderRefusal>();
            void Add(DiagnosticDescriptor d, Location at, string reason, params string[] args) => refusals.Add(new HeaderRefusal(d, at, args, reason));

            // TSK001: every enclosing type declaration must be partial (reported alone: nothing else can be added anyway).
            for (SyntaxNode? n = decl.Parent; n is TypeDeclarationSyntax t; n = n.Parent)
                if (!t.Modifiers.Any(SyntaxKind.PartialKeyword))
                    Add(DiagnosticDescriptors.TypeNotPartial, t.Identifier.GetLocation(), "type '" + t.Identifier.Text + "' is not partial", t.Identifier.Text, method.Name);
            if (refusals.Count > 0) return refusals;

            // TSK002: async or iterator.
            SyntaxToken asyncToken = decl.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword));
            if (asyncToken.RawKind != 0)
                Add(DiagnosticDescriptors.AsyncOrIterator, asyncToken.GetLocation(), "it is async", method.Name, "async");
            else if (IsIterator(method, decl))
                Add(DiagnosticDescriptors.AsyncOrIterator, decl.Identifier.GetLocation(), "it is an iterator", method.Name, "an iterator");

            // TSK003: parameters that cannot live in a heap frame.
            for (int i = 0; i < decl.ParameterList.Parameters.Count && i < method.Parameters.Length; i++)
            {
                IParameterSymbol p = method.Parameters[i];
                string? what = p.RefKind switch
                {
                    RefKind.Ref => "a ref parameter",
                    RefKind.Out => "an out parameter",
                    RefKind.In => "an in parameter",
                    RefKind.RefReadOnlyParameter => "a ref readonly parameter",
                    _ => p.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer ? "a pointer"
                        : p.Type.IsRefLikeType ? "of ref-like type " + FrameNaming.Type(p.Type) : null,
                };
                if (what != null)
                    Add(DiagnosticDescriptors.ByRefParameter, decl.ParameterList.Parameters[i].GetLocation(), "parameter '" + p.Name + "' is " + what, p.Name, method.Name, what);
            }

            // TSK008: instance methods of structs.
            if (!method.IsStatic && method.ContainingType.IsValueType)
                Add(DiagnosticDescriptors.InstanceMethodOfStruct, decl.Identifier.GetLocation(), "it is an instance method of a struct", method.Name, method.ContainingType.Name);

            // TSK010: shapes the frame cannot express. An abstract method (of a class or an interface) has no body and
            // no frame: only its frame factory is declared, which overrides and implementations provide.
            if (decl.Body is null && decl.ExpressionBody is null && !method.IsAbstract)
                Add(DiagnosticDescriptors.NotSupported, decl.Identifier.GetLocation(), "it has no body", "A [Tasklet] method without a body", "give the method a body");
            else if (DispatchProblem(method, known, compilation) is (string what, string fix))
                Add(DiagnosticDescriptors.NotSupported, decl.Identifier.GetLocation(), what + ": " + fix, what, fix);
            if (method.ReturnsByRef || method.ReturnsByRefReadonly || method.ReturnType.IsRefLikeType)
                Add(DiagnosticDescriptors.NotSupported, decl.ReturnType.GetLocation(), "its return type is by reference or ref-like", "A ref or ref-like return type", "a tasklet's result is stored in its frame");

            // TSK009: the names of the generated SpawnM and frame factory must be free. SpawnM is declared only where
            // M is first declared (an override or explicit implementation dispatches through the base's SpawnM).
            bool isExplicit = method.ExplicitInterfaceImplementations.Length > 0;
            string[] names = !method.IsOverride && !isExplicit ? new[] { FrameNaming.SpawnName(method), FrameNaming.FactoryName(method) }
                : isExplicit ? new string[0] : new[] { FrameNaming.FactoryName(method) };
            foreach (string name in names)
            {
                if (method.ContainingType.GetMembers(name).Any(m => !m.IsImplicitlyDeclared) || method.ContainingType.GetTypeMembers(name).Any())
                    Add(DiagnosticDescriptors.SpawnNameClash, decl.Identifier.GetLocation(), "the name '" + name + "' is taken", method.ContainingType.Name, name, method.Name);
            }
            return refusals;
        }

        /// <summary>
        /// Why a [Tasklet] method's frame factory cannot dispatch as the method does (virtual, override, interface
        /// member, explicit implementation); null when it can. The parts complete TSK010's message.
        /// </summary>
        public static (string What, string Fix)? DispatchProblem(IMethodSymbol method, KnownSymbols known, Compilation compilation)
        {
            string Show(IMethodSymbol m) => m.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            if (method.ContainingType.TypeKind == TypeKind.Interface)
            {
                if (method.IsStatic && (method.IsAbstract || method.IsVirtual))
                    return ("A static abstract or static virtual [Tasklet] interface member",
                        "a call through a type parameter could not reach its frame; make it an instance member, or a static method of a class");
                if (!method.IsStatic && !compilation.SupportsRuntimeCapability(RuntimeCapability.DefaultImplementationsOfInterfaces))
                    return ("A [Tasklet] interface member on a runtime without default interface methods",
                        "the generated frame factory and SpawnM are interface members with bodies (.NET Core 3.0 or later)");
            }
            if (method.IsOverride && method.OverriddenMethod is IMethodSymbol overridden)
            {
                if (!known.IsTaskletMethod(overridden))
                    return ("Overriding '" + Show(overridden) + "', which is not [Tasklet],",
                        "mark it [Tasklet] too, so that a call through the base type creates this override's frame");
                // (A generic override's return type is compared in its own type parameters.)
                IMethodSymbol sameTypeParameters = overridden.Arity == 0 || overridden.Arity != method.Arity ? overridden
                    : overridden.Construct(method.TypeParameters.Cast<ITypeSymbol>().ToArray());
                if (!SymbolEqualityComparer.Default.Equals(method.ReturnType, sameTypeParameters.ReturnType))
                    return ("A covariant return type on a [Tasklet] override",
                        "the frame factory it overrides returns the base method's frame type; declare the base method's return type");
                if (!FrameFactories.IsGeneratedHere(overridden, compilation))
                {
                    if (FrameFactories.MissingFactory(overridden, compilation, method.ContainingType) is string missing)
                        return ("Overriding [Tasklet] method '" + Show(overridden) + "' of another assembly", missing);
                }
                else if (Problem(overridden.OriginalDefinition, known, compilation) is string problem)
                    return ("Overriding [Tasklet] method '" + Show(overridden) + "'", "it cannot be compiled itself (" + problem + ")");
            }
            foreach (IMethodSymbol implemented in method.ExplicitInterfaceImplementations)
            {
                if (!known.IsTaskletMethod(implemented))
                    return ("Explicitly implementing '" + Show(implemented) + "', which is not [Tasklet],",
                        "mark the interface member [Tasklet] too, so that a call through the interface creates this frame");
                if (!FrameFactories.IsGeneratedHere(implemented, compilation))
                {
                    if (FrameFactories.MissingFactory(implemented, compilation, method.ContainingType) is string missing)
                        return ("Implementing [Tasklet] method '" + Show(implemented) + "' of another assembly", missing);
                }
                else if (Problem(implemented.OriginalDefinition, known, compilation) is string problem)
                    return ("Implementing [Tasklet] method '" + Show(implemented) + "'", "it cannot be compiled itself (" + problem + ")");
            }
            return null;
        }

        /// <summary>
        /// A body with <c>yield</c> outside lambdas and local functions. Only an enumerable or enumerator return type
        /// can be an iterator, so other bodies are not searched (callers ask this for every call).
        /// </summary>
        private static bool IsIterator(IMethodSymbol method, MethodDeclarationSyntax decl)
        {
            if (decl.Body is null || method.ReturnType.Name is not ("IEnumerable" or "IEnumerator" or "IAsyncEnumerable" or "IAsyncEnumerator")) return false;
            return decl.Body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any();
        }
    }
}
