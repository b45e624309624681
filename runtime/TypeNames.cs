using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace Stackless
{
    /// <summary>Readable names of types and objects for <see cref="Tasklet.ToString"/>, waits, frames and dumps (never on a hot path).</summary>
    internal static class TypeNames
    {
        /// <summary><c>Channel&lt;Int32&gt;</c> rather than <c>Channel`1</c>; nested types as <c>Outer.Inner</c>.</summary>
        internal static string Friendly(Type type)
        {
            var sb = new StringBuilder();
            Append(sb, type);
            return sb.ToString();
        }

        private static void Append(StringBuilder sb, Type type)
        {
            if (type.IsArray)
            {
                Append(sb, type.GetElementType()!);
                sb.Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
                return;
            }
            if (type.IsNested && !type.IsGenericParameter)
                Append(sb, type.DeclaringType!);
            if (type.IsNested && !type.IsGenericParameter)
                sb.Append('.');
            string name = type.Name;
            int tick = name.IndexOf('`');
            sb.Append(tick >= 0 ? name.Substring(0, tick) : name);
            if (!type.IsGenericType)
                return;
            // Only the arguments of this type's own parameters (a nested type repeats its outer type's).
            Type[] args = type.GetGenericArguments();
            int outer = type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0;
            if (args.Length <= outer)
                return;
            sb.Append('<');
            for (int i = outer; i < args.Length; i++)
            {
                if (i > outer) sb.Append(", ");
                Append(sb, args[i]);
            }
            sb.Append('>');
        }

        /// <summary>An object that has no name of its own, told apart from others of its type: <c>Channel&lt;Int32&gt; #3f2a1c</c>.</summary>
        internal static string Describe(object o) => $"{Friendly(o.GetType())} #{RuntimeHelpers.GetHashCode(o) & 0xFFFFFF:x6}";

        /// <summary>
        /// The display name of a frame type that has no table: a generated frame <c>Outer.__M_Frame</c> (numbered, or
        /// generic) is <c>Outer.M</c>; any other frame is named after its type.
        /// </summary>
        internal static string FrameMethod(Type frameType)
        {
            string name = frameType.Name;
            int tick = name.IndexOf('`');
            if (tick >= 0) name = name.Substring(0, tick);
            int suffix = name.LastIndexOf("_Frame", StringComparison.Ordinal);
            if (suffix < 0) suffix = name.LastIndexOf("_PlainFrame", StringComparison.Ordinal);
            if (!name.StartsWith("__", StringComparison.Ordinal) || suffix <= 2 || !frameType.IsNested)
                return Friendly(frameType);
            return Friendly(frameType.DeclaringType!) + "." + name.Substring(2, suffix - 2);
        }
    }
}
