using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stackless.Generator.Lowering
{
    // A suspension point: set State, start the operation with its Begin… (return if it must wait), and at the
    // resume label finish it with End…. Begin/End take the running frame (`this`) where the runtime offers it,
    // so the scheduler is reached without a thread-static read. End… delivers the value or raises what was thrown
    // into the tasklet while it waited.
    // A call to another [Tasklet] method pushes the callee's frame instead; GetResult() delivers its outcome.
    internal sealed partial class FrameLowerer
    {
        private const string SchedulerType = "global::Stackless.Scheduler";

        /// <summary>Lowers a suspending call; returns the End… expression that yields its value, or null for void.</summary>
        private string? LowerSuspension(InvocationExpressionSyntax inv)
        {
            SuspensionKind kind = _sa.KindOf(inv);
            var method = (IMethodSymbol)_model.GetSymbolInfo(inv, _ct).Symbol!;
            bool reducedExtension = method.ReducedFrom != null;

            // The receiver: explicit (ch.Send), a ?. binding (ch?.Send), implicit this (M()), or none (static).
            ExpressionSyntax? receiverExpr = null;
            string? receiver = null;
            if (!method.IsStatic || reducedExtension)
            {
                switch (inv.Expression)
                {
                    case MemberAccessExpressionSyntax ma:
                        receiverExpr = ma.Expression;
                        break;
                    case MemberBindingExpressionSyntax mb:
                        receiver = BindingReceiverOf(mb) ?? throw new LoweringException(DiagnosticDescriptors.NotSupported, inv, "This ?. call", "");
                        break;
                    default:
                        receiver = "__this";
                        _thisUsed = true;
                        break;
                }
            }

            // Evaluate receiver and arguments left to right; the receiver is read again at the resume point.
            var args = inv.ArgumentList.Arguments;
            foreach (ArgumentSyntax a in args)
                if (a.RefKindKeyword.RawKind != 0)
                    throw new LoweringException(DiagnosticDescriptors.NotSupported, a, "A ref or out argument to a suspending call", "");
            var children = new List<ExpressionSyntax>();
            if (receiverExpr != null) children.Add(receiverExpr);
            children.AddRange(args.Select(a => a.Expression));
            var texts = new List<string>();
            for (int i = 0; i < children.Count; i++)
            {
                ExpressionSyntax c = children[i];
                bool later = children.Skip(i + 1).Any(_sa.Contains);
                string t = LowerExpr(c);
                bool isReceiver = receiverExpr != null && i == 0;
                if (isReceiver && kind != SuspensionKind.TaskletCall) t = StabilizeIfNeeded(c, t, force: !IsStable(c));
                else if (later) t = StabilizeIfNeeded(c, t, force: false);
                texts.Add(t);
            }
            if (receiverExpr != null) { receiver = texts[0]; texts.RemoveAt(0); }
            var argTexts = new List<string>();
            for (int i = 0; i < args.Count; i++)
                argTexts.Add((args[i].NameColon != null ? args[i].NameColon!.Name.Identifier.Text + ": " : "") + texts[i]);
            string argList = string.Join(", ", argTexts);

            (int state, string resume) = NewResumePoint();
            EmitResumeComment(state, inv);
            switch (kind)
            {
                case SuspensionKind.Send:
                    return Switch(state, resume, receiver + ".BeginSend(this, " + argList + ")", receiver + ".EndSend()", isVoid: true);
                case SuspensionKind.SendException:
                    return Switch(state, resume, receiver + ".BeginSendException(this, " + argList + ")", receiver + ".EndSend()", isVoid: true);
                case SuspensionKind.Receive:
                    return Switch(state, resume, receiver + ".BeginReceive(this)", receiver + ".EndReceive()", isVoid: false);
                case SuspensionKind.Schedule:
                    return Switch(state, resume, SchedulerType + ".BeginSchedule(this)", SchedulerType + ".EndSwitch(this)", isVoid: true);
                case SuspensionKind.ScheduleRemove:
                    return Switch(state, resume, SchedulerType + ".BeginScheduleRemove(this)", SchedulerType + ".EndSwitch(this)", isVoid: true);
                case SuspensionKind.Run:
                    return Switch(state, resume, receiver + ".BeginRun()", SchedulerType + ".EndSwitch(this)", isVoid: true);
                case SuspensionKind.Kill:
                    return Switch(state, resume, receiver + ".BeginKill(" + argList + ")", SchedulerType + ".EndSwitch(this)", isVoid: true);
                case SuspensionKind.Throw:
                    return Switch(state, resume, receiver + ".BeginThrow(" + argList + ")", SchedulerType + ".EndSwitch(this)", isVoid: true);
                case SuspensionKind.SendSequence:
                    return CallFrame(state, resume, "global::Stackless.CompilerServices.TaskletFrame<int>", receiver + ".CreateSendSequenceFrame(" + argList + ")", isVoid: false);
                case SuspensionKind.TaskletCall:
                {
                    IMethodSymbol target = reducedExtension ? method.GetConstructedReducedFrom()! : method;
                    CheckCallable(target, inv);
                    string frameType = FrameTypeOf(target);
                    var ctorArgs = new List<string>();
                    if (reducedExtension) ctorArgs.Add(receiver!);
                    else if (!target.IsStatic)
                        ctorArgs.Add(receiver == "__this" ? receiver : receiver + " ?? throw new global::System.NullReferenceException()");
                    if (argList.Length > 0) ctorArgs.Add(argList);
                    return CallFrame(state, resume, frameType, "new " + frameType + "(" + string.Join(", ", ctorArgs) + ")", target.ReturnsVoid);
                }
            }
            throw new LoweringException(DiagnosticDescriptors.NotSupported, inv, "This suspending call", "");
        }

        private string? Switch(int state, string resume, string begin, string end, bool isVoid)
        {
            // State is set only when the frame really suspends: an argument of the operation (or the operation
            // itself) may throw first, and an enclosing finally (guarded by State <= 0) must then run.
            EmitUser("if (" + begin + ") { State = " + state + "; return; }");
            EmitLabel(resume);
            Emit("State = -1;");
            if (isVoid)
            {
                EmitUser(end + ";");
                return null;
            }
            return end;
        }

        private string? CallFrame(int state, string resume, string frameType, string creation, bool isVoid)
        {
            string field = "__call" + state.ToString(System.Globalization.CultureInfo.InvariantCulture);
            FieldLines.Add("private " + frameType + " " + field + " = null!; // always read at the resume point");
            // The arguments may throw (e.g. a pending exception at an EndReceive): State is set only after them, so an
            // enclosing finally (guarded by State <= 0) still runs.
            EmitUser(field + " = " + creation + ";");
            Emit("State = " + state + ";");
            Emit("Call(" + field + ");");
            Emit("return;");
            EmitLabel(resume);
            Emit("State = -1;");
            if (isVoid)
            {
                Emit(field + ".GetResult();");
                return null;
            }
            return field + ".GetResult()";
        }

        /// <summary>The frame class of a called [Tasklet] method, with its type's and its own type arguments.</summary>
        private static string FrameTypeOf(IMethodSymbol target)
        {
            string container = FrameNaming.Type(target.ContainingType);
            string typeArgs = target.TypeArguments.Length == 0 ? "" : "<" + string.Join(", ", target.TypeArguments.Select(FrameNaming.Type)) + ">";
            return container + "." + FrameNaming.FrameName(target) + typeArgs;
        }

        /// <summary>A called [Tasklet] method must have a frame this compilation generates.</summary>
        private void CheckCallable(IMethodSymbol target, SyntaxNode at)
        {
            IMethodSymbol def = target.OriginalDefinition;
            if (def.DeclaringSyntaxReferences.Length == 0)
                throw new LoweringException(DiagnosticDescriptors.NotSupported, at, "Calling [Tasklet] method '" + def.Name + "' of another assembly",
                    "its frame is internal to that assembly; wrap it in a [Tasklet] method of this project or spawn it");
            if (Parser.TaskletParser.HeaderProblem(def, _known) is string problem)
                throw new LoweringException(DiagnosticDescriptors.NotSupported, at, "Calling [Tasklet] method '" + def.Name + "'",
                    "it cannot be compiled itself (" + problem + ")");
        }
    }
}
