using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Ir;
using Stackless.Generator.Lowering;
using Stackless.Generator.Model;

namespace Stackless.Generator.Parser
{
    /// <summary>
    /// Turns one [Tasklet] method into its equatable model: validates the method, runs the lowering, and keeps
    /// only strings and plain data (no symbols, syntax or compilation survive this step).
    /// </summary>
    internal static class TaskletParser
    {
        public static TaskletResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken ct, Func<IMethodSymbol, Exception?>? faultInjection = null)
        {
            var diagnostics = new List<DiagnosticInfo>();
            if (context.TargetSymbol is not IMethodSymbol method)
                return new TaskletResult(null, EquatableArray<DiagnosticInfo>.Empty);
            try
            {
                TaskletModel? model = ParseMethod(context, method, diagnostics, ct, faultInjection);
                return new TaskletResult(model, diagnostics.ToEquatableArray());
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (LoweringException e)
            {
                diagnostics.Add(DiagnosticInfo.Create(e.Descriptor, e.Node, e.Arguments));
                return new TaskletResult(null, diagnostics.ToEquatableArray());
            }
            catch (Exception e)
            {
                // The generator never throws: an internal failure is reported at the method, and nothing is emitted for it.
                SyntaxNode at = context.TargetNode is MethodDeclarationSyntax m ? (SyntaxNode)m.Identifier.Parent! : context.TargetNode;
                Location location = context.TargetNode is MethodDeclarationSyntax md ? md.Identifier.GetLocation() : at.GetLocation();
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, method.Name, e.GetType().Name + ": " + e.Message));
                return new TaskletResult(null, diagnostics.ToEquatableArray());
            }
        }

        private static TaskletModel? ParseMethod(GeneratorAttributeSyntaxContext context, IMethodSymbol method, List<DiagnosticInfo> diagnostics, CancellationToken ct,
            Func<IMethodSymbol, Exception?>? faultInjection)
        {
            if (context.TargetNode is not MethodDeclarationSyntax decl)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotSupported, context.TargetNode, "[Tasklet] on a local function",
                    "mark an ordinary method of a partial type instead"));
                return null;
            }
            SemanticModel semanticModel = context.SemanticModel;
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
                if (!CanDeclareRefusedSpawn(method, refusals)) return null;
                return BuildModel(context, decl, method, new GeneratedShape(method, decl, known, compilation), known, null, null,
                    refusedWith: refusals[0].Descriptor.Id, headerRefused: true);
            }
            var shape = new GeneratedShape(method, decl, known, compilation);

            if (!shape.HasFrame)
                return BuildModel(context, decl, method, shape, known, null, null);

            SyntaxNode body = (SyntaxNode?)decl.Body ?? decl.ExpressionBody!;
            FrameLowerer lowerer;
            IrBody moveNext;
            try
            {
                if (faultInjection?.Invoke(method) is Exception injected) throw injected;
                var facts = new MethodFacts(semanticModel, known, method, body, ct); // binds the body
                // Validation first: every misplaced suspension point is reported, and such a body is not lowered.
                List<DiagnosticInfo> misplaced = PlacementValidation.Check(facts.Analysis, body);
                if (misplaced.Count > 0)
                {
                    diagnostics.AddRange(misplaced);
                    return BuildModel(context, decl, method, shape, known, null, null, refusedWith: misplaced[0].Id);
                }
                HoistingPlan plan = HoistingPlanner.Plan(facts, shape.FrameName);
                lowerer = new FrameLowerer(facts, plan, shape.FrameName);
                moveNext = lowerer.Lower();
            }
            catch (LoweringException e)
            {
                // The body is refused (the diagnostic says why). Its factory and SpawnM are still declared, throwing,
                // so other tasklets' calls and the user's SpawnM calls compile: the refusal is the build's only error.
                diagnostics.Add(DiagnosticInfo.Create(e.Descriptor, e.Node, e.Arguments));
                return BuildModel(context, decl, method, shape, known, null, null, refusedWith: e.Descriptor.Id);
            }
            catch (InsufficientExecutionStackException)
            {
                // Roslyn's own binder ran out of stack on this body (the lowering's own recursions say where they did).
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooDeeplyNested, decl.Identifier.GetLocation(), "The body of [Tasklet] method '" + method.Name + "'"));
                return BuildModel(context, decl, method, shape, known, null, null, refusedWith: DiagnosticDescriptors.TooDeeplyNested.Id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An internal failure of the lowering (TSK011) is a refused body too: the throwing factory and SpawnM keep
                // the callers compiling. (A failure anywhere else is caught in Parse, and nothing is emitted.)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, decl.Identifier.GetLocation(), method.Name, e.GetType().Name + ": " + e.Message));
                return BuildModel(context, decl, method, shape, known, null, null, refusedWith: DiagnosticDescriptors.InternalError.Id);
            }

            return BuildModel(context, decl, method, shape, known, lowerer, moveNext);
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

        private const string GeneratedCodeAttribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"Stackless.Generator\", \"" + ThisAssembly.Version + "\")]";
        private const string HiddenAttribute = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

        private static TaskletModel BuildModel(GeneratorAttributeSyntaxContext context, MethodDeclarationSyntax decl, IMethodSymbol method,
            GeneratedShape shape, KnownSymbols known, FrameLowerer? lowerer, IrBody? moveNext, string? refusedWith = null, bool headerRefused = false)
        {
            var members = new List<CodeLine>();
            FrameDeclaration? frameDeclaration = null;
            string file = decl.SyntaxTree.FilePath ?? "";
            int line = decl.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            string display = method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            string escapedDisplay = System.Security.SecurityElement.Escape(display);
            string typeParams = FrameNaming.TypeParameterList(method.TypeParameters);
            List<string> constraints = FrameNaming.Constraints(method.TypeParameters).ToList();
            string baseType = method.ReturnsVoid
                ? "global::Stackless.CompilerServices.TaskletFrame"
                : "global::Stackless.CompilerServices.TaskletFrame<" + FrameNaming.Type(method.ReturnType) + ">";
            string containingType = FrameNaming.Type(method.ContainingType);
            string paramList = FrameNaming.Parameters(method.Parameters);
            string paramNames = string.Join(", ", method.Parameters.Select(p => FrameNaming.Escape(p.Name)));

            void Add(int indent, string text) => members.Add(new CodeLine(indent, text));

            if (lowerer != null && moveNext != null)
            {
                // The file's header names the method; the frame is nested and internal or private, so EditorBrowsable
                // would hide it from nobody (every line emitted here is compiled again in every build).
                Add(0, GeneratedCodeAttribute);
                // A private method's frame is private too (its parameter types may be private to the type).
                string frameAccess = method.DeclaredAccessibility == Accessibility.Private ? "private" : "internal";
                // An override's frame hides the base method's frame class of the same name (hence new).
                Add(0, frameAccess + (shape.FrameHidesBase ? " new" : "") + " sealed class " + shape.FrameName + typeParams + " : " + baseType);
                foreach (string c in constraints) Add(1, c);
                Add(0, "{");
                EquatableArray<CodeLine> frameHead = members.ToEquatableArray();
                members.Clear();
                var fields = new List<FrameField>();
                if (!method.IsStatic) fields.Add(new FrameField("internal", containingType, "__this"));
                fields.AddRange(lowerer.Fields);
                Add(0, "");
                var ctorParams = new List<string>();
                if (!method.IsStatic) ctorParams.Add(containingType + " __this");
                if (paramList.Length > 0) ctorParams.Add(paramList);
                Add(1, "internal " + shape.FrameName + "(" + string.Join(", ", ctorParams) + ")");
                Add(1, "{");
                if (!method.IsStatic) Add(2, "this.__this = __this;");
                foreach ((IParameterSymbol p, string field) in lowerer.ParameterFields)
                    Add(2, "this." + FrameNaming.Escape(field) + " = " + FrameNaming.Escape(p.Name) + ";");
                Add(1, "}");
                Add(0, "");
                Add(1, "protected override void MoveNext()");
                // The braces and the state dispatch are the generator's: hidden, so a debugger's steps and breakpoints
                // land only on the user's statements (each mapped by its own #line).
                if (file.Length > 0) Add(0, "#line hidden");
                Add(1, "{");
                EquatableArray<CodeLine> head = members.ToEquatableArray();
                members.Clear();
                if (lowerer.HelperLines.Count > 0)
                {
                    Add(0, "");
                    foreach (string h in lowerer.HelperLines) Add(1, h);
                }
                Add(0, "}");
                Add(0, "");
                frameDeclaration = new FrameDeclaration(frameHead, fields.ToEquatableArray(), head, moveNext, members.ToEquatableArray());
                members.Clear();
            }

            if (shape.HasPlainFrame)
                AddPlainFrame(members, method, shape, baseType, typeParams, constraints, containingType);

            string notCompiled = "throw new global::System.NotSupportedException(\"[Tasklet] " + display.Replace("\\", "\\\\").Replace("\"", "\\\"")
                + " was not compiled: see error " + refusedWith + " at the method.\")";
            // The frame factory: how SpawnM and other tasklets' nested calls create M's frame. It dispatches like M, so
            // a call through a base class or an interface creates the frame of the override or implementation.
            // A method refused before lowering has none: its callers call it as ordinary code (HeaderRefusals.HasFactory).
            if (!headerRefused)
            {
                string factoryReturn = baseType;
                string factoryName = shape.IsExplicitImplementation
                    ? FrameNaming.Type(method.ExplicitInterfaceImplementations[0].ContainingType) + "." + shape.FactoryName
                    : shape.FactoryName;
                string factoryParams = FrameNaming.Parameters(method.Parameters, defaults: !shape.IsExplicitImplementation);
                // Hidden from IntelliSense, so a comment for the reader of this file, not a doc comment.
                Add(0, "// Creates the frame without starting it (Spawn" + (shape.IsExplicitImplementation ? method.ExplicitInterfaceImplementations[0].Name : method.Name)
                    + " and calls from other tasklets). " + FactoryRemark(method, shape));
                Add(0, GeneratedCodeAttribute);
                Add(0, HiddenAttribute);
                string factoryHeader = (shape.FactoryModifiers.Length > 0 ? shape.FactoryModifiers + " " : "") + factoryReturn + " " + factoryName + typeParams + "(" + factoryParams + ")";
                if (!shape.HasFrame && !shape.HasPlainFrame)
                {
                    // Abstract: no frame here; every override (which must be [Tasklet]) provides it.
                    List<string> restated = shape.FactoryRestatesConstraints ? constraints : new List<string>();
                    Add(0, factoryHeader + (restated.Count == 0 ? ";" : ""));
                    for (int i = 0; i < restated.Count; i++) Add(1, restated[i] + (i == restated.Count - 1 ? ";" : ""));
                }
                else
                {
                    Add(0, factoryHeader);
                    if (shape.FactoryRestatesConstraints) foreach (string c in constraints) Add(1, c);
                    var ctorArgs = new List<string>();
                    if (!method.IsStatic) ctorArgs.Add("this");
                    if (paramNames.Length > 0) ctorArgs.Add(paramNames);
                    string frame = shape.HasFrame ? shape.FrameName : shape.PlainFrameName;
                    if (refusedWith != null && shape.HasFrame)
                        Add(1, "=> " + notCompiled + ";");
                    else
                        Add(1, "=> new " + frame + typeParams + "(" + string.Join(", ", ctorArgs) + ");");
                }
            }

            // SpawnM: same accessibility, static-ness, parameters and type parameters as M; it starts the frame the
            // factory creates (for a virtual M, the override's).
            if (shape.DeclaresSpawn)
            {
                string returnType = method.ReturnsVoid ? "global::Stackless.Tasklet" : "global::Stackless.Tasklet<" + FrameNaming.Type(method.ReturnType) + ">";
                Add(0, "");
                Add(0, "/// <summary>Spawns [Tasklet] <c>" + escapedDisplay + "</c> as a new tasklet, appended to the run queue.</summary>");
                Add(0, GeneratedCodeAttribute);
                Add(0, (shape.SpawnModifiers.Length > 0 ? shape.SpawnModifiers + " " : "") + returnType + " " + shape.SpawnName + typeParams + "(" + paramList + ")");
                foreach (string c in constraints) Add(1, c);
                Add(1, headerRefused ? "=> " + notCompiled + ";"
                    : "=> global::Stackless.CompilerServices.TaskletFrame.Spawn(" + shape.FactoryName + typeParams + "(" + paramNames + "));");
            }

            if (lowerer != null && lowerer.TypeHelperLines.Count > 0)
            {
                Add(0, "");
                foreach (string h in lowerer.TypeHelperLines) Add(0, h);
            }

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
                display, file, line, frameDeclaration, members.ToEquatableArray());
        }

        /// <summary>One sentence on how the factory dispatches, for its doc comment.</summary>
        private static string FactoryRemark(IMethodSymbol method, GeneratedShape shape)
        {
            if (shape.IsExplicitImplementation) return "Implements the interface member's factory, so a call through the interface creates this frame.";
            if (shape.HasPlainFrame) return "An implementation that is not [Tasklet] runs as a plain call (it cannot suspend); a [Tasklet] implementation replaces this with its own frame.";
            if (method.IsOverride) return "Overrides the base method's factory, so a call through a base reference creates this frame.";
            if (method.IsAbstract) return "Abstract like the method: every override provides its frame.";
            if (method.IsVirtual || (method.ContainingType.TypeKind == TypeKind.Interface && !method.IsStatic)) return "Virtual like the method: an override's factory creates the override's frame.";
            return "Non-virtual like " + method.Name + ", so the JIT inlines it.";
        }

        /// <summary>
        /// The default frame of an abstract [Tasklet] interface member: it runs the member as an ordinary call, for
        /// implementations that are not [Tasklet] (which cannot suspend; the runtime says which method to mark if they try).
        /// </summary>
        private static void AddPlainFrame(List<CodeLine> members, IMethodSymbol method, GeneratedShape shape, string baseType,
            string typeParams, List<string> constraints, string containingType)
        {
            void Add(int indent, string text) => members.Add(new CodeLine(indent, text));
            var fields = method.Parameters.Select((p, i) => (Type: FrameNaming.Type(p.Type), Name: "__p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
            Add(0, "// The frame for an implementation that is not [Tasklet]: one plain call of it.");
            Add(0, GeneratedCodeAttribute);
            Add(0, "private sealed class " + shape.PlainFrameName + typeParams + " : " + baseType);
            foreach (string c in constraints) Add(1, c);
            Add(0, "{");
            Add(1, "private readonly " + containingType + " __this;");
            foreach (var f in fields) Add(1, "private readonly " + f.Type + " " + f.Name + ";");
            Add(0, "");
            Add(1, "internal " + shape.PlainFrameName + "(" + string.Join(", ", new[] { containingType + " __this" }.Concat(fields.Select(f => f.Type + " " + f.Name))) + ")");
            Add(1, "{");
            Add(2, "this.__this = __this;");
            foreach (var f in fields) Add(2, "this." + f.Name + " = " + f.Name + ";");
            Add(1, "}");
            Add(0, "");
            string call = "__this." + FrameNaming.Escape(method.Name) + typeParams + "(" + string.Join(", ", fields.Select(f => f.Name)) + ")";
            Add(1, "protected override void MoveNext()");
            Add(1, "{");
            if (method.ReturnsVoid)
            {
                Add(2, call + ";");
                Add(2, "Return();");
            }
            else
            {
                Add(2, "Return(" + call + ");");
            }
            Add(1, "}");
            Add(0, "}");
            Add(0, "");
        }
    }
}
