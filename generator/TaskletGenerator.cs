using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Stackless.Generator.Emitter;
using Stackless.Generator.Facts;
using Stackless.Generator.Incremental;
using Stackless.Generator.Ir;
using Stackless.Generator.Lowering;
using Stackless.Generator.Model;
using Stackless.Generator.Parser;

namespace Stackless.Generator
{
    /// <summary>
    /// The Stackless coroutine compiler: for every <c>[Tasklet]</c> method, a resumable heap frame and a
    /// <c>SpawnM</c> method are added to the method's partial type.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class TaskletGenerator : IIncrementalGenerator
    {
        // Tests only: raises an exception in the lowering of chosen methods, to prove that an internal failure is
        // reported as TSK011 at the user's method instead of escaping the generator. Null in the product.
        private readonly Func<IMethodSymbol, Exception?>? _faultInjection;

        public TaskletGenerator()
        {
        }

        internal TaskletGenerator(Func<IMethodSymbol, Exception?> faultInjection) => _faultInjection = faultInjection;

        /// <summary>Tracking names of the pipeline steps (tests assert on them to prove incrementality).</summary>
        public static class TrackingNames
        {
            /// <summary>Every method's key and position (cheap; re-runs for every method whenever the compilation changes).</summary>
            public const string Parse = "Stackless.Parse";
            /// <summary>The lowering's input, equal by the key alone (runs for a method whose key or position changed).</summary>
            public const string Keys = "Stackless.Keys";
            /// <summary>The lowering of one method: runs only for a method whose key changed.</summary>
            public const string Lower = "Stackless.Lower";
            /// <summary>Each method's lowering with where the method is now (its lines and diagnostics move with it).</summary>
            public const string Placed = "Stackless.Placed";
            /// <summary>The generated files, one per containing type: only the file of a method whose model changed is written again.</summary>
            public const string Files = "Stackless.Files";
            public const string Diagnostics = "Stackless.Diagnostics";
            public const string Declarations = "Stackless.SuspensionPointDeclarations";
        }

        /// <summary>
        /// One method through the compiler: the parser checks it (<see cref="TaskletParser.Parse"/>), the lowering passes
        /// turn a validated body into a <see cref="LoweredFrame"/> (<see cref="Lower"/>), the parser builds the equatable
        /// model from it; the emitter writes it later (<see cref="FrameEmitter"/>). Never throws but for cancellation: a
        /// failure of the passes refuses the body (its factory and SpawnM throw), a failure anywhere else drops the method
        /// with TSK011.
        /// </summary>
        internal static TaskletResult Compile(GeneratorAttributeSyntaxContext context, CancellationToken ct, Func<IMethodSymbol, Exception?>? faultInjection)
        {
            if (context.TargetSymbol is not IMethodSymbol method)
                return new TaskletResult(null, EquatableArray<DiagnosticInfo>.Empty);
            try
            {
                ParsedTasklet parsed = TaskletParser.Parse(context, method, ct);
                if (parsed.Result is TaskletResult done) return done;
                LoweredFrame frame;
                try
                {
                    if (faultInjection?.Invoke(method) is Exception injected) throw injected;
                    frame = Lower(parsed.Facts!, parsed.Shape!.FrameName);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return TaskletParser.Refused(parsed, e);
                }
                return TaskletParser.Lowered(parsed, frame);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (RefusalException e)
            {
                return new TaskletResult(null, new EquatableArray<DiagnosticInfo>(new[] { DiagnosticInfo.Create(e.Descriptor, e.Node, e.Arguments) }));
            }
            catch (Exception e)
            {
                // The generator never throws: an internal failure is reported at the method, and nothing is emitted for it.
                Location location = context.TargetNode is MethodDeclarationSyntax md ? md.Identifier.GetLocation() : context.TargetNode.GetLocation();
                return new TaskletResult(null, new EquatableArray<DiagnosticInfo>(new[]
                    { DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, method.Name, e.GetType().Name + ": " + e.Message) }));
            }
        }

        /// <summary>
        /// The lowering passes of a validated body, in order: the hoisting plan (where each local lives, every name), the
        /// lowering into the intermediate form (spilling, control flow, try regions), the exception-handler routing
        /// (handlers that suspend run after their try), the state numbering (TSK014 past
        /// StateNumbering.MaxResumePoints, 32,767), the state dispatch; then which resume points lie inside a try
        /// (ProtectedRegions: the frame's MayHandleAt override).
        /// </summary>
        private static LoweredFrame Lower(MethodFacts facts, string frameName)
        {
            HoistingPlan plan = HoistingPlanner.Plan(facts, frameName, CheckedLoops.Find(facts));
            var lowerer = new FrameLowerer(facts, plan, new LoweringAllocator(), frameName);
            IrBody moveNext = StateDispatch.Route(StateNumbering.Number(ExceptionHandlerRouting.Route(lowerer.Lower()), facts));
            var copies = new List<ParameterCopy>();
            foreach ((IParameterSymbol p, string field) in lowerer.ParameterFields)
                copies.Add(new ParameterCopy(FrameNaming.Escape(field), FrameNaming.Escape(p.Name)));
            EquatableArray<FrameHelper> helpers = lowerer.Helpers.ToEquatableArray();
            return new LoweredFrame(lowerer.Fields.ToEquatableArray(), copies.ToEquatableArray(), moveNext,
                helpers, lowerer.TypeHelpers.ToEquatableArray(), ProtectedRegions.Find(moveNext, facts, helpers));
        }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Per method: its key (its text, file and column, and the declarations of everything else: Incremental/) and
            // where it is now. The lowering is keyed by the key alone, so an edit inside one method's body lowers that method
            // again and no other, and a method that an edit above it only moved is not lowered again either: each input
            // finds its lowering by key in an index of them all and moves what it made to where the method is now (a
            // per-method step with no collection in it but the index, which changes only when a lowering does).
            IncrementalValuesProvider<TaskletInput> inputs = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "Stackless.TaskletAttribute",
                    predicate: static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
                    transform: static (ctx, ct) => TaskletInput.Of(ctx, ct))
                .WithTrackingName(TrackingNames.Parse);

