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
            w.Line(indent + 1, "internal " + frame.Name + "(" + frame.ConstructorParameters + ")");
            w.Line(indent + 1, "{");
            foreach (ParameterCopy p in frame.ParameterCopies) w.Line(indent + 2, "this." + p.Field + " = " + p.Parameter + ";");
            w.Line(indent + 1, "}");
            w.Line();
            w.Line(indent + 1, "protected override void MoveNext()");
            // The braces and the state dispatch are the generator's: hidden (the file is, from its top), so a debugger's
            // steps and breakpoints land only on the user's statements (each mapped by its own #line, hidden again after).
            w.Line(indent + 1, "{");
            BodyEmitter.Write(w, indent + 2, frame.Body, lineDelta);
            w.Line(indent + 1, "}");
            if (frame.Helpers.Count > 0)
            {
                w.Line();
                HelperEmitter.Write(w, indent + 1, frame.Helpers);
            }
            w.Line(indent, "}");
            w.Line();
        }

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
            w.Line(indent, GeneratedCode);
            w.Line(indent, Hidden);
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
            w.Line(indent + 1, f.Body == FactoryBody.Throws ? "=> " + NotCompiled(model) + ";" : "=> new " + f.Frame + "(" + f.Arguments + ");");
        }

        /// <summary>SpawnM, with a doc comment: the user calls it.</summary>
        public static void Spawn(IndentedWriter w, int indent, TaskletModel model, SpawnMethod s)
        {
            w.Line();
            w.Line(indent, "/// <summary>Spawns [Tasklet] <c>" + System.Security.SecurityElement.Escape(model.MethodDisplay) + "</c> as a new tasklet, appended to the run queue.</summary>");
            w.Line(indent, GeneratedCode);
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
