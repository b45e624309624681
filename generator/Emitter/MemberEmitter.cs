using System.Collections.Generic;
using System.Linq;
using Stackless.Generator.Model;

namespace Stackless.Generator.Emitter
{
    /// <summary>
    /// Writes the members a [Tasklet] method adds to its type from their shapes: the frame class, the plain-call frame
    /// of an abstract interface member, the frame factory and SpawnM. Every line here is compiled again in every build,
    /// so each says what it must and no more.
    /// </summary>
    internal static class MemberEmitter
    {
        private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"Stackless.Generator\", \"" + ThisAssembly.Version + "\")]";
        private const string Hidden = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

        /// <summary>
        /// The frame class at <paramref name="indent"/> (the line above it names the method, so no doc comment), its user
        /// lines moved by <paramref name="lineDelta"/>.
        /// </summary>
        public static void Frame(IndentedWriter w, int indent, TaskletModel model, FrameClass frame, int lineDelta)
        {
            // The frame is nested and internal or private: EditorBrowsable would hide it from nobody.
            FrameLocations.Write(w, indent, model, frame.Body, lineDelta);
            w.Line(indent, GeneratedCode);
            w.Line(indent, frame.Access + (frame.HidesBase ? " new" : "") + " sealed class " + frame.Name + frame.TypeParameters + " : " + frame.BaseType);
            foreach (string c in frame.Constraints) w.Line(indent + 1, c);
            w.Line(indent, "{");
            foreach (FrameField f in frame.Fields)
                w.Line(indent + 1, f.Access + " " + f.Type + " " + f.Name + ";" + (f.Comment is null ? "" : " // " + f.Comment));
            w.Line();
            if (!InitializedByFactory(model, frame))
            {
                w.Line(indent + 1, "internal " + frame.Name + "(" + frame.ConstructorParameters + ")");
                w.Line(indent + 1, "{");
                foreach (ParameterCopy p in frame.ParameterCopies) w.Line(indent + 2, "this." + p.Field + " = " + p.Parameter + ";");
                w.Line(indent + 1, "}");
                w.Line();
            }
            w.Line(indent + 1, "protected override void MoveNext()");
            // The braces and the state dispatch are the generator's: hidden (the file is, from its top), so a debugger's
            // steps and breakpoints land only on the user's statements (each mapped by its own #line, hidden again after).
            w.Line(indent + 1, "{");
            BodyEmitter.Write(w, indent + 2, frame.Body, lineDelta);
            w.Line(indent + 1, "}");
            if (frame.ProtectedResumePoints is ProtectedResumePoints inTry)
                MayHandleAt(w, indent + 1, inTry);
            if (frame.Helpers.Count > 0)
            {
                w.Line();
                HelperEmitter.Write(w, indent + 1, frame.Helpers);
            }
            w.Line(indent, "}");
            w.Line();
        }

