using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Lowering;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// The syntax BodyRewriter builds for a type (qualifying a member or a hidden type name, issue 16: no re-parsed text)
    /// reads exactly as the display text the rest of the generator writes for it, and is a type C# parses back to itself.
    /// </summary>
    public class TypeSyntaxesTests
    {
        [Fact]
        public void EveryKindOfType_ReadsAsItsDisplayText()
        {
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("Types.cs", """
                #nullable enable
                using System;
                using System.Collections.Generic;
                namespace N.M
                {
                    public class Outer<T> { public class Inner<U> { } public struct Plain { } }
                    public class @class { }
                    public unsafe class C<T> where T : class
                    {
                        void F()
                        {
                            int a = 0; string? b = null; object c = new(); List<int?> d = new(); int[][,] e = new int[0][,];
                            (int, string) f = default; (int x, string? y) g = default; (int, (long, byte) z)[] h = new (int, (long, byte) z)[0];
                            Outer<T>.Inner<string?> i = new(); Outer<int>.Plain j = default; Dictionary<string, List<T?>> k = new();
                            T? l = null; @class m = new(); dynamic n = 1; int* o = null; ValueTuple<int> p = default;
                            (int, int, int, int, int, int, int, int, int) q = default; decimal r = 0; char? s = null; IntPtr t = default; nint u = 0;
                            Func<int, (int A, int B)>? v = null; global::System.Collections.Generic.IEnumerable<KeyValuePair<int, string>> w = new List<KeyValuePair<int, string>>();
                        }
                    }
                }
                """));
            SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Types.cs");
            SemanticModel model = compilation.GetSemanticModel(tree);
            var locals = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().Select(v => (ILocalSymbol)model.GetDeclaredSymbol(v)!).ToList();
            Assert.Equal(23, locals.Count);
            foreach (ILocalSymbol local in locals)
            {
                TypeSyntax? built = TypeSyntaxes.Of(local.Type);
                Assert.NotNull(built);
                string display = FrameNaming.Type(local.Type);
                Assert.Equal(display, built!.ToFullString());
                // The same tree as C# parses from that text, node kind by node kind.
                Assert.Equal(SyntaxFactory.ParseTypeName(display).DescendantNodesAndSelf().Select(n => n.Kind()), built.DescendantNodesAndSelf().Select(n => n.Kind()));
            }
        }

        [Fact]
        public void AnEscapedName_IsAVerbatimIdentifier()
        {
            SyntaxToken escaped = GeneratedSyntax.Identifier("@class");
            Assert.Equal("@class", escaped.Text);
            Assert.Equal("class", escaped.ValueText);
            Assert.Equal("plain", GeneratedSyntax.Identifier("plain").Text);
        }

        [Fact]
        public void ANamespace_IsGlobalQualified()
        {
            CSharpCompilation compilation = TestCompiler.CreateCompilation(("Ns.cs", "namespace A.B.C { class X { } }"));
            INamespaceSymbol ns = compilation.GetTypeByMetadataName("A.B.C.X")!.ContainingNamespace;
            Assert.Equal("global::A.B.C", TypeSyntaxes.Of(ns).ToFullString());
        }
    }
}
