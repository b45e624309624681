using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;

namespace Stackless.Generator.Lowering
{
    /// <summary>
    /// Shallow syntax the lowering builds around its values (a temp's name, a call of End…, <c>(x ?? y)</c>), spaced as
    /// the generator writes C#: one space around a binary operator, after a comma and after <c>out</c>/<c>ref</c>. Never
    /// parsed from text; user code inside is embedded as the node it already is.
    /// </summary>
    internal static class GeneratedSyntax
    {
        private static readonly SyntaxTriviaList s_space = SyntaxFactory.TriviaList(SyntaxFactory.Space);

        /// <summary>An identifier as the generator writes it: plain, or escaped with <c>@</c> (<see cref="FrameNaming.Escape"/>).</summary>
        public static SyntaxToken Identifier(string name) =>
            name.Length > 1 && name[0] == '@'
                ? SyntaxFactory.VerbatimIdentifier(default, name.Substring(1), name.Substring(1), default)
                : SyntaxFactory.Identifier(name);

        public static IdentifierNameSyntax Name(string name) => SyntaxFactory.IdentifierName(Identifier(name));

        /// <summary><c>(expression)</c>.</summary>
        public static ParenthesizedExpressionSyntax Paren(ExpressionSyntax expression) => SyntaxFactory.ParenthesizedExpression(expression);

        /// <summary><c>left op right</c> with a space on each side of the operator (<paramref name="operatorKind"/>, a token kind).</summary>
        public static BinaryExpressionSyntax Binary(SyntaxKind kind, SyntaxKind operatorKind, ExpressionSyntax left, ExpressionSyntax right) =>
            SyntaxFactory.BinaryExpression(kind, left, Spaced(operatorKind), right);

        /// <summary><c>target op value</c> (<c>=</c>, <c>+=</c>, …: <paramref name="operatorKind"/>) with a space on each side of the operator.</summary>
        public static AssignmentExpressionSyntax Assignment(SyntaxKind kind, SyntaxKind operatorKind, ExpressionSyntax target, ExpressionSyntax value) =>
            SyntaxFactory.AssignmentExpression(kind, target, Spaced(operatorKind), value);

        /// <summary><c>throw expression</c>.</summary>
        public static ThrowExpressionSyntax Throw(ExpressionSyntax expression) =>
            SyntaxFactory.ThrowExpression(SyntaxFactory.Token(default, SyntaxKind.ThrowKeyword, s_space), expression);

        /// <summary><c>receiver.name</c>.</summary>
        public static MemberAccessExpressionSyntax Member(ExpressionSyntax receiver, SimpleNameSyntax name) =>
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, name);

        /// <summary><c>name&lt;T1, T2&gt;</c>, or the plain name without type arguments.</summary>
        public static SimpleNameSyntax Generic(string name, IReadOnlyList<TypeSyntax> typeArguments)
        {
            if (typeArguments.Count == 0) return Name(name);
            return SyntaxFactory.GenericName(Identifier(name), SyntaxFactory.TypeArgumentList(Separated(typeArguments)));
        }

        /// <summary><c>target(a, b)</c>.</summary>
        public static InvocationExpressionSyntax Call(ExpressionSyntax target, IReadOnlyList<ArgumentSyntax> arguments) =>
            SyntaxFactory.InvocationExpression(target, SyntaxFactory.ArgumentList(Separated(arguments)));

        /// <summary>An argument as written, with its name (<c>name: value</c>) when it has one.</summary>
        public static ArgumentSyntax Argument(ExpressionSyntax value, string? name = null) =>
            name is null
                ? SyntaxFactory.Argument(value)
                : SyntaxFactory.Argument(SyntaxFactory.NameColon(Name(name), SyntaxFactory.Token(default, SyntaxKind.ColonToken, s_space)), default, value);

        /// <summary><c>out value</c> or <c>ref value</c>.</summary>
        public static ArgumentSyntax ByReference(SyntaxKind keyword, ExpressionSyntax value) =>
            SyntaxFactory.Argument(null, SyntaxFactory.Token(default, keyword, s_space), value);

        /// <summary><c>new type()</c>.</summary>
        public static ObjectCreationExpressionSyntax New(TypeSyntax type) => New(type, System.Array.Empty<ArgumentSyntax>());

        /// <summary><c>new type(a, b)</c>.</summary>
        public static ObjectCreationExpressionSyntax New(TypeSyntax type, IReadOnlyList<ArgumentSyntax> arguments) =>
            SyntaxFactory.ObjectCreationExpression(SyntaxFactory.Token(default, SyntaxKind.NewKeyword, s_space), type, SyntaxFactory.ArgumentList(Separated(arguments)), null);

