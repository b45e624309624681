using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Text;
using Stackless;

namespace Stackless.Fuzz.Tests.RealCode
{
    /// <summary>
    /// Runs the marked methods of real code both ways, as the fuzz oracle runs its programs: each method the generator
    /// compiled (it has a Spawn twin), on a non-generic type or one closed over int, with parameters this class can make
    /// up (numbers, strings, arrays and lists of them, default comparers), is called directly and spawned with the same
    /// arguments. The outcomes must agree: the value returned, the exception thrown, and what became of the arguments
    /// (a sort works in place).
    /// The spawned run goes first under a step budget. A call that would not finish (a loop that
    /// the made-up arguments make endless) is left paused and not run directly.
    /// </summary>
    public static class RealCodeRuns
    {
        private const int Calls = 3;
        private const int StepBudget = 2_000_000;
        private const int DirectTimeoutMs = 20_000;

        /// <summary>
        /// The calls: agreed; disagreed (a bug to look at); did not finish within the budget; <paramref name="OrdinarySuspends"/>:
        /// the spawned run threw because a [Tasklet] method called from a lambda (ordinary code) reached its Schedule(), which the
        /// runtime refuses as documented; <paramref name="Nondeterministic"/>: two direct calls with the same arguments differ
        /// already (Random), so the spawned run cannot be judged.
        /// </summary>
        public sealed record Totals(int Methods, int Agreed, int Disagreed, int TooLong, int Skipped, int OrdinarySuspends, int Nondeterministic,
            List<string> Disagreements);

        public static Totals Run(Assembly assembly, IReadOnlyCollection<string> markedNames, Action<string>? progress = null)
        {
            int methods = 0, agreed = 0, disagreed = 0, tooLong = 0, skipped = 0, ordinarySuspends = 0, nondeterministic = 0;
            var disagreements = new List<string>();
            var marked = new HashSet<string>(markedNames);
            foreach (Type open in assembly.GetTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                if (open.IsInterface || open.IsAbstract && !open.IsSealed || open.Name.StartsWith("__", StringComparison.Ordinal)) continue;
                Type? type = Close(open);
                if (type == null) continue;
                foreach (MethodInfo m0 in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                             .OrderBy(m => m.ToString(), StringComparer.Ordinal))
                {
                    if (!marked.Contains(TypeName(open) + "." + m0.Name)) continue;
                    MethodInfo? m = m0.IsGenericMethodDefinition ? CloseMethod(m0) : m0;
                    MethodInfo? spawn = m == null ? null : SpawnOf(type, m);
                    if (m == null || spawn == null || m.ReturnType.IsByRef || !m.GetParameters().All(p => CanMake(p.ParameterType)) ||
                        (!m.IsStatic && type.GetConstructor(Type.EmptyTypes) == null))
                    {
                        skipped++;
                        continue;
                    }
                    methods++;
                    progress?.Invoke(type.FullName + "." + m.Name);
                    var rng = new Random(StableHash(type.FullName + "." + m));
                    for (int call = 0; call < Calls; call++)
                    {
                        int seed = rng.Next();
                        string? spawned = RunSpawned(type, m, spawn, seed);
                        if (spawned == null)
                        {
                            tooLong++;
                            continue;
                        }
                        string? direct = null;
                        // Direct calls recurse on the native stack (give them room) and have no step budget (give them time).
                        var thread = new System.Threading.Thread(() => direct = RunDirect(type, m, seed), 256 * 1024 * 1024) { IsBackground = true };
                        thread.Start();
                        if (!thread.Join(DirectTimeoutMs))
                        {
                            // The thread cannot be stopped: report and end the whole check.
                            disagreed++;
                            disagreements.Add($"{type.FullName}.{m.Name} (call {call}): the direct call did not finish within {DirectTimeoutMs} ms; spawned: {spawned}");
                            return new Totals(methods, agreed, disagreed, tooLong, skipped, ordinarySuspends, nondeterministic, disagreements);
                        }
                        if (direct! == spawned) agreed++;
                        else if (spawned.Contains("cannot suspend a tasklet", StringComparison.Ordinal))
                            ordinarySuspends++;
                        else if (RunDirect(type, m, seed) != direct)
                            nondeterministic++;
                        else
                        {
                            disagreed++;
                            disagreements.Add($"{type.FullName}.{m.Name} (call {call}):\n    direct:  {direct}\n    spawned: {spawned}");
                        }
                    }
                }
            }
            return new Totals(methods, agreed, disagreed, tooLong, skipped, ordinarySuspends, nondeterministic, disagreements);
        }

