using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;

namespace Stackless.Generator.Parser
{
    /// <summary>
    /// Which members the generator adds for one [Tasklet] method M, and with which modifiers: the frame (when M has a
    /// body), the frame factory <c>__M_CreateFrame</c> (dispatching like M: static, non-virtual, virtual, override,
    /// abstract, an interface member or an explicit implementation), the plain-call frame an interface member falls
    /// back to, and <c>SpawnM</c> (only where M is first declared).
    /// </summary>
    internal sealed class GeneratedShape
    {
        public GeneratedShape(IMethodSymbol method, MethodDeclarationSyntax decl, KnownSymbols known, Compilation compilation)
        {
            bool inInterface = method.ContainingType.TypeKind == TypeKind.Interface;
            IsExplicitImplementation = method.ExplicitInterfaceImplementations.Length > 0;
            HasFrame = decl.Body != null || decl.ExpressionBody != null;
            HasPlainFrame = inInterface && method.IsAbstract && !method.IsStatic;
            DeclaresSpawn = !method.IsOverride && !IsExplicitImplementation;
            FrameName = FrameNaming.FrameName(method);
            PlainFrameName = FrameNaming.PlainFrameName(method);
            FactoryName = FrameNaming.FactoryName(method);
            SpawnName = FrameNaming.SpawnName(method);
            FrameHidesBase = HasFrame && FrameFactories.FrameHidesBase(method.ContainingType, FrameName, known, compilation);

            string accessibility = string.Join(" ", decl.Modifiers.Where(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword)
                || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.PrivateKeyword)).Select(m => m.Text));
            bool hides = FrameFactories.HidesBaseTasklet(method, known);

            var factory = new List<string>();
            if (!IsExplicitImplementation && accessibility.Length > 0) factory.Add(accessibility);
            if (hides) factory.Add("new");
            if (method.IsStatic) factory.Add("static");
            else if (inInterface)
            {
                // An interface member with a body is virtual unless sealed or private; the factory follows M.
                if (decl.Modifiers.Any(SyntaxKind.SealedKeyword)) factory.Add("sealed");
            }
            else if (method.IsOverride)
            {
                if (method.IsSealed) factory.Add("sealed");
                if (method.IsAbstract) factory.Add("abstract");
                factory.Add("override");
            }
            else if (method.IsAbstract) factory.Add("abstract");
            else if (method.IsVirtual) factory.Add("virtual");
            FactoryModifiers = string.Join(" ", factory);

            var spawn = new List<string>();
            if (accessibility.Length > 0) spawn.Add(accessibility);
            if (hides) spawn.Add("new");
            if (method.IsStatic) spawn.Add("static");
            else if (inInterface && method.DeclaredAccessibility != Accessibility.Private) spawn.Add("sealed"); // not a virtual interface member
            SpawnModifiers = string.Join(" ", spawn);

            // An override or explicit implementation cannot restate constraints (CS0460); it inherits them.
            FactoryRestatesConstraints = !method.IsOverride && !IsExplicitImplementation;
        }

        /// <summary>M has a body, so it gets a frame class (an abstract member has none).</summary>
        public bool HasFrame { get; }

        /// <summary>M is an abstract interface member: its factory's default implementation runs M as a plain call.</summary>
        public bool HasPlainFrame { get; }

        /// <summary>M is first declared here (not an override or explicit implementation), so SpawnM is added.</summary>
        public bool DeclaresSpawn { get; }

        public bool IsExplicitImplementation { get; }

        /// <summary>The frame class hides a base class's frame of the same name (an override's frame): declared <c>new</c>.</summary>
        public bool FrameHidesBase { get; }

        public bool FactoryRestatesConstraints { get; }

        public string FrameName { get; }

        public string PlainFrameName { get; }

        public string FactoryName { get; }

        public string SpawnName { get; }

        /// <summary>Modifiers of the factory, e.g. <c>public virtual</c>, <c>protected sealed override</c>, <c>internal static</c>.</summary>
        public string FactoryModifiers { get; }

        /// <summary>Modifiers of SpawnM: M's accessibility and static-ness (<c>sealed</c>, i.e. non-virtual, in an interface).</summary>
        public string SpawnModifiers { get; }
    }
}
