using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Fuzz.Tests.RealCode
{
    /// <summary>
    /// Turns someone else's C# into tasklet code the way a new user would try it: every method with a body in a class,
    /// struct or record gets <c>[Tasklet]</c>, every type on the way gets <c>partial</c>, and a
    /// <c>Scheduler.Schedule()</c> goes at the top of every method body and every loop body (a suspension point each,
    /// so the frames really suspend and resume). Interfaces, operators, constructors, accessors, local functions and
    /// lambdas are left as they are.
    /// </summary>
    public sealed class TaskletMarker : CSharpSyntaxRewriter
    {
        private static readonly StatementSyntax s_schedule =
            SyntaxFactory.ParseStatement("global::Stackless.Scheduler.Schedule();\n");

        private static readonly AttributeListSyntax s_tasklet =
            SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName("global::Stackless.Tasklet"))))
                .WithTrailingTrivia(SyntaxFactory.Space);

        private readonly ISet<int> _refused;
        private int _ordinal;
        private bool _inRefused;

        /// <param name="refused">
        /// The methods of this file (by their order among the file's method declarations) that the generator refused on a
        /// first pass: they keep [Tasklet], so that the refusal is reported again, but get no Schedule(). Called inside a
        /// tasklet, a refused method runs as ordinary code, and ordinary code that suspends throws (as documented).
        /// </param>
        public TaskletMarker(ISet<int>? refused = null) => _refused = refused ?? new HashSet<int>();

        /// <summary>How many methods were marked.</summary>
        public int Marked { get; private set; }

        /// <summary>The marked methods, as Type.Method, for the report.</summary>
        public List<string> MarkedNames { get; } = new();

        /// <summary>The marked methods the generator refused (Type.Method): their Spawn twin throws, so they are not run both ways.</summary>
        public List<string> RefusedNames { get; } = new();

        /// <summary>Adds another marker's counts (one marker per file).</summary>
        public void Add(TaskletMarker other)
        {
            Marked += other.Marked;
            MarkedNames.AddRange(other.MarkedNames);
            RefusedNames.AddRange(other.RefusedNames);
        }

        /// <summary>The order of the method declaration that holds a position, among its file's method declarations (-1: none).</summary>
        public static int MethodOrdinalAt(SyntaxTree tree, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            SyntaxNode root = tree.GetRoot();
            MethodDeclarationSyntax? method = root.FindNode(span).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
            return method == null ? -1 : root.DescendantNodes().OfType<MethodDeclarationSyntax>().ToList().IndexOf(method);
        }

        public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node) => Partial(base.VisitClassDeclaration(node));
        public override SyntaxNode? VisitStructDeclaration(StructDeclarationSyntax node) => Partial(base.VisitStructDeclaration(node));
        public override SyntaxNode? VisitRecordDeclaration(RecordDeclarationSyntax node) => Partial(base.VisitRecordDeclaration(node));

        private static SyntaxNode? Partial(SyntaxNode? node)
        {
            if (node is not TypeDeclarationSyntax type || type.Modifiers.Any(SyntaxKind.PartialKeyword)) return node;
            // 'partial' goes last among the modifiers, just before the keyword.
            return type.WithModifiers(type.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
        }

        public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            bool refused = _refused.Contains(_ordinal++);
            bool outer = _inRefused;
            _inRefused = refused;
            var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
            _inRefused = outer;
            if (node.Parent is not (ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax)) return visited;
            if (node.Body == null && node.ExpressionBody == null) return visited;
            if (node.Modifiers.Any(SyntaxKind.ExternKeyword)) return visited;
            Marked++;
            string name = ((BaseTypeDeclarationSyntax)node.Parent).Identifier.ValueText + "." + node.Identifier.ValueText;
            MarkedNames.Add(name);
            if (refused) RefusedNames.Add(name);
            if (visited.Body != null && !refused) visited = visited.WithBody(WithSchedule(visited.Body));
            // The attribute goes first and takes the method's leading trivia (comments, #region), which must not be copied.
            SyntaxTriviaList lead = visited.GetLeadingTrivia();
            SyntaxTrivia indent = lead.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            AttributeListSyntax attribute = s_tasklet.WithLeadingTrivia(lead)
                .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"), indent == default ? SyntaxFactory.Whitespace("") : indent);
            visited = visited.WithoutLeadingTrivia();
            return visited.WithAttributeLists(visited.AttributeLists.Insert(0, attribute));
        }

        public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) => node;
        public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => node;
        public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => node;
        public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) => node;
        public override SyntaxNode? VisitInterfaceDeclaration(InterfaceDeclarationSyntax node) => node;

        public override SyntaxNode? VisitForStatement(ForStatementSyntax node) => Scheduled(node, base.VisitForStatement(node));
        public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node) => Scheduled(node, base.VisitForEachStatement(node));
        public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node) => Scheduled(node, base.VisitForEachVariableStatement(node));
        public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node) => Scheduled(node, base.VisitWhileStatement(node));
        public override SyntaxNode? VisitDoStatement(DoStatementSyntax node) => Scheduled(node, base.VisitDoStatement(node));

        /// <summary>A loop (already visited inside) with a Schedule() at the top of its body, if its method is marked and not refused.</summary>
        private SyntaxNode? Scheduled(SyntaxNode original, SyntaxNode? visited)
        {
            if (!InMarkedMethod(original) || _inRefused) return visited;
            return visited switch
            {
                ForStatementSyntax f => f.WithStatement(WithSchedule(f.Statement)),
                CommonForEachStatementSyntax f => f.WithStatement(WithSchedule(f.Statement)),
                WhileStatementSyntax w => w.WithStatement(WithSchedule(w.Statement)),
                DoStatementSyntax d => d.WithStatement(WithSchedule(d.Statement)),
                _ => visited,
            };
        }

        private static BlockSyntax WithSchedule(StatementSyntax body)
        {
            BlockSyntax block = body as BlockSyntax ?? SyntaxFactory.Block(body);
            return block.WithStatements(block.Statements.Insert(0, s_schedule));
        }

        /// <summary>
        /// Whether a loop is inside a method this marker marks. Loops elsewhere (constructors, accessors) are left alone:
        /// a Schedule() there would run outside a tasklet's frame, which is legal but proves nothing.
        /// </summary>
        public static bool InMarkedMethod(SyntaxNode node)
        {
            foreach (SyntaxNode a in node.Ancestors())
            {
                if (a is LocalFunctionStatementSyntax or LambdaExpressionSyntax or AnonymousMethodExpressionSyntax) return false;
                if (a is MethodDeclarationSyntax m) return m.Parent is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax;
                if (a is MemberDeclarationSyntax) return false;
            }
            return false;
        }
    }
}