        private static string TypeName(Type t)
        {
            string n = t.Name;
            int tick = n.IndexOf('`');
            return tick < 0 ? n : n.Substring(0, tick);
        }

        private static Type? Close(Type t)
        {
            if (t.ContainsGenericParameters && t.IsNested && t.DeclaringType!.IsGenericTypeDefinition && !t.IsGenericTypeDefinition) return null;
            if (!t.IsGenericTypeDefinition) return t;
            try { return t.MakeGenericType(t.GetGenericArguments().Select(_ => typeof(int)).ToArray()); }
            catch (ArgumentException) { return null; }
        }

        private static MethodInfo? CloseMethod(MethodInfo m)
        {
            try { return m.MakeGenericMethod(m.GetGenericArguments().Select(_ => typeof(int)).ToArray()); }
            catch (ArgumentException) { return null; }
        }

        /// <summary>The generated Spawn twin: same parameter types, named Spawn + the method's name.</summary>
        private static MethodInfo? SpawnOf(Type type, MethodInfo m)
        {
            Type[] ps = m.GetParameters().Select(p => p.ParameterType).ToArray();
            foreach (MethodInfo s in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (s.Name != "Spawn" + m.Name || s.IsStatic != m.IsStatic) continue;
                MethodInfo c = s;
                if (s.IsGenericMethodDefinition)
                {
                    if (!m.IsGenericMethod || s.GetGenericArguments().Length != m.GetGenericArguments().Length) continue;
                    c = s.MakeGenericMethod(m.GetGenericArguments());
                }
                if (c.GetParameters().Select(p => p.ParameterType).SequenceEqual(ps)) return c;
            }
            return null;
        }

        private static bool CanMake(Type t)
        {
            if (t.IsByRef || t.IsPointer) return false;
            if (t.IsArray) return t.GetArrayRank() == 1 && CanMakeScalar(t.GetElementType()!);
            if (t.IsGenericType)
            {
                Type d = t.GetGenericTypeDefinition();
                Type a = t.GetGenericArguments()[0];
                if (d == typeof(IComparer<>) || d == typeof(IEqualityComparer<>)) return true;
                if (d == typeof(List<>) || d == typeof(IList<>) || d == typeof(IEnumerable<>) || d == typeof(ICollection<>) || d == typeof(IReadOnlyList<>) || d == typeof(IReadOnlyCollection<>))
                    return CanMakeScalar(a);
            }
            return CanMakeScalar(t);
        }

        private static bool CanMakeScalar(Type t) =>
            t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ulong)
            || t == typeof(double) || t == typeof(float) || t == typeof(decimal) || t == typeof(bool) || t == typeof(char)
            || t == typeof(string) || t == typeof(BigInteger);

        /// <summary>Arguments made from a seed, so that both runs get equal (not shared) arguments.</summary>
        private static object?[] Arguments(MethodInfo m, int seed)
        {
            var rng = new Random(seed);
            return m.GetParameters().Select(p => Make(p.ParameterType, rng)).ToArray();
        }