        /// <summary>
        /// The frame's answer to "could a callee's exception, rethrown at this resume point, reach a handler of mine?"
        /// (docs/frame-contract.md): only inside a try. A few runs of states: a range test. More: one bit per state, a
        /// word per 64 states picked by a switch (a chain of thousands of || would nest as deep in the compiler).
        /// </summary>
        private static void MayHandleAt(IndentedWriter w, int indent, ProtectedResumePoints inTry)
        {
            static string Number(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w.Line();
            if (inTry.Ranges.Count > MaxRangeTests)
            {
                int count = inTry.Ranges.Sum(r => r.Last - r.First + 1);
                w.Line(indent, "// Resume points inside a try: " + Number(count) + ", in " + Number(inTry.Ranges.Count) + " runs (state k: bit k % 64 of word k / 64). A callee's");
                w.Line(indent, "// exception rethrown at any other call escapes MoveNext at once, so the scheduler fails this frame with it without resuming it.");
                w.Line(indent, "protected override bool MayHandleAt(short resumePoint)");
                w.Line(indent, "{");
                w.Line(indent + 1, "ulong word = (resumePoint >> 6) switch");
                w.Line(indent + 1, "{");
                var words = new SortedDictionary<int, ulong>();
                foreach (StateRange r in inTry.Ranges)
                    for (int state = r.First; state <= r.Last; state++)
                    {
                        words.TryGetValue(state >> 6, out ulong bits);
                        words[state >> 6] = bits | 1UL << (state & 63);
                    }
                foreach (KeyValuePair<int, ulong> word in words)
                    w.Line(indent + 2, Number(word.Key) + " => 0x" + word.Value.ToString("X16", System.Globalization.CultureInfo.InvariantCulture) + "UL,");
                w.Line(indent + 2, "_ => 0UL,");
                w.Line(indent + 1, "};");
                w.Line(indent + 1, "return (word >> (resumePoint & 63) & 1UL) != 0;");
                w.Line(indent, "}");
                return;
            }
            string test = inTry.Ranges.Count == 0 ? "false" : string.Join(" || ", inTry.Ranges.Select(r =>
                r.First == r.Last ? "resumePoint == " + Number(r.First)
                : r.Last == r.First + 1 ? "resumePoint == " + Number(r.First) + " || resumePoint == " + Number(r.Last)
                : "resumePoint >= " + Number(r.First) + " && resumePoint <= " + Number(r.Last)));
            string inside = inTry.Ranges.Count == 0 ? "none" : string.Join(", ", inTry.Ranges.Select(r =>
                r.First == r.Last ? Number(r.First) : Number(r.First) + (r.Last == r.First + 1 ? ", " : "–") + Number(r.Last)));
            w.Line(indent, "// Resume points inside a try: " + inside + ". A callee's exception rethrown at any other call escapes MoveNext");
            w.Line(indent, "// at once, so the scheduler fails this frame with it without resuming it.");
            w.Line(indent, "protected override bool MayHandleAt(short resumePoint) => " + test + ";");
        }

        /// <summary>The most runs of states <see cref="MayHandleAt"/> tests one by one.</summary>
        private const int MaxRangeTests = 8;

        /// <summary>The plain-call frame: one call of the implementation, which is not [Tasklet] and cannot suspend.</summary>
        public static void PlainFrame(IndentedWriter w, int indent, PlainFrame frame)
        {
            w.Line(indent, "// The frame for an implementation that is not [Tasklet]: one plain call of it.");
            w.Line(indent, GeneratedCode);
            w.Line(indent, "private sealed class " + frame.Name + frame.TypeParameters + " : " + frame.BaseType);
            foreach (string c in frame.Constraints) w.Line(indent + 1, c);
            w.Line(indent, "{");
            w.Line(indent + 1, "private readonly " + frame.ContainingType + " __this;");
            var parameters = new System.Text.StringBuilder(frame.ContainingType + " __this");
            var arguments = new System.Text.StringBuilder();
            for (int i = 0; i < frame.ParameterTypes.Count; i++)
            {
                string name = "__p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                w.Line(indent + 1, "private readonly " + frame.ParameterTypes[i] + " " + name + ";");
                parameters.Append(", ").Append(frame.ParameterTypes[i]).Append(' ').Append(name);
                arguments.Append(i == 0 ? "" : ", ").Append(name);
            }
            w.Line();
            w.Line(indent + 1, "internal " + frame.Name + "(" + parameters + ")");
            w.Line(indent + 1, "{");
            w.Line(indent + 2, "this.__this = __this;");
            for (int i = 0; i < frame.ParameterTypes.Count; i++)
            {
                string name = "__p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                w.Line(indent + 2, "this." + name + " = " + name + ";");
            }
            w.Line(indent + 1, "}");
            w.Line();
            string call = "__this." + frame.Method + frame.TypeParameters + "(" + arguments + ")";
            w.Line(indent + 1, "protected override void MoveNext()");
            w.Line(indent + 1, "{");
            if (frame.ReturnsVoid)
            {
                w.Line(indent + 2, call + ";");
                w.Line(indent + 2, "Return();");
            }
            else
            {
                w.Line(indent + 2, "Return(" + call + ");");
            }
            w.Line(indent + 1, "}");
            w.Line(indent, "}");
            w.Line();
        }

        /// <summary>The frame factory (hidden from IntelliSense, so a comment for the reader of this file, not a doc comment).</summary>
        public static void Factory(IndentedWriter w, int indent, TaskletModel model, FrameFactory f)
        {
            w.Line(indent, "// Creates the frame without starting it (Spawn" + f.SpawnName + " and calls from other tasklets). " + f.Remark);
            // Hidden from IntelliSense wherever another assembly could see it (docs/frame-contract.md); a private factory
            // or an explicit implementation is seen by nobody there. No [GeneratedCode] on members: the file is
            // <auto-generated/> and the frame class carries it (an attribute is bound again in every build).
            if (VisibleToOtherAssemblies(model, f)) w.Line(indent, Hidden);
            string header = (f.Modifiers.Length > 0 ? f.Modifiers + " " : "") + f.ReturnType + " " + f.Name + f.TypeParameters + "(" + f.Parameters + ")";
            if (f.Body == FactoryBody.Abstract)
            {
                // No frame here; every override (which must be [Tasklet]) provides it.
                w.Line(indent, header + (f.Constraints.Count == 0 ? ";" : ""));
                for (int i = 0; i < f.Constraints.Count; i++) w.Line(indent + 1, f.Constraints[i] + (i == f.Constraints.Count - 1 ? ";" : ""));
                return;
            }
            w.Line(indent, header);
            foreach (string c in f.Constraints) w.Line(indent + 1, c);
            w.Line(indent + 1, f.Body == FactoryBody.Throws ? "=> " + NotCompiled(model) + ";"
                : model.Frame is FrameClass frame && InitializedByFactory(model, frame) ? "=> new " + f.Frame + Initializer(frame, f) + ";"
                : "=> new " + f.Frame + "(" + f.Arguments + ");");
        }

        /// <summary>
        /// Whether the factory fills the frame's parameter fields with an object initializer, so the frame needs no
        /// constructor of its own (one method fewer per frame to compile): when the factory creates this frame and every
        /// field it fills is visible to it (a private field, of a type private to the containing type, is set by the
        /// frame's constructor).
        /// </summary>
        private static bool InitializedByFactory(TaskletModel model, FrameClass frame)
        {
            if (model.Factory is not { Body: FactoryBody.CreatesFrame } f || f.Frame != frame.Name + frame.TypeParameters) return false;
            foreach (ParameterCopy p in frame.ParameterCopies)
                foreach (FrameField field in frame.Fields)
                    if (field.Name == p.Field && field.Access == "private") return false;
            return true;
        }

        // { field = parameter, … }: the frame's parameter copies. The frame of an instance method keeps `this`: its first
        // copy (the constructor's first argument is `this` then); a user's parameter named __this is any other copy.
        private static string Initializer(FrameClass frame, FrameFactory f)
        {
            if (frame.ParameterCopies.Count == 0) return "()";
            bool instance = f.Arguments == "this" || f.Arguments.StartsWith("this,", System.StringComparison.Ordinal);
            var sb = new System.Text.StringBuilder(" { ");
            for (int i = 0; i < frame.ParameterCopies.Count; i++)
            {
                ParameterCopy p = frame.ParameterCopies[i];
                sb.Append(i == 0 ? "" : ", ").Append(p.Field).Append(" = ").Append(instance && i == 0 ? "this" : p.Parameter);
            }
            return sb.Append(" }").ToString();
        }

        /// <summary>
        /// Whether another assembly could see the factory (and so list it in IntelliSense): not when it is private (written
        /// so, or with no accessibility in a class or struct) or an explicit implementation (named only through its interface).
        /// </summary>
        private static bool VisibleToOtherAssemblies(TaskletModel model, FrameFactory f)
        {
            if (f.Name.IndexOf('.') >= 0) return false;
            string[] modifiers = f.Modifiers.Split(' ');
            bool isPrivate = System.Array.IndexOf(modifiers, "private") >= 0, isProtected = System.Array.IndexOf(modifiers, "protected") >= 0;
            bool anyAccess = isPrivate || isProtected || System.Array.IndexOf(modifiers, "public") >= 0 || System.Array.IndexOf(modifiers, "internal") >= 0;
            bool inInterface = model.ContainingTypes.Count > 0 && model.ContainingTypes[model.ContainingTypes.Count - 1].Keyword == "interface";
            if (!anyAccess) return inInterface;
            return !isPrivate || isProtected;
        }

        /// <summary>SpawnM, with a doc comment: the user calls it.</summary>
        public static void Spawn(IndentedWriter w, int indent, TaskletModel model, SpawnMethod s)
        {
            w.Line();
            w.Line(indent, "/// <summary>Spawns [Tasklet] <c>" + System.Security.SecurityElement.Escape(model.MethodDisplay) + "</c> as a new tasklet, appended to the run queue.</summary>");
            w.Line(indent, (s.Modifiers.Length > 0 ? s.Modifiers + " " : "") + s.ReturnType + " " + s.Name + s.TypeParameters + "(" + s.Parameters + ")");
            foreach (string c in s.Constraints) w.Line(indent + 1, c);
            w.Line(indent + 1, s.Throws ? "=> " + NotCompiled(model) + ";"
                : "=> global::Stackless.CompilerServices.TaskletFrame.Spawn(" + s.Factory + "(" + s.Arguments + "));");
        }

        // What a refused method's factory and SpawnM throw: the error at the method says why.
        private static string NotCompiled(TaskletModel model) =>
            "throw new global::System.NotSupportedException(\"[Tasklet] " + model.MethodDisplay.Replace("\\", "\\\\").Replace("\"", "\\\"")
            + " was not compiled: see error " + model.RefusedWith + " at the method.\")";
    }
}
