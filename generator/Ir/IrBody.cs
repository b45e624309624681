using System.Collections.Generic;
using System.Globalization;
using Stackless.Generator.Model;

namespace Stackless.Generator.Ir
{
    /// <summary>
    /// The body of a frame's <c>MoveNext</c>: its locals (the method's constants, the locals kept in MoveNext), the state dispatch (state → label, routed
    /// through the try regions that enclose each resume point), then the lowered statements. <paramref name="FilePath"/>
    /// is the user's file (#line directives name it; none are written when it is empty).
    /// </summary>
    internal sealed record IrBody(EquatableArray<IrLocal> Locals, IrDispatch Dispatch, EquatableArray<IrNode> Statements, string FilePath)
    {
        public static string ResumeLabelOf(int state) => "__resume" + state.ToString(CultureInfo.InvariantCulture);

        /// <summary>The file name shown in comments (the path's last part, or "source" when the tree has no path).</summary>
        public string FileName => FilePath.Length == 0 ? "source" : System.IO.Path.GetFileName(FilePath);

        /// <summary>Every resume point of the body with the user's line it belongs to, in the order written (states ascending).</summary>
        public List<(int State, int Line)> ResumePoints()
        {
            var result = new List<(int, int)>();
            var pending = new Stack<EquatableArray<IrNode>>();
            pending.Push(Statements);
            while (pending.Count > 0)
            {
                foreach (IrNode node in pending.Pop())
                {
                    switch (node)
                    {
                        case IrResumePoint r: result.Add((r.State, r.Line)); break;
                        case IrTryRegion t: pending.Push(t.Handlers); pending.Push(t.Body); break;
                        case IrBlock b: pending.Push(b.Body); break;
                        case IrCatch c: pending.Push(c.Body); break;
                        case IrFinally f: pending.Push(f.Body); break;
                    }
                }
            }
            result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
            return result;
        }
    }
}
