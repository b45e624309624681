using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Stackless.Analyzers
{
    /// <summary>
    /// Reports blocking calls and tasklet misuse inside <c>[Tasklet]</c> methods (TSK101–TSK114), overrides of
    /// <c>[Tasklet]</c> methods that are not <c>[Tasklet]</c> (TSK115), and <c>[Tasklet]</c> methods called inside the
    /// lambdas, local functions and queries of a <c>[Tasklet]</c> method (TSK116), and loops there the watchdog cannot
    /// interrupt (TSK117).
    /// "Tasklet code" is the body of a <c>[Tasklet]</c> method outside its lambdas and local functions: that is
    /// the code the generator compiles into a frame. Generated code (the frames themselves) is not analyzed.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TaskletAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.SleepOrJoin,
            Descriptors.TaskWait,
            Descriptors.SynchronizationWait,
            Descriptors.BlockingCollection,
            Descriptors.ConsoleInput,
            Descriptors.ProcessWait,
            Descriptors.FileAndStreamIO,
            Descriptors.NetworkIO,
            Descriptors.UserListedBlockingApi,
            Descriptors.BlockingThroughCall,
            Descriptors.SuspensionOutsideTasklet,
            Descriptors.SuspendingMethodAsDelegate,
            Descriptors.SchedulerRunInTasklet,
            Descriptors.InvalidBlockingListEntry,
            Descriptors.NonTaskletOverride,
            Descriptors.TaskletCallInClosure,
            Descriptors.UninterruptibleLoop);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            // The generator's frames are ordinary code full of Begin/End calls; only the user's methods are analyzed.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext context)
        {
            StacklessSymbols? stackless = StacklessSymbols.Create(context.Compilation);
            if (stackless is null)
                return; // Stackless is not referenced: there are no tasklets

            BlockingApis blocking = BlockingApis.Create(context.Compilation, context.Options.AdditionalFiles, context.CancellationToken);
            var analyzer = new TaskletCodeAnalyzer(stackless, blocking, new CallGraph(context.Compilation, stackless, blocking));

            context.RegisterOperationAction(analyzer.AnalyzeInvocation, OperationKind.Invocation);
            context.RegisterOperationAction(analyzer.AnalyzeObjectCreation, OperationKind.ObjectCreation);
            context.RegisterOperationAction(analyzer.AnalyzePropertyReference, OperationKind.PropertyReference);
            context.RegisterOperationAction(analyzer.AnalyzeMethodReference, OperationKind.MethodReference);
            context.RegisterSymbolAction(symbolContext => NonTaskletOverrideRule.Analyze(symbolContext, stackless), SymbolKind.Method);
            context.RegisterSyntaxNodeAction(nodeContext => UninterruptibleLoopRule.Analyze(nodeContext, stackless), SyntaxKind.MethodDeclaration);

            if (!blocking.InvalidEntries.IsEmpty)
            {
                context.RegisterAdditionalFileAction(fileContext =>
                {
                    foreach (BlockingApiListFile.Entry entry in blocking.InvalidEntries)
                    {
                        if (entry.Location.GetLineSpan().Path == fileContext.AdditionalFile.Path)
                            fileContext.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidBlockingListEntry, entry.Location, entry.Id));
                    }
                });
            }
        }
    }
}
