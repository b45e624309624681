using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Stackless.Generator.Tests.Infrastructure;
using Xunit;

namespace Stackless.Generator.Tests
{
    /// <summary>
    /// What a debugger sees: the sequence points the C# compiler writes to the portable PDB for a generated frame's
    /// MoveNext. A debugger places breakpoints and steps only at sequence points, and shows the document and line each
    /// names; the dispatch and bookkeeping the generator adds must be hidden (line 0xFEEFEE) so stepping skips them.
    /// </summary>
    public class DebuggerMappingTests
    {
        private const string UserFile = "/src/Steps.cs";

        // Lines (1-based): 10 Relay's opening brace, 11..17 its statements, 18 its closing brace.
        private const string Source = """
            using System;
            using Stackless;

            public static partial class Steps
            {
                static Channel<int> ch = new();

                [Tasklet]
                static int Relay(int n)
                {
                    int total = 0;
                    for (int i = 0; i < n; i++)
                        total += ch.Receive();
                    string label = "sum " + total;
                    Console.WriteLine(label);
                    if (total < 0) throw new InvalidOperationException(label);
                    return total;
                }
            }
            """;

        private sealed record Point(int IlOffset, string Document, int StartLine, bool IsHidden);

        private static List<Point> SequencePointsOfMoveNext(string frameTypeName)
        {
            GeneratorOutcome outcome = TestCompiler.CompileClean(Source, UserFile);
            using var pe = new MemoryStream();
            using var pdb = new MemoryStream();
            EmitResult result = outcome.Output.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            pe.Position = 0;
            pdb.Position = 0;

            using var peReader = new PEReader(pe);
            MetadataReader metadata = peReader.GetMetadataReader();
            using MetadataReaderProvider pdbProvider = MetadataReaderProvider.FromPortablePdbStream(pdb);
            MetadataReader pdbReader = pdbProvider.GetMetadataReader();

            MethodDefinitionHandle moveNext = metadata.TypeDefinitions
                .Select(metadata.GetTypeDefinition)
                .Where(t => metadata.GetString(t.Name) == frameTypeName)
                .SelectMany(t => t.GetMethods())
                .Single(m => metadata.GetString(metadata.GetMethodDefinition(m).Name) == "MoveNext");

            MethodDebugInformation info = pdbReader.GetMethodDebugInformation(moveNext.ToDebugInformationHandle());
            return info.GetSequencePoints()
                .Select(sp => new Point(sp.Offset,
                    sp.IsHidden ? "" : pdbReader.GetString(pdbReader.GetDocument(sp.Document).Name),
                    sp.StartLine, sp.IsHidden))
                .ToList();
        }

        [Fact]
        public void EveryVisibleSequencePointOfTheFrame_IsInTheUsersFile_OnALineOfTheMethodBody()
        {
            List<Point> points = SequencePointsOfMoveNext("__Relay_Frame");
            List<Point> visible = points.Where(p => !p.IsHidden).ToList();

            Assert.NotEmpty(visible);
            // Nothing visible points into the generated file: a debugger never opens it while stepping a tasklet.
            Assert.All(visible, p => Assert.Equal(UserFile, p.Document));
            Assert.All(visible, p => Assert.InRange(p.StartLine, 11, 17));
            // The generator's own code (state dispatch, State bookkeeping, the return to the trampoline) is hidden.
            Assert.Contains(points, p => p.IsHidden);
        }

        [Fact]
        public void EveryStatementOfTheMethod_HasASequencePoint_SoABreakpointOnItBinds()
        {
            HashSet<int> lines = SequencePointsOfMoveNext("__Relay_Frame").Where(p => !p.IsHidden).Select(p => p.StartLine).ToHashSet();

            // int total = 0; for (…); total += ch.Receive(); string label = …; Console.WriteLine(label); if (…) throw …; return total;
            foreach (int line in new[] { 11, 12, 13, 14, 15, 16, 17 })
                Assert.True(lines.Contains(line), "no sequence point on user line " + line + "; lines with one: " + string.Join(", ", lines.OrderBy(x => x)));
        }

        [Fact]
        public void SteppingThroughStraightLineCode_VisitsTheUsersLinesInOrder()
        {
            // After the loop, the statements on lines 14..17 are straight-line code: in IL order, their first
            // sequence points must come in source order (a debugger's "step over" walks IL order).
            List<int> order = SequencePointsOfMoveNext("__Relay_Frame")
                .Where(p => !p.IsHidden && p.StartLine >= 14)
                .OrderBy(p => p.IlOffset)
                .Select(p => p.StartLine)
                .Distinct()
                .ToList();
            Assert.Equal(new[] { 14, 15, 16, 17 }, order.Take(4));
        }
    }
}