        /// <summary><c>global::N1.N2.Name</c>: a type of the runtime libraries, named in full.</summary>
        public static NameSyntax GlobalType(params string[] parts)
        {
            NameSyntax name = SyntaxFactory.AliasQualifiedName(SyntaxFactory.IdentifierName(SyntaxFactory.Token(SyntaxKind.GlobalKeyword)), Name(parts[0]));
            for (int i = 1; i < parts.Length; i++) name = SyntaxFactory.QualifiedName(name, Name(parts[i]));
            return name;
        }

        /// <summary><c>expression;</c>.</summary>
        public static ExpressionStatementSyntax Statement(ExpressionSyntax expression) => SyntaxFactory.ExpressionStatement(expression);

        /// <summary><c>target = value;</c>.</summary>
        public static ExpressionStatementSyntax AssignStatement(ExpressionSyntax target, ExpressionSyntax value) =>
            Statement(Assignment(SyntaxKind.SimpleAssignmentExpression, SyntaxKind.EqualsToken, target, value));

        /// <summary><c>throw expression;</c>.</summary>
        public static ThrowStatementSyntax ThrowStatement(ExpressionSyntax expression) =>
            SyntaxFactory.ThrowStatement(default, SyntaxFactory.Token(default, SyntaxKind.ThrowKeyword, s_space), expression, SyntaxFactory.Token(SyntaxKind.SemicolonToken));

        /// <summary><c>{ a b }</c> on one line: a space inside each brace and between the statements.</summary>
        public static BlockSyntax Block(params StatementSyntax[] statements)
        {
            var spaced = new List<StatementSyntax>(statements.Length);
            for (int i = 0; i < statements.Length; i++)
                spaced.Add(i < statements.Length - 1 ? statements[i].WithTrailingTrivia(s_space) : statements[i]);
            return SyntaxFactory.Block(default, SyntaxFactory.Token(default, SyntaxKind.OpenBraceToken, s_space), SyntaxFactory.List(spaced),
                SyntaxFactory.Token(statements.Length > 0 ? s_space : default, SyntaxKind.CloseBraceToken, default));
        }

        /// <summary><c>checked { statement }</c> or <c>unchecked { statement }</c>: the checked context of the expression it was lowered from.</summary>
        public static CheckedStatementSyntax Checked(bool isChecked, StatementSyntax statement) =>
            SyntaxFactory.CheckedStatement(isChecked ? SyntaxKind.CheckedStatement : SyntaxKind.UncheckedStatement,
                SyntaxFactory.Token(default, isChecked ? SyntaxKind.CheckedKeyword : SyntaxKind.UncheckedKeyword, s_space), Block(statement));

        /// <summary><paramref name="expression"/>, parenthesized unless it is a parenthesized expression already.</summary>
        public static ParenthesizedExpressionSyntax Parenthesized(ExpressionSyntax expression) =>
            expression as ParenthesizedExpressionSyntax ?? Paren(expression);

        /// <summary><c>value with { }</c>: a copy of a record or struct.</summary>
        public static WithExpressionSyntax EmptyWith(ExpressionSyntax value) =>
            SyntaxFactory.WithExpression(value, Spaced(SyntaxKind.WithKeyword),
                SyntaxFactory.InitializerExpression(SyntaxKind.WithInitializerExpression, SyntaxFactory.Token(default, SyntaxKind.OpenBraceToken, s_space),
                    default, SyntaxFactory.Token(SyntaxKind.CloseBraceToken)));

        /// <summary><c>goto label;</c>.</summary>
        public static GotoStatementSyntax Goto(string label) =>
            SyntaxFactory.GotoStatement(SyntaxKind.GotoStatement, default, SyntaxFactory.Token(default, SyntaxKind.GotoKeyword, s_space), default, Name(label), SyntaxFactory.Token(SyntaxKind.SemicolonToken));

        /// <summary><c>try { … } catch (exceptionType) { }</c> on one line.</summary>
        public static TryStatementSyntax TryCatch(BlockSyntax body, string exceptionType) =>
            SyntaxFactory.TryStatement(default, SyntaxFactory.Token(default, SyntaxKind.TryKeyword, s_space), body.WithTrailingTrivia(s_space),
                SyntaxFactory.SingletonList(SyntaxFactory.CatchClause(SyntaxFactory.Token(default, SyntaxKind.CatchKeyword, s_space),
                    SyntaxFactory.CatchDeclaration(SyntaxFactory.Token(SyntaxKind.OpenParenToken), Name(exceptionType), default,
                        SyntaxFactory.Token(default, SyntaxKind.CloseParenToken, s_space)), null, Block())), null);

