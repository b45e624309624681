using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
                if (faultInjection?.Invoke(method) is Exception injected) throw injected;
                TaskletModel? model = ParseMethod(context, method, diagnostics, ct);
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

        /// <summary>Why a [Tasklet] method's header cannot be compiled (null when it can). Shared with callers of the method.</summary>
        public static string? HeaderProblem(IMethodSymbol method, KnownSymbols known)
        {
            foreach (SyntaxReference r in method.DeclaringSyntaxReferences)
            {
                if (r.GetSyntax() is not MethodDeclarationSyntax decl) return "not an ordinary method";
                for (SyntaxNode? n = decl.Parent; n is TypeDeclarationSyntax t; n = n.Parent)
                    if (!t.Modifiers.Any(SyntaxKind.PartialKeyword)) return "type '" + t.Identifier.Text + "' is not partial";
                if (decl.Body is null && decl.ExpressionBody is null) return "it has no body";
            }
            if (method.IsAsync) return "it is async";
            if (method.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.TypeKind == TypeKind.Pointer || p.Type.IsRefLikeType)) return "a parameter is by reference";
            if (!method.IsStatic && method.ContainingType.IsValueType) return "it is an instance method of a struct";
            if (method.IsAbstract || method.IsVirtual || method.IsOverride || method.ContainingType.TypeKind == TypeKind.Interface) return "it is virtual";
            return null;
        }

        private static TaskletModel? ParseMethod(GeneratorAttributeSyntaxContext context, IMethodSymbol method, List<DiagnosticInfo> diagnostics, CancellationToken ct)
        {
            if (context.TargetNode is not MethodDeclarationSyntax decl)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotSupported, context.TargetNode, "[Tasklet] on a local function",
                    "mark an ordinary method of a partial type instead"));
                return null;
            }
            SemanticModel semanticModel = context.SemanticModel;
            var known = new KnownSymbols(semanticModel.Compilation);

            // TSK001: every enclosing type declaration must be partial.
            for (SyntaxNode? n = decl.Parent; n != null; n = n.Parent)
            {
                if (n is TypeDeclarationSyntax t && !t.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, t.Identifier.GetLocation(), t.Identifier.Text, method.Name));
                }
            }
            if (diagnostics.Count > 0) return null;

            // TSK002: async or iterator.
            SyntaxToken asyncToken = decl.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword));
            if (asyncToken.RawKind != 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AsyncOrIterator, asyncToken.GetLocation(), method.Name, "async"));
            else if (decl.Body != null && decl.Body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any())
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AsyncOrIterator, decl.Identifier.GetLocation(), method.Name, "an iterator"));

            // TSK003: parameters that cannot live in a heap frame.
            foreach (ParameterSyntax p in decl.ParameterList.Parameters)
            {
                if (semanticModel.GetDeclaredSymbol(p, ct) is not IParameterSymbol ps) continue;
                string? what = ps.RefKind switch
                {
                    RefKind.Ref => "a ref parameter",
                    RefKind.Out => "an out parameter",
                    RefKind.In => "an in parameter",
                    RefKind.RefReadOnlyParameter => "a ref readonly parameter",
                    _ => ps.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer ? "a pointer"
                        : ps.Type.IsRefLikeType ? "of ref-like type " + FrameNaming.Type(ps.Type) : null,
                };
                if (what != null)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ByRefParameter, p, ps.Name, method.Name, what));
            }

            // TSK008: instance methods of structs.
            if (!method.IsStatic && method.ContainingType.IsValueType)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InstanceMethodOfStruct, decl.Identifier.GetLocation(), method.Name, method.ContainingType.Name));

            // TSK010: shapes the frame cannot express.
            if (decl.Body is null && decl.ExpressionBody is null)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotSupported, decl.Identifier.GetLocation(), "A [Tasklet] method without a body", "give the method a body"));
            else if (method.IsAbstract || method.IsVirtual || method.IsOverride)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotSupported, decl.Identifier.GetLocation(), "A virtual, abstract or override [Tasklet] method",
                    "calls between tasklets bind to one frame class at compile time and would not dispatch; make it non-virtual"));
            else if (method.ContainingType.TypeKind == TypeKind.Interface)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotSupported, decl.Identifier.GetLocation(), "A [Tasklet] method in an interface", "move it to a partial class"));
            if (method.ReturnsByRef || method.ReturnsByRefReadonly || method.ReturnType.IsRefLikeType)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotSupported, decl.ReturnType, "A ref or ref-like return type", "a tasklet's result is stored in its frame"));

            // TSK009: the Spawn method's name must be free.
            string spawnName = FrameNaming.SpawnName(method);
            if (method.ContainingType.GetMembers(spawnName).Any(m => !m.IsImplicitlyDeclared) ||
                method.ContainingType.GetTypeMembers(spawnName).Any())
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpawnNameClash, decl.Identifier.GetLocation(), method.ContainingType.Name, spawnName, method.Name));

            if (diagnostics.Count > 0) return null;
            ct.ThrowIfCancellationRequested();

            string frameName = FrameNaming.FrameName(method);
            SyntaxNode body = (SyntaxNode?)decl.Body ?? decl.ExpressionBody!;
            var lowerer = new FrameLowerer(semanticModel, known, method, body, frameName, ct);
            List<CodeLine> moveNext = lowerer.Lower();

            return BuildModel(context, decl, method, frameName, spawnName, lowerer, moveNext);
        }

        private static TaskletModel BuildModel(GeneratorAttributeSyntaxContext context, MethodDeclarationSyntax decl, IMethodSymbol method,
            string frameName, string spawnName, FrameLowerer lowerer, List<CodeLine> moveNext)
        {
            var members = new List<CodeLine>();
            string file = decl.SyntaxTree.FilePath ?? "";
            int line = decl.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            string display = method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            string fileName = file.Length == 0 ? "source" : System.IO.Path.GetFileName(file);
            string typeParams = FrameNaming.TypeParameterList(method.TypeParameters);
            List<string> constraints = FrameNaming.Constraints(method.TypeParameters).ToList();
            string baseType = method.ReturnsVoid
                ? "global::Stackless.CompilerServices.TaskletFrame"
                : "global::Stackless.CompilerServices.TaskletFrame<" + FrameNaming.Type(method.ReturnType) + ">";
            string containingType = FrameNaming.Type(method.ContainingType);

            void Add(int indent, string text) => members.Add(new CodeLine(indent, text));

            Add(0, "/// <summary>The resumable frame of [Tasklet] <c>" + System.Security.SecurityElement.Escape(display) + "</c> (" + fileName + ", line " + line + ").</summary>");
            Add(0, "[global::System.CodeDom.Compiler.GeneratedCode(\"Stackless.Generator\", \"" + ThisAssembly.Version + "\")]");
            Add(0, "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            // A private method's frame is private too (its parameter types may be private to the type).
            string frameAccess = method.DeclaredAccessibility == Accessibility.Private ? "private" : "internal";
            Add(0, frameAccess + " sealed class " + frameName + typeParams + " : " + baseType);
            foreach (string c in constraints) Add(1, c);
            Add(0, "{");
            if (!method.IsStatic) Add(1, "internal " + containingType + " __this;");
            foreach (string f in lowerer.FieldLines) Add(1, f);
            Add(0, "");
            var ctorParams = new List<string>();
            if (!method.IsStatic) ctorParams.Add(containingType + " __this");
            string paramList = FrameNaming.Parameters(method.Parameters);
            if (paramList.Length > 0) ctorParams.Add(paramList);
            Add(1, "internal " + frameName + "(" + string.Join(", ", ctorParams) + ")");
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
            foreach (CodeLine l in moveNext) Add(l.Text.StartsWith("#", StringComparison.Ordinal) ? 0 : 2 + l.Indent, l.Text);
            Add(1, "}");
            if (file.Length > 0) Add(0, "#line default");
            if (lowerer.HelperLines.Count > 0)
            {
                Add(0, "");
                foreach (string h in lowerer.HelperLines) Add(1, h);
            }
            Add(0, "}");
            Add(0, "");

            // SpawnM: same accessibility, static-ness, parameters and type parameters as M.
            string accessibility = string.Join(" ", decl.Modifiers.Where(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword)
                || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.PrivateKeyword)).Select(m => m.Text));
            string modifiers = (accessibility.Length > 0 ? accessibility + " " : "") + (method.IsStatic ? "static " : "");
            string returnType = method.ReturnsVoid ? "global::Stackless.Tasklet" : "global::Stackless.Tasklet<" + FrameNaming.Type(method.ReturnType) + ">";
            var args = new List<string>();
            if (!method.IsStatic) args.Add("this");
            args.AddRange(method.Parameters.Select(p => FrameNaming.Escape(p.Name)));
            Add(0, "/// <summary>Spawns [Tasklet] <c>" + System.Security.SecurityElement.Escape(display) + "</c> as a new tasklet, appended to the run queue.</summary>");
            Add(0, "[global::System.CodeDom.Compiler.GeneratedCode(\"Stackless.Generator\", \"" + ThisAssembly.Version + "\")]");
            Add(0, modifiers + returnType + " " + spawnName + typeParams + "(" + paramList + ")");
            foreach (string c in constraints) Add(1, c);
            Add(1, "=> global::Stackless.CompilerServices.TaskletFrame.Spawn(new " + frameName + typeParams + "(" + string.Join(", ", args) + "));");

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

            string hint = (method.ContainingType.ToDisplayString() + "." + frameName)
                .Replace('<', '{').Replace('>', '}').Replace(' ', '_').Replace(',', '_') + ".g.cs";

            return new TaskletModel(hint, ns, usings.Distinct().ToEquatableArray(), types.ToEquatableArray(), nullableDirective,
                display, file, line, members.ToEquatableArray());
        }
    }
}
