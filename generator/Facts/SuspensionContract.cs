using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Stackless.Generator.Facts
{
    /// <summary>
    /// How a declared suspension point (a method with <c>[SuspensionPoint]</c>) is performed: its Begin/End pair, or
    /// the factory of its nested frame, resolved from the attribute and checked against the method's signature
    /// (docs/frame-contract.md). Built for the method's definition; a problem is a message for TSK013, never a crash.
    /// </summary>
    internal sealed class SuspensionContract
    {
        public const string AttributeMetadataName = "Stackless.CompilerServices.SuspensionPointAttribute";

        private SuspensionContract(IMethodSymbol? begin, bool beginTakesFrame, IMethodSymbol? end, bool endTakesFrame, IMethodSymbol? createFrame, bool createTakesFrame)
        {
            Begin = begin;
            BeginTakesFrame = beginTakesFrame;
            End = end;
            EndTakesFrame = endTakesFrame;
            CreateFrame = createFrame;
            CreateTakesFrame = createTakesFrame;
        }

        /// <summary>Starts the operation: true when the frame must return. Null for a nested frame.</summary>
        public IMethodSymbol? Begin { get; }
        public bool BeginTakesFrame { get; }

        /// <summary>Completes it at the resume point (value, out arguments, or the exception). Null for a nested frame.</summary>
        public IMethodSymbol? End { get; }
        public bool EndTakesFrame { get; }

        /// <summary>Creates the nested frame the caller runs (a TaskletFrame or TaskletFrame&lt;R&gt;). Null for a pair.</summary>
        public IMethodSymbol? CreateFrame { get; }
        public bool CreateTakesFrame { get; }

        public bool IsNestedFrame => CreateFrame != null;

        /// <summary>The [SuspensionPoint] attribute of <paramref name="method"/> (or of a method it overrides), or null.</summary>
        public static AttributeData? AttributeOf(IMethodSymbol method, INamedTypeSymbol? attributeType, out IMethodSymbol declaring)
        {
            declaring = (method.ReducedFrom ?? method).OriginalDefinition;
            if (attributeType is null) return null;
            for (IMethodSymbol? m = declaring; m != null; m = m.OverriddenMethod?.OriginalDefinition)
            {
                foreach (AttributeData a in m.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType))
                    {
                        declaring = m;
                        return a;
                    }
                }
            }
            return null;
        }

        /// <summary>True for <c>GetEnumerator()</c>: its attribute declares a suspending foreach step, not a suspending call.</summary>
        public static bool IsForEachDeclaration(IMethodSymbol method) => method.Name == "GetEnumerator" && method.Parameters.Length == 0;

        /// <summary>
        /// Resolves the contract of <paramref name="method"/> (the definition carrying the attribute); null with
        /// <paramref name="problem"/> set when the attribute is ill-formed.
        /// </summary>
        public static SuspensionContract? Resolve(IMethodSymbol method, AttributeData attribute, Compilation compilation, out string problem)
        {
            problem = "";
            INamedTypeSymbol? tasklet = compilation.GetTypeByMetadataName("Stackless.Tasklet");
            var args = attribute.ConstructorArguments;
            if (args.Length == 0 || args.Any(a => a.Kind == TypedConstantKind.Error || a.Value is not string s || s.Length == 0))
            {
                problem = "its [SuspensionPoint] attribute must name the methods (nameof(BeginM), nameof(EndM)) or (nameof(CreateMFrame))";
                return null;
            }
            ITypeSymbol? endType = null;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
                if (named.Key == "EndType") endType = named.Value.Value as ITypeSymbol;
            if (endType is not null and not INamedTypeSymbol { IsGenericType: false, TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface })
            {
                problem = "its EndType must be a non-generic class, struct or interface";
                return null;
            }

            bool isStatic = method.IsStatic;
            var inputs = method.Parameters.Where(p => p.RefKind != RefKind.Out).ToList();
            var outs = method.Parameters.Where(p => p.RefKind == RefKind.Out).ToList();
            if (method.Parameters.Any(p => p.RefKind == RefKind.Ref || p.RefKind == RefKind.RefReadOnlyParameter))
            {
                problem = "a suspension point cannot take ref parameters (the caller's variable would be written after the frame suspended)";
                return null;
            }

            if (args.Length == 1)
            {
                string createName = (string)args[0].Value!;
                if (outs.Count > 0)
                {
                    problem = "a suspension point declared as a nested frame ('" + createName + "') cannot have out parameters; declare a Begin/End pair";
                    return null;
                }
                IMethodSymbol? create = Find(method.ContainingType, createName, isStatic, (c, offset) =>
                    ParametersMatch(c, offset, inputs, method) && IsFrameOf(c.ReturnType, method, compilation), tasklet, out bool createFrame);
                if (create is null)
                {
                    problem = "'" + createName + "' must be a" + (isStatic ? " static" : "n instance or static") + " method of " + Show(method.ContainingType) +
                        " taking " + Show(method) + "'s parameters and returning " + (method.ReturnsVoid ? "TaskletFrame" : "TaskletFrame<" + Show(method.ReturnType) + ">");
                    return null;
                }
                return new SuspensionContract(null, false, null, false, create, createFrame);
            }

            string beginName = (string)args[0].Value!, endName = (string)args[1].Value!;
            // On GetEnumerator(): End delivers the enumerator's Current (the element, as the definition names it).
            bool forEach = IsForEachDeclaration(method);
            ITypeSymbol? element = forEach
                ? method.ReturnType.GetMembers("Current").OfType<IPropertySymbol>().FirstOrDefault()?.Type
                : null;
            if (forEach && element is null) { problem = "GetEnumerator()'s enumerator has no Current property"; return null; }
            IMethodSymbol? begin = Find(method.ContainingType, beginName, isStatic, (b, offset) =>
                b.ReturnType.SpecialType == SpecialType.System_Boolean && ParametersMatch(b, offset, inputs, method), tasklet, out bool beginFrame);
            if (begin is null)
            {
                problem = "'" + beginName + "' must be a" + (isStatic ? " static" : "n instance or static") + " method of " + Show(method.ContainingType) +
                    " returning bool and taking " + (inputs.Count == 0 ? "no parameters" : "the parameters " + string.Join(", ", inputs.Select(p => Show(p.Type) + " " + p.Name))) +
                    " (optionally after a first 'Tasklet frame')";
                return null;
            }
            INamedTypeSymbol endOwner = endType as INamedTypeSymbol ?? method.ContainingType;
            bool endStatic = isStatic || endType != null;
            var outTypes = forEach ? new List<ITypeSymbol> { element! } : outs.Select(p => p.Type).ToList();
            IMethodSymbol? end = Find(endOwner, endName, endStatic, (e, offset) =>
                OutsMatch(e, offset, outTypes, method) &&
                (forEach ? e.ReturnType.SpecialType == SpecialType.System_Boolean : SameType(e.ReturnType, method.ReturnType)), tasklet, out bool endFrame);
            if (end is null)
            {
                string expected = forEach
                    ? "returning bool and taking 'out " + Show(element!) + "'"
                    : "returning " + Show(method.ReturnType) + (outs.Count == 0 ? " and taking no parameters" : " and taking " + string.Join(", ", outs.Select(p => "out " + Show(p.Type) + " " + p.Name)));
                problem = "'" + endName + "' must be a" + (endStatic ? " static" : "n instance or static") + " method of " + Show(endOwner) + " " + expected +
                    " (optionally after a first 'Tasklet frame')";
                return null;
            }
            return new SuspensionContract(begin, beginFrame, end, endFrame, null, false);
        }

        /// <summary>
        /// The accessible overload of <paramref name="name"/> on <paramref name="type"/> whose parameters after the
        /// frame <paramref name="fits"/>, preferring the one taking the running frame first (the scheduler is reached through it).
        /// </summary>
        private static IMethodSymbol? Find(INamedTypeSymbol type, string name, bool mustBeStatic, System.Func<IMethodSymbol, int, bool> fits, INamedTypeSymbol? tasklet, out bool takesFrame)
        {
            IMethodSymbol? without = null;
            foreach (ISymbol member in type.GetMembers(name))
            {
                if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } m || (mustBeStatic && !m.IsStatic)) continue;
                if (m.DeclaredAccessibility != Accessibility.Public && m.DeclaredAccessibility != Accessibility.Internal) continue;
                if (TakesFrame(m, tasklet) && fits(m, 1)) { takesFrame = true; return m; }
                if (fits(m, 0)) without ??= m;
            }
            takesFrame = false;
            return without;
        }

        /// <summary>A first parameter <c>Tasklet frame</c> receives the running frame (<c>this</c> in generated code).</summary>
        private static bool TakesFrame(IMethodSymbol m, INamedTypeSymbol? tasklet) =>
            tasklet != null && m.Parameters.Length > 0 && m.Parameters[0].RefKind == RefKind.None &&
            SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, tasklet);

        /// <summary>
        /// <paramref name="candidate"/>'s parameters from <paramref name="offset"/> on are <paramref name="inputs"/> (same
        /// types, names, defaults and params-ness, so the user's arguments bind the same way).
        /// </summary>
        private static bool ParametersMatch(IMethodSymbol candidate, int offset, List<IParameterSymbol> inputs, IMethodSymbol api)
        {
            if (candidate.Parameters.Length != inputs.Count + offset || candidate.TypeParameters.Length != api.TypeParameters.Length) return false;
            for (int i = 0; i < inputs.Count; i++)
            {
                IParameterSymbol p = candidate.Parameters[i + offset], q = inputs[i];
                if (p.RefKind == RefKind.Out || p.RefKind == RefKind.Ref || p.Name != q.Name || p.IsParams != q.IsParams) return false;
                if (p.IsOptional != q.IsOptional || (p.HasExplicitDefaultValue && !Equals(p.ExplicitDefaultValue, q.ExplicitDefaultValue))) return false;
                if (!SameType(p.Type, q.Type)) return false;
            }
            return true;
        }

        /// <summary><paramref name="candidate"/>'s parameters from <paramref name="offset"/> on are <c>out</c> parameters of <paramref name="types"/>.</summary>
        private static bool OutsMatch(IMethodSymbol candidate, int offset, List<ITypeSymbol> types, IMethodSymbol api)
        {
            if (candidate.Parameters.Length != types.Count + offset || candidate.TypeParameters.Length != api.TypeParameters.Length) return false;
            for (int i = 0; i < types.Count; i++)
            {
                IParameterSymbol p = candidate.Parameters[i + offset];
                if (p.RefKind != RefKind.Out || !SameType(p.Type, types[i])) return false;
            }
            return true;
        }

        private static bool IsFrameOf(ITypeSymbol returnType, IMethodSymbol api, Compilation compilation)
        {
            if (api.ReturnsVoid)
                return SymbolEqualityComparer.Default.Equals(returnType, compilation.GetTypeByMetadataName("Stackless.CompilerServices.TaskletFrame"));
            return returnType is INamedTypeSymbol { TypeArguments.Length: 1 } named &&
                SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, compilation.GetTypeByMetadataName("Stackless.CompilerServices.TaskletFrame`1")) &&
                SameType(named.TypeArguments[0], api.ReturnType);
        }

        /// <summary>Same type, a type parameter of the API's method standing for the one of the same position in the other method.</summary>
        private static bool SameType(ITypeSymbol a, ITypeSymbol b)
        {
            if (a is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } ta && b is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } tb)
                return ta.Ordinal == tb.Ordinal;
            if (a is IArrayTypeSymbol aa && b is IArrayTypeSymbol ab)
                return aa.Rank == ab.Rank && SameType(aa.ElementType, ab.ElementType);
            if (a is INamedTypeSymbol na && b is INamedTypeSymbol nb && na.IsGenericType && nb.IsGenericType)
            {
                if (!SymbolEqualityComparer.Default.Equals(na.OriginalDefinition, nb.OriginalDefinition)) return false;
                for (int i = 0; i < na.TypeArguments.Length; i++)
                    if (!SameType(na.TypeArguments[i], nb.TypeArguments[i])) return false;
                return true;
            }
            return SymbolEqualityComparer.Default.Equals(a, b);
        }

        private static string Show(ISymbol s) => s.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
    }
}
