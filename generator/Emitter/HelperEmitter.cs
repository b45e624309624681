using System.Globalization;
using System.Linq;
using Stackless.Generator.Model;

namespace Stackless.Generator.Emitter
{
    /// <summary>Writes a frame's helper members (<see cref="FrameHelper"/>) after its <c>MoveNext</c>, in the order the lowering asked for them.</summary>
    internal static class HelperEmitter
    {
        private const string StrongBox = "global::System.Runtime.CompilerServices.StrongBox";

        public static void Write(IndentedWriter w, int indent, EquatableArray<FrameHelper> helpers)
        {
            bool shapesIntroduced = false;
            foreach (FrameHelper helper in helpers)
            {
                switch (helper)
                {
                    case FixedHelper f:
                        foreach (string line in Lines(f.Kind)) w.Line(indent, line);
                        break;
                    case ShapeHelper s:
                        if (!shapesIntroduced) w.Line(indent, "// Shape helpers: their calls are examples of types built from anonymous types (never evaluated).");
                        shapesIntroduced = true;
                        w.Line(indent, "private static " + s.Shape + " " + s.Name + "<" + TypeParameters(s.Arity) + ">("
                            + string.Join(", ", Enumerable.Range(1, s.Arity).Select(i => "__A" + Number(i) + " a" + Number(i))) + ") => default!;");
                        break;
                    case EndHelper e:
                        w.Line(indent, "/// <summary>" + e.End + " for resume point " + Number(e.State)
                            + ": its type arguments contain anonymous types, which only inference from the examples can name.</summary>");
                        w.Line(indent, "private static " + e.Returns + " " + e.Name + "<" + TypeParameters(e.Arity) + ">(" + string.Join(", ", e.Parameters) + ") => "
                            + e.Target + "." + e.End + "<" + string.Join(", ", e.TypeArguments) + ">(" + string.Join(", ", e.Passed) + ");");
                        break;
                }
            }
        }

        /// <summary><c>__A1, __A2, …</c>: the type parameters that stand for anonymous types.</summary>
        private static string TypeParameters(int arity) => string.Join(", ", Enumerable.Range(1, arity).Select(i => "__A" + Number(i)));

        private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

        private static string[] Lines(FixedHelperKind kind) => kind switch
        {
            FixedHelperKind.Set => new[]
            {
                "/// <summary>Assigns a hoisted pattern variable inside a pattern test.</summary>",
                "private static bool __Set<TValue>(out TValue target, TValue value)",
                "{",
                "    target = value;",
                "    return true;",
                "}",
            },
            FixedHelperKind.AnonymousBox => new[]
            {
                "/// <summary>The box of a value whose type is anonymous (or built from one), kept in an object field; its type is inferred from an example that is never evaluated.</summary>",
                "private static " + StrongBox + "<__T> __Anon<__T>(ref object box, __T example) => (" + StrongBox + "<__T>)(box ??= new " + StrongBox + "<__T>());",
            },
            FixedHelperKind.FreshAnonymousBox => new[]
            {
                "/// <summary>A fresh box: a new variable for this loop iteration (a lambda captured the previous one).</summary>",
                "private static " + StrongBox + "<__T> __AnonFresh<__T>(out object box, __T example)",
                "{",
                "    var fresh = new " + StrongBox + "<__T>();",
                "    box = fresh;",
                "    return fresh;",
                "}",
            },
            FixedHelperKind.AnonymousCast => new[]
            {
                "/// <summary>A cast to a type that cannot be written (it contains an anonymous type), named by an example.</summary>",
                "private static __T __AnonCast<__T>(object value, __T example) => (__T)value;",
            },
            _ => new[]
            {
                "/// <summary>Thrown by <see cref=\"__RightOperand{TValue}\"/>: a user-defined && or || needs its right operand.</summary>",
                "private sealed class __RightOperandNeeded : global::System.Exception { }",
                "/// <summary>Stands for the right operand of a user-defined && or || whose right operand suspends.</summary>",
                "private static TValue __RightOperand<TValue>() => throw new __RightOperandNeeded();",
            },
        };
    }
}
