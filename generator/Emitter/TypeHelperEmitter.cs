using Stackless.Generator.Model;

namespace Stackless.Generator.Emitter
{
    /// <summary>Writes the members a frame needs in the user's type (<see cref="TypeHelper"/>), in the order the lowering asked for them.</summary>
    internal static class TypeHelperEmitter
    {
        private const string Hidden = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

        public static void Write(IndentedWriter w, int indent, EquatableArray<TypeHelper> helpers)
        {
            foreach (TypeHelper helper in helpers)
            {
                switch (helper)
                {
                    case BaseMethodForwarder m:
                        Summary(w, indent, m.Factory
                            ? "<c>" + m.Member + "</c> in [Tasklet] " + m.Tasklet + ": the base class's frame factory, called non-virtually (only the type itself can)."
                            : Origin(m.Member, m.Tasklet));
                        w.Line(indent, "private " + m.Returns + " " + m.Name + m.TypeParameters + "(" + string.Join(", ", m.Parameters) + ")");
                        foreach (string c in m.Constraints) w.Line(indent, "    " + c);
                        w.Line(indent, "    => base." + m.Called + "(" + string.Join(", ", m.Arguments) + ");");
                        break;
                    case BasePropertyForwarder p:
                        Summary(w, indent, Origin(p.Member, p.Tasklet) + (p.Marker is null ? "" : Escaped(" Called as __this[default(" + p.Marker + "), …].")));
                        if (p.IndexerName != null) w.Line(indent, "[global::System.Runtime.CompilerServices.IndexerName(\"" + p.IndexerName + "\")]");
                        w.Line(indent, "private " + p.Type + " " + (p.Marker is null ? p.Name : "this[" + p.Marker + " marker, " + string.Join(", ", p.Parameters) + "]") + " { "
                            + (p.Get ? "get => " + p.Access + "; " : "") + (p.Set ? "set => " + p.Access + " = value; " : "") + "}");
                        break;
                    case BaseIndexerMarker k:
                        Summary(w, indent, Escaped("Selects the base-indexer helpers of the frame of [Tasklet] " + k.Tasklet + "."));
                        w.Line(indent, "private enum " + k.Name + " { }");
                        break;
                    case BaseEventForwarder e:
                        Summary(w, indent, Origin(e.Member, e.Tasklet));
                        w.Line(indent, "private event " + e.Type + " " + e.Name + " { add => " + e.Access + " += value; remove => " + e.Access + " -= value; }");
                        break;
                    case BaseFieldForwarder f:
                        Summary(w, indent, Origin(f.Member, f.Tasklet));
                        w.Line(indent, f.IsConst ? "private " + f.Type + " " + f.Name + " => " + f.Access + ";"
                            : "private ref " + (f.IsReadOnly ? "readonly " : "") + f.Type + " " + f.Name + " => ref " + f.Access + ";");
                        break;
                }
            }
        }

        private static void Summary(IndentedWriter w, int indent, string text)
        {
            w.Line(indent, "/// <summary>" + text + "</summary>");
            w.Line(indent, Hidden);
        }

        private static string Origin(string member, string tasklet) => Escaped("Non-virtual access to " + member + " for the frame of [Tasklet] " + tasklet + ".");

        private static string Escaped(string text) => System.Security.SecurityElement.Escape(text);
    }
}