        /// <summary>The binary operator of a compound assignment (<c>+=</c>: <c>+</c>): its expression kind and token kind.</summary>
        public static (SyntaxKind Expression, SyntaxKind Operator) OperatorOf(SyntaxKind compoundAssignment) => compoundAssignment switch
        {
            SyntaxKind.AddAssignmentExpression => (SyntaxKind.AddExpression, SyntaxKind.PlusToken),
            SyntaxKind.SubtractAssignmentExpression => (SyntaxKind.SubtractExpression, SyntaxKind.MinusToken),
            SyntaxKind.MultiplyAssignmentExpression => (SyntaxKind.MultiplyExpression, SyntaxKind.AsteriskToken),
            SyntaxKind.DivideAssignmentExpression => (SyntaxKind.DivideExpression, SyntaxKind.SlashToken),
            SyntaxKind.ModuloAssignmentExpression => (SyntaxKind.ModuloExpression, SyntaxKind.PercentToken),
            SyntaxKind.AndAssignmentExpression => (SyntaxKind.BitwiseAndExpression, SyntaxKind.AmpersandToken),
            SyntaxKind.OrAssignmentExpression => (SyntaxKind.BitwiseOrExpression, SyntaxKind.BarToken),
            SyntaxKind.ExclusiveOrAssignmentExpression => (SyntaxKind.ExclusiveOrExpression, SyntaxKind.CaretToken),
            SyntaxKind.LeftShiftAssignmentExpression => (SyntaxKind.LeftShiftExpression, SyntaxKind.LessThanLessThanToken),
            SyntaxKind.RightShiftAssignmentExpression => (SyntaxKind.RightShiftExpression, SyntaxKind.GreaterThanGreaterThanToken),
            SyntaxKind.UnsignedRightShiftAssignmentExpression => (SyntaxKind.UnsignedRightShiftExpression, SyntaxKind.GreaterThanGreaterThanGreaterThanToken),
            _ => throw new System.ArgumentOutOfRangeException(nameof(compoundAssignment), compoundAssignment, "not a compound assignment with a binary operator"),
        };

        /// <summary>Items separated by <c>", "</c>.</summary>
        public static SeparatedSyntaxList<T> Separated<T>(IReadOnlyList<T> items) where T : SyntaxNode
        {
            var separators = new List<SyntaxToken>(System.Math.Max(0, items.Count - 1));
            for (int i = 1; i < items.Count; i++) separators.Add(SyntaxFactory.Token(default, SyntaxKind.CommaToken, s_space));
            return SyntaxFactory.SeparatedList(items, separators);
        }

        /// <summary><c>!operand</c> (no parentheses added).</summary>
        public static PrefixUnaryExpressionSyntax Not(ExpressionSyntax operand) => SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, operand);

        /// <summary>An <c>int</c> literal, written in the invariant culture.</summary>
        public static LiteralExpressionSyntax Number(int value) => SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value));

        /// <summary><c>null</c>.</summary>
        public static LiteralExpressionSyntax Null() => SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression);

        /// <summary><c>left == right</c>.</summary>
        public static BinaryExpressionSyntax EqualTo(ExpressionSyntax left, ExpressionSyntax right) => Binary(SyntaxKind.EqualsExpression, SyntaxKind.EqualsEqualsToken, left, right);

        /// <summary><c>left != right</c>.</summary>
        public static BinaryExpressionSyntax NotEqualTo(ExpressionSyntax left, ExpressionSyntax right) => Binary(SyntaxKind.NotEqualsExpression, SyntaxKind.ExclamationEqualsToken, left, right);

        /// <summary><c>null!</c>: a field cleared (its type may not be nullable).</summary>
        public static PostfixUnaryExpressionSyntax NullForgiving() =>
            SyntaxFactory.PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, Null());

        /// <summary><c>default!</c>: a temp cleared or started (its type may not be nullable).</summary>
        public static PostfixUnaryExpressionSyntax DefaultForgiving() =>
            SyntaxFactory.PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression));

        /// <summary><c>test &amp;&amp; (guard)</c>: a pattern test and its when clause (copied; it does not suspend).</summary>
        public static BinaryExpressionSyntax Guarded(ExpressionSyntax test, ExpressionSyntax guard) =>
            Binary(SyntaxKind.LogicalAndExpression, SyntaxKind.AmpersandAmpersandToken, test, Paren(guard));

        /// <summary><c>(type)value</c>.</summary>
        public static CastExpressionSyntax Cast(TypeSyntax type, ExpressionSyntax value) => SyntaxFactory.CastExpression(type, value);

        /// <summary>The token <paramref name="kind"/> with a space on each side (<c> is </c>, <c> ? </c>).</summary>
        public static SyntaxToken Spaced(SyntaxKind kind) => SyntaxFactory.Token(s_space, kind, s_space);
    }
}
