using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stackless.Generator.Facts;
using Stackless.Generator.Ir;
using Stackless.Generator.Model;

namespace Stackless.Generator.Lowering
{
    // The lowering's side of the hoisting plan (HoistingPlanner decides; nothing here decides where a local lives):
    // the frame fields and MoveNext locals the plan asks for, and the text that declares a planned local.
    internal sealed partial class ExpressionLowering
    {
        /// <summary>
        /// Declares what the plan asks for, in its order: parameter fields, then each planned local's field (an object
        /// box for an anonymous type), save field, const or local at the top of MoveNext.
        /// </summary>
        public void DeclarePlannedStorage()
        {
            foreach ((IParameterSymbol p, string field) in _plan.ParameterFields)
                Fields.Add(new FrameField(FieldAccess(p.Type), FrameNaming.Type(p.Type), FrameNaming.Escape(field)));
            foreach (PlannedLocal planned in _plan.Locals)
            {
                ILocalSymbol local = planned.Symbol;
                string name = FrameNaming.Escape(planned.Name);
                switch (planned.Storage)
                {
                    case LocalStorage.Const:
                        var declarator = (VariableDeclaratorSyntax)planned.Declaration;
                        ExpressionSyntax init = declarator.Initializer is null ? SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression) : CopiedExpression(declarator.Initializer.Value);
                        _alloc.MoveNextLocals.Add(new IrLocal(IsConst: true, TypeSyntaxes.Of(local.Type) ?? throw TypeSyntaxes.Unwritable(declarator), name, init));
                        break;
                    case LocalStorage.FlattenedLocal:
                        break; // its declaration is copied where the user wrote it
                    case LocalStorage.FieldBoxPerIteration:
                        if (TypeShapes.ContainsAnonymousType(local.Type))
                            _anonAccess[local] = AnonField(name, local.Type, "one box per iteration (captured by a lambda)").ToString();
                        else
                            Fields.Add(new FrameField(FieldAccess(local.Type), BoxType(local), name, "one box per iteration (captured by a closure)"));
                        break;
                    case LocalStorage.Field:
                        if (TypeShapes.ContainsAnonymousType(local.Type))
                            _anonAccess[local] = AnonField(name, local.Type).ToString();
                        else
                            Fields.Add(new FrameField(FieldAccess(local.Type), FrameNaming.Type(local.Type), name));
                        break;
                    case LocalStorage.MethodLocal:
                        // Assigned like a field; declared once for all of MoveNext (the dispatch may jump past any declaration).
                        _alloc.MoveNextLocals.Add(new IrLocal(IsConst: false, TypeSyntaxes.Of(local.Type) ?? throw TypeSyntaxes.Unwritable(planned.Declaration), name, GeneratedSyntax.DefaultForgiving()));
                        if (planned.SaveField != null)
                            Fields.Add(new FrameField(FieldAccess(local.Type), FrameNaming.Type(local.Type), planned.SaveField, planned.Name + " while a step check has interrupted"));
                        break;
                }
            }
        }

        private static string BoxType(ILocalSymbol local) => "global::System.Runtime.CompilerServices.StrongBox<" + FrameNaming.Type(local.Type) + ">";

        /// <summary>The statement that starts a fresh per-iteration variable: a new box, or a plain assignment (a node of the generator's).</summary>
        private IrNode Declare(ILocalSymbol local, ExpressionSyntax? value)
        {
            string name = FrameNaming.Escape(_plan.NameOf(local));
            bool boxed = _plan.IsBoxedPerIteration(local);
            if (_anonAccess.ContainsKey(local))
            {
                var access = boxed ? AnonFreshAccess(name, local.Type) : (MemberAccessExpressionSyntax)FieldRefSyntax(local);
                return value is null ? new IrEvaluate(access.Expression) : new IrAssign(access, value);
            }
            if (boxed)
            {
                TypeSyntax type = TypeSyntaxes.Of(local.Type) ?? throw TypeSyntaxes.Unwritable(local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_facts.Ct) ?? _facts.Body);
                var box = SyntaxFactory.QualifiedName(GeneratedSyntax.GlobalType("System", "Runtime", "CompilerServices"), (SimpleNameSyntax)GeneratedSyntax.Generic("StrongBox", new[] { type }));
                return new IrAssign(GeneratedSyntax.Name(name), GeneratedSyntax.New(box, value is null ? System.Array.Empty<ArgumentSyntax>() : new[] { SyntaxFactory.Argument(value) }));
            }
            System.Diagnostics.Debug.Assert(value != null, "only a box is started without a value");
            return new IrAssign(GeneratedSyntax.Name(name), value ?? GeneratedSyntax.DefaultForgiving());
        }

        /// <summary>Where hoisted <paramref name="local"/>'s value is stored: its field, its box's value, or (anonymous type) its object box's access.</summary>
        private ExpressionSyntax StorageOf(ILocalSymbol local)
        {
            if (_anonAccess.ContainsKey(local)) return FieldRefSyntax(local);
            IdentifierNameSyntax field = GeneratedSyntax.Name(FrameNaming.Escape(_plan.NameOf(local)));
            return _plan.IsBoxedPerIteration(local) ? GeneratedSyntax.Member(field, GeneratedSyntax.Name("Value")) : field;
        }

        /// <summary><see cref="Declare"/> as a statement of the user's (a resource of a using statement, a local's initializer).</summary>
        private StatementSyntax DeclareStatement(ILocalSymbol local, ExpressionSyntax? value) => Declare(local, value) switch
        {
            IrAssign a => GeneratedSyntax.AssignStatement(a.Target.Node, a.Value.Node),
            IrEvaluate e => GeneratedSyntax.Statement(e.Expression.Node),
            _ => throw new System.InvalidOperationException("Declare makes an assignment or a call"),
        };

        private readonly Dictionary<SyntaxNode, List<ILocalSymbol>> _boxesNeeded = new();

        /// <summary>The per-iteration boxes a lambda or local function captures (directly or through local functions it calls), in declaration order.</summary>
        private List<ILocalSymbol> BoxesNeeded(SyntaxNode function)
        {
            if (_boxesNeeded.TryGetValue(function, out List<ILocalSymbol>? done)) return done;
            List<ILocalSymbol> result = !_plan.HasBoxesPerIteration
                ? new List<ILocalSymbol>()
                : _facts.ReferencedLocals(function).Where(_plan.IsBoxedPerIteration).Cast<ILocalSymbol>()
                    .OrderBy(l => l.Locations.Length > 0 ? l.Locations[0].SourceSpan.Start : 0).ThenBy(l => l.Name, System.StringComparer.Ordinal).ToList();
            _boxesNeeded[function] = result;
            return result;
        }
    }
}