            IncrementalValuesProvider<LoweredMethod> lowered = inputs
                .Select(static (input, _) => input.TakeLowering())
                .WithTrackingName(TrackingNames.Keys)
                .Select((pending, ct) => pending.Lower(ct, _faultInjection))
                .WithTrackingName(TrackingNames.Lower);

            IncrementalValueProvider<LoweredIndex> index = lowered.Collect().Select(static (all, _) => new LoweredIndex(all));

            IncrementalValuesProvider<PlacedResult> placed = inputs
                .Combine(index)
                .Select(static (pair, _) => pair.Right.Place(pair.Left)!)
                .Where(static p => p is not null)
                .WithTrackingName(TrackingNames.Placed);

            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = placed
                .Select(static (p, _) => p.Diagnostics())
                .Where(static d => d.Count > 0)
                .WithTrackingName(TrackingNames.Diagnostics);

            // TSK013 at an ill-formed [SuspensionPoint] declaration of this compilation (calls of it are TSK013 too).
            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> declarations = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    Facts.SuspensionContract.AttributeMetadataName,
                    predicate: static (node, _) => node is MethodDeclarationSyntax,
                    transform: static (ctx, ct) => SuspensionPointDeclarations.Check(ctx, ct))
                .Where(static d => d.Count > 0)
                .WithTrackingName(TrackingNames.Declarations);
            context.RegisterSourceOutput(declarations.Collect().Combine(context.CompilationProvider), static (spc, input) =>
            {
                foreach (EquatableArray<DiagnosticInfo> ds in input.Left)
                    foreach (DiagnosticInfo d in ds) spc.ReportDiagnostic(d.ToDiagnostic(input.Right));
            });

            // Reporting maps the plain-data locations back onto the compilation's syntax trees, so the diagnostics
            // are in source (squiggles, #pragma, code fixes). Only this cheap step depends on the compilation.
            context.RegisterSourceOutput(diagnostics.Collect().Combine(context.CompilationProvider), static (spc, input) =>
            {
                foreach (EquatableArray<DiagnosticInfo> ds in input.Left)
                    foreach (DiagnosticInfo d in ds) spc.ReportDiagnostic(d.ToDiagnostic(input.Right));
            });

            // One file per containing type (GeneratedFile), each method placed where it is now: a file whose methods are
            // all kept where they were is equal and not written again. Made from the inputs and the index, not from a
            // Collect of the placed results: each of those has the whole index among its inputs, and a driver that
            // tracks steps walks every file's input tree without sharing (files x methods x methods steps).
            IncrementalValuesProvider<GeneratedFile> files = inputs
                .Collect()
                .Combine(index)
                .SelectMany(static (pair, _) => GeneratedFile.Group(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.Files);
            context.RegisterSourceOutput(files, static (spc, file) =>
                spc.AddSource(file.HintName, SourceText.From(FrameEmitter.Emit(file), Encoding.UTF8)));
        }
    }
}
