using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Stackless.Generator.Model;

namespace Stackless.Generator.Incremental
{
    /// <summary>
    /// One generated source file: the members of every [Tasklet] method that shares its wrapper — the user's file, the
    /// namespace and usings, the containing types, the nullable context — in the order the methods were found.
    /// </summary>
    /// <remarks>
    /// One file per containing type, not per method: the compile of what the generator emits pays per syntax tree and per
    /// partial declaration (a header, usings, a namespace and the reopened types each time), so 1,000 methods in 50 types
    /// cost far less as 50 files (--gencost --variants). The lowering stays per method: an edit re-lowers one method and
    /// writes only its file again (<see cref="Group"/> keeps the files it did not change equal).
    /// </remarks>
    internal sealed class GeneratedFile : IEquatable<GeneratedFile>
    {
        private GeneratedFile(string hintName, EquatableArray<PlacedModel> members)
        {
            HintName = hintName;
            Members = members;
        }

        public string HintName { get; }

        /// <summary>The methods written into this file (never empty); the first one's wrapper is every one's.</summary>
        public EquatableArray<PlacedModel> Members { get; }

        /// <summary>
        /// The models of a compilation's methods, each placed where its method is now, grouped into files: one per user
        /// file and containing type (and, rarely, per different usings or nullable context in it), named after the type; a
        /// second file of the same type (another partial declaration of it in another user file) is numbered.
        /// </summary>
        public static ImmutableArray<GeneratedFile> Group(ImmutableArray<TaskletInput> inputs, LoweredIndex index)
        {
            var groups = new Dictionary<WrapperKey, List<PlacedModel>>();
            var order = new List<WrapperKey>();
            foreach (TaskletInput input in inputs)
            {
                if (index.Place(input) is not { Model: TaskletModel model } placed) continue;
                var m = new PlacedModel(model, placed.LineDelta);
                var key = new WrapperKey(model);
                if (!groups.TryGetValue(key, out List<PlacedModel>? members))
                {
                    groups.Add(key, members = new List<PlacedModel>());
                    order.Add(key);
                }
                members.Add(m);
            }
            var files = ImmutableArray.CreateBuilder<GeneratedFile>(order.Count);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (WrapperKey key in order)
            {
                string name = key.TypeName;
                for (int n = 2; !names.Add(name); n++) name = key.TypeName + "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                files.Add(new GeneratedFile(name + ".g.cs", groups[key].ToEquatableArray()));
            }
            return files.MoveToImmutable();
        }

        // A kept model is the same object on every later run (PlacedModel compares by reference first): cheap.
        public bool Equals(GeneratedFile? other) =>
            ReferenceEquals(this, other) || other is not null && HintName == other.HintName && Members.Equals(other.Members);

        public override bool Equals(object? obj) => Equals(obj as GeneratedFile);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(HintName);

        /// <summary>What a method's members need around them in a file: methods with equal keys can share one.</summary>
        private readonly struct WrapperKey : IEquatable<WrapperKey>
        {
            private readonly TaskletModel _model;

            public WrapperKey(TaskletModel model)
            {
                _model = model;
                TypeName = model.TypeHintName;
            }

            /// <summary>The containing type's full name, as a hint name may spell it.</summary>
            public string TypeName { get; }

            public bool Equals(WrapperKey other) =>
                TypeName == other.TypeName && _model.SourceFile == other._model.SourceFile && _model.Namespace == other._model.Namespace
                && _model.NullableDirective == other._model.NullableDirective && _model.Usings.Equals(other._model.Usings)
                && _model.ContainingTypes.Equals(other._model.ContainingTypes);

            public override bool Equals(object? obj) => obj is WrapperKey other && Equals(other);

            public override int GetHashCode() => unchecked(StringComparer.Ordinal.GetHashCode(TypeName) * 31 + StringComparer.Ordinal.GetHashCode(_model.SourceFile));
        }
    }
}