        private static object? Make(Type t, Random rng)
        {
            if (t.IsArray)
            {
                Type e = t.GetElementType()!;
                var a = Array.CreateInstance(e, rng.Next(0, 9));
                for (int i = 0; i < a.Length; i++) a.SetValue(MakeScalar(e, rng), i);
                return a;
            }
            if (t.IsGenericType)
            {
                Type d = t.GetGenericTypeDefinition();
                Type a = t.GetGenericArguments()[0];
                if (d == typeof(IComparer<>)) return typeof(Comparer<>).MakeGenericType(a).GetProperty("Default")!.GetValue(null);
                if (d == typeof(IEqualityComparer<>)) return typeof(EqualityComparer<>).MakeGenericType(a).GetProperty("Default")!.GetValue(null);
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(a))!;
                int n = rng.Next(0, 9);
                for (int i = 0; i < n; i++) list.Add(MakeScalar(a, rng));
                return list;
            }
            return MakeScalar(t, rng);
        }

        private static object MakeScalar(Type t, Random rng)
        {
            int small = rng.Next(-3, 13);
            if (t == typeof(int)) return small;
            if (t == typeof(long)) return (long)small;
            if (t == typeof(short)) return (short)small;
            if (t == typeof(byte)) return (byte)Math.Abs(small);
            if (t == typeof(uint)) return (uint)Math.Abs(small);
            if (t == typeof(ulong)) return (ulong)Math.Abs(small);
            if (t == typeof(double)) return small + rng.Next(0, 4) / 4.0;
            if (t == typeof(float)) return small + rng.Next(0, 4) / 4.0f;
            if (t == typeof(decimal)) return small + rng.Next(0, 4) / 4.0m;
            if (t == typeof(bool)) return small % 2 == 0;
            if (t == typeof(char)) return (char)('a' + Math.Abs(small));
            if (t == typeof(BigInteger)) return new BigInteger(small);
            var sb = new StringBuilder();
            int len = Math.Abs(small) % 9;
            for (int i = 0; i < len; i++) sb.Append((char)('a' + rng.Next(0, 6)));
            return sb.ToString();
        }

        private static string RunDirect(Type type, MethodInfo m, int seed)
        {
            object?[] args = Arguments(m, seed);
            string outcome;
            try
            {
                object? target = m.IsStatic ? null : Activator.CreateInstance(type);
                outcome = "returned " + Show(m.Invoke(target, args));
            }
            catch (TargetInvocationException e)
            {
                outcome = "threw " + Describe(e.InnerException!);
            }
            return outcome + "; arguments after: " + string.Join(", ", args.Select(Show));
        }

        /// <summary>Null: it did not finish within the budget (killed).</summary>
        private static string? RunSpawned(Type type, MethodInfo m, MethodInfo spawn, int seed)
        {
            object?[] args = Arguments(m, seed);
            Exception? failed = null;
            Tasklet t;
            try
            {
                object? target = m.IsStatic ? null : Activator.CreateInstance(type);
                t = (Tasklet)spawn.Invoke(target, args)!;
            }
            catch (TargetInvocationException e)
            {
                return "threw " + Describe(e.InnerException!) + "; arguments after: " + string.Join(", ", args.Select(Show));
            }
            Scheduler.ErrorHandler = (x, e) => { if (x == t) failed = e; };
            try
            {
                Tasklet? interrupted = Scheduler.Run(StepBudget, totalBudget: true);
                if (interrupted != null || t.IsAlive)
                {
                    // Left paused, not killed: the budget may have let it recurse a million frames deep, and an exception
                    // through that many frames costs time that grows with the square of the depth (session 11's note).
                    return null;
                }
            }
            finally
            {
                Scheduler.ErrorHandler = null;
            }
            string outcome;
            if (failed != null) outcome = "threw " + Describe(failed);
            else if (m.ReturnType == typeof(void)) outcome = "returned " + Show(null);
            else
            {
                try { outcome = "returned " + Show(t.GetType().GetProperty("Result")!.GetValue(t)); }
                catch (TargetInvocationException e) { outcome = "threw " + Describe(e.InnerException!); }
            }
            return outcome + "; arguments after: " + string.Join(", ", args.Select(Show));
        }

        private static string Describe(Exception e) => e.GetType().FullName + ": " + e.Message;

        /// <summary>A value as text; a lazy sequence is enumerated here, and what it throws is part of the outcome.</summary>
        private static string Show(object? v)
        {
            try { return ShowCore(v); }
            catch (Exception e) { return "<enumerating threw " + Describe(e) + ">"; }
        }

        private static string ShowCore(object? v)
        {
            if (v == null) return "null";
            if (v is string s) return "\"" + s + "\"";
            if (v is double d) return d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            if (v is float f) return f.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            if (v is IEnumerable e && v is not string)
            {
                var items = new List<string>();
                foreach (object? x in e)
                {
                    if (items.Count == 50) { items.Add("…"); break; }
                    items.Add(ShowCore(x));
                }
                return "[" + string.Join(", ", items) + "]";
            }
            string text = Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            // An object without its own ToString shows only its type: that says nothing about its contents, and equal.
            return text;
        }

        private static int StableHash(string s)
        {
            unchecked
            {
                int h = 17;
                foreach (char c in s) h = h * 31 + c;
                return h & 0x7fffffff;
            }
        }
    }
}
