using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Reconstitution.Randomness;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// Compiles, for one small network, the direct method's inner loop with every count and propensity in a local and
/// every firing's count updates and propensity re-evaluations written out (System.Linq.Expressions, compiled to IL
/// and JIT-optimised like hand-written code): the loop <c>ExactSolver.FastFirings</c> runs from arrays, without the
/// arrays and the dependency lists between the selected transition and the next a₀.
/// </summary>
/// <remarks>
/// <para><b>Same path.</b> The generated loop performs the same floating-point operations in the same order as the
/// array-driven loop and <see cref="CompiledNetwork.Propensity"/>: the same draws, the same selection (cumulative sum
/// in transition order, first j with u·a₀ ≤ Σ and aⱼ &gt; 0), a₀ updated by the same increments in the same dependency
/// order. So a run does not depend on whether code was generated (tests compare paths bit for bit).</para>
/// <para><b>What is generated.</b> Networks of at most <see cref="MaxTransitions"/> time-homogeneous transitions. A
/// transition is fired by the generated code when it changes no signal input and every propensity it changes is mass
/// action (any order, Hill factors with coefficient 1–4, signal modulators); others (custom rates, Hill coefficients
/// that are not small integers) leave the loop and are fired by the general code, as are rebuilds of a₀ and the
/// ziggurat's slow path. Rate constants, half-saturations and signal values are read at entry, so events that change
/// parameters between advances need no recompilation; the Hill coefficients the code was specialised for are checked
/// at each advance (<see cref="DirectMethodCode.Holds"/>).</para>
/// <para><b>Cost.</b> Compilation takes milliseconds; loops are cached by network structure (at most
/// <see cref="CacheCapacity"/>), so the many patients of a cohort share one.</para>
/// </remarks>
internal static class DirectMethodCompiler
{
    /// <summary>The largest network (time-homogeneous transitions) for which a loop is generated: the direct method's regime.</summary>
    public const int MaxTransitions = 32;

    /// <summary>Distinct network structures kept compiled; beyond that the array-driven loop is used.</summary>
    public const int CacheCapacity = 256;

    private static readonly ConcurrentDictionary<string, GeneratedFirings> Cache = new(StringComparer.Ordinal);

    /// <summary>The last answer per compiled network, so that the many solvers of one network (patients) skip the plan and its key.</summary>
    private static readonly ConditionalWeakTable<CompiledNetwork, DirectMethodCode> Answers = [];

    /// <summary>
    /// The generated loop for <paramref name="network"/> with the Hill coefficients in <paramref name="parameters"/>,
    /// from the cache or compiled now. Its <see cref="DirectMethodCode.Run"/> is null when nothing is generated (too
    /// large, time-dependent rates, no transition the generated code could fire, dynamic code not supported, or the
    /// cache full); either answer holds until a Hill coefficient changes.
    /// </summary>
    public static DirectMethodCode For(CompiledNetwork network, double[] parameters)
    {
        if (Answers.TryGetValue(network, out var answer) && answer.Holds(parameters)) return answer;
        answer = Answer(network, parameters);
        Answers.AddOrUpdate(network, answer);
        return answer;
    }

    private static DirectMethodCode Answer(CompiledNetwork network, double[] parameters)
    {
        var coefficients = new (int, double)[network.HillCoefficient.Length];
        for (int h = 0; h < coefficients.Length; h++) coefficients[h] = (network.HillCoefficient[h], parameters[network.HillCoefficient[h]]);
        if (!RuntimeFeature.IsDynamicCodeCompiled || network.TimeDependentTransitions.Length > 0 || network.TransitionCount > MaxTransitions)
            return new DirectMethodCode(null, coefficients);
        var plan = Plan.Build(network, parameters);
        if (plan is null) return new DirectMethodCode(null, coefficients);
        string key = plan.Key();
        if (!Cache.TryGetValue(key, out var run) && Cache.Count < CacheCapacity) run = Cache.GetOrAdd(key, _ => Compile(plan));
        return new DirectMethodCode(run, coefficients);
    }

    /// <summary>Compiles the loop for <paramref name="network"/> without the cache (for measuring the compile cost).</summary>
    internal static GeneratedFirings? CompileUncached(CompiledNetwork network, double[] parameters)
    {
        var plan = Plan.Build(network, parameters);
        return plan is null ? null : Compile(plan);
    }

    // ------------------------------------------------------------------------------------------
    // The plan: everything the emitted code depends on, and nothing else (it is also the cache key).
    // ------------------------------------------------------------------------------------------

    /// <summary>A Hill factor of a generated propensity, its coefficient fixed to <paramref name="Power"/> ∈ {1, 2, 3, 4}.</summary>
    private sealed record Hill((int Compartment, double Weight)[] Terms, int HalfSaturation, int Coefficient, int Power, bool Repressing);

    /// <summary>A mass-action propensity the generated code evaluates, as <see cref="CompiledNetwork.Propensity"/> does.</summary>
    private sealed record Formula(PropensityKind Kind, int Rate, (int Compartment, int Coefficient)[] Reactants, Hill[] Hills, int[] Modulators);

    /// <summary>A transition: whether the generated code fires it, its net changes and the propensities it changes (dependency order).</summary>
    private sealed record Step(bool Fast, (int Compartment, int Amount)[] Changes, int[] Dependents);

    private sealed class Plan
    {
        public required Step[] Steps { get; init; }
        public required Formula?[] Formulas { get; init; }

        public static Plan? Build(CompiledNetwork network, double[] parameters)
        {
            int m = network.TransitionCount;
            var formulas = new Formula?[m];
            for (int k = 0; k < m; k++) formulas[k] = FormulaOf(network, parameters, k);
            var steps = new Step[m];
            var used = new bool[m];
            bool any = false;
            for (int j = 0; j < m; j++)
            {
                var dependents = network.Dependents[network.DependentOffsets[j]..network.DependentOffsets[j + 1]];
                bool fast = !network.ChangesSignalInput[j] && Array.TrueForAll(dependents, k => formulas[k] is not null);
                var changes = new (int, int)[network.ChangeOffsets[j + 1] - network.ChangeOffsets[j]];
                for (int c = 0; c < changes.Length; c++)
                    changes[c] = (network.ChangeCompartments[network.ChangeOffsets[j] + c], network.ChangeAmounts[network.ChangeOffsets[j] + c]);
                steps[j] = fast ? new Step(true, changes, dependents) : new Step(false, [], []);
                if (fast) foreach (int k in dependents) used[k] = true;
                any |= fast;
            }
            if (!any) return null;
            for (int k = 0; k < m; k++) if (!used[k]) formulas[k] = null;
            return new Plan { Steps = steps, Formulas = formulas };
        }

        private static Formula? FormulaOf(CompiledNetwork network, double[] parameters, int k)
        {
            if (network.Kinds[k] == PropensityKind.Custom || network.TimeDependent[k]) return null;
            var reactants = new (int, int)[network.ReactantOffsets[k + 1] - network.ReactantOffsets[k]];
            for (int r = 0; r < reactants.Length; r++)
                reactants[r] = (network.ReactantCompartments[network.ReactantOffsets[k] + r], network.ReactantCoefficients[network.ReactantOffsets[k] + r]);
            var hills = new Hill[network.HillOffsets[k + 1] - network.HillOffsets[k]];
            for (int i = 0; i < hills.Length; i++)
            {
                int h = network.HillOffsets[k] + i;
                double n = parameters[network.HillCoefficient[h]];
                // CompiledNetwork.Propensity takes rⁿ by multiplication for n = 1…4 and Math.Pow otherwise; the
                // generated code has no calls, so only the former are generated.
                if (n is not (1 or 2 or 3 or 4)) return null;
                var terms = new (int, double)[network.HillTermOffsets[h + 1] - network.HillTermOffsets[h]];
                for (int w = 0; w < terms.Length; w++)
                    terms[w] = (network.HillTermCompartments[network.HillTermOffsets[h] + w], network.HillTermWeights[network.HillTermOffsets[h] + w]);
                hills[i] = new Hill(terms, network.HillHalfSaturation[h], network.HillCoefficient[h], (int)n, network.HillRepressing[h]);
            }
            var modulators = new int[network.ModulatorOffsets[k + 1] - network.ModulatorOffsets[k]];
            for (int s = 0; s < modulators.Length; s++) modulators[s] = network.ParameterCount + network.Modulators[network.ModulatorOffsets[k] + s];
            return new Formula(network.Kinds[k], network.RateParameters[k], reactants, hills, modulators);
        }

        /// <summary>A text that determines the emitted code: equal keys, equal code.</summary>
        public string Key()
        {
            var key = new StringBuilder();
            void Add(FormattableString part) => key.Append(part.ToString(CultureInfo.InvariantCulture));
            foreach (var step in Steps)
            {
                Add($"S{(step.Fast ? 1 : 0)}:");
                foreach (var (c, amount) in step.Changes) Add($"{c}{amount:+0;-0}");
                key.Append(':').AppendJoin(',', step.Dependents).Append(';');
            }
            foreach (var formula in Formulas)
            {
                if (formula is null)
                {
                    key.Append("F-;");
                    continue;
                }
                Add($"F{(int)formula.Kind},{formula.Rate}:");
                foreach (var (c, nu) in formula.Reactants) Add($"{c}^{nu},");
                foreach (var hill in formula.Hills)
                {
                    Add($"H{hill.HalfSaturation},{hill.Coefficient},{hill.Power},{(hill.Repressing ? 1 : 0)}:");
                    foreach (var (c, w) in hill.Terms) Add($"{c}*{BitConverter.DoubleToInt64Bits(w):X},");
                }
                key.Append('M').AppendJoin(',', formula.Modulators).Append(';');
            }
            return key.ToString();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Emission.
    // ------------------------------------------------------------------------------------------

    private static readonly MethodInfo NextUniform = typeof(XoshiroState).GetMethod(nameof(XoshiroState.NextUniform))!;
    private static readonly MethodInfo TryNextFast = typeof(ExponentialZiggurat).GetMethod(nameof(ExponentialZiggurat.TryNextFast))!;
    private static readonly MethodInfo Max = typeof(Math).GetMethod(nameof(Math.Max), [typeof(double), typeof(double)])!;

    private static ConstantExpression Constant(double value) => Expression.Constant(value);

    private static GeneratedFirings Compile(Plan plan)
    {
        int m = plan.Steps.Length;
        var loop = Expression.Parameter(typeof(DirectLoop).MakeByRefType(), "loop");
        var state = Expression.Parameter(typeof(XoshiroState).MakeByRefType(), "state");
        var counts = Expression.Parameter(typeof(double[]), "counts");
        var propensities = Expression.Parameter(typeof(double[]), "propensities");
        var parameters = Expression.Parameter(typeof(double[]), "parameters");
        var fired = Expression.Parameter(typeof(long[]), "fired");
        var end = Expression.Parameter(typeof(double), "end");

        var variables = new List<ParameterExpression>();
        ParameterExpression Local(Type type, string name)
        {
            var v = Expression.Variable(type, name);
            variables.Add(v);
            return v;
        }
        var random = Local(typeof(XoshiroState), "random");
        var t = Local(typeof(double), "t");
        var remaining = Local(typeof(double), "remaining");
        var total = Local(typeof(double), "total");
        var scale = Local(typeof(double), "scale");
        var target = Local(typeof(double), "target");
        var sum = Local(typeof(double), "sum");
        var bits = Local(typeof(ulong), "bits");
        var sinceRebuild = Local(typeof(int), "sinceRebuild");
        var firings = Local(typeof(long), "firings");
        var valid = Local(typeof(bool), "valid");
        var exit = Local(typeof(DirectExit), "exit");

        // Locals for the counts the generated firings change or read, every propensity, and the parameters read.
        var x = new SortedDictionary<int, ParameterExpression>();
        var changed = new SortedSet<int>();
        var updated = new SortedSet<int>();
        var p = new SortedDictionary<int, ParameterExpression>();
        ParameterExpression Count(int c) => x.TryGetValue(c, out var v) ? v : x[c] = Local(typeof(double), $"x{c}");
        ParameterExpression Parameter(int i) => p.TryGetValue(i, out var v) ? v : p[i] = Local(typeof(double), $"p{i}");
        var a = new ParameterExpression[m];
        for (int j = 0; j < m; j++) a[j] = Local(typeof(double), $"a{j}");

        var top = Expression.Label("top");
        var after = Expression.Label("after");
        var done = Expression.Label("done");
        Expression Leave(DirectExit why) => Expression.Block(Expression.Assign(exit, Expression.Constant(why)), Expression.Goto(done));
        Expression LoopField(string name) => Expression.Field(loop, name);

        var loopBody = new List<Expression>
        {
            Expression.Label(top),
            // Rebuild a₀ periodically, and when it is zero or far below its largest value since the last rebuild.
            Expression.IfThenElse(Expression.GreaterThan(total, scale), Expression.Assign(scale, total),
                Expression.IfThen(Expression.OrElse(
                        Expression.Not(Expression.GreaterThan(total, Expression.Multiply(scale, Constant(ExactSolver<DirectSelector>.RebuildDrop)))),
                        Expression.GreaterThanOrEqual(sinceRebuild, Expression.Constant(ExactSolver<DirectSelector>.RebuildInterval))),
                    Leave(DirectExit.Rebuild))),
            Expression.IfThen(Expression.GreaterThan(remaining, Expression.Multiply(total, Expression.Subtract(end, t))),
                Expression.Block(
                    Expression.Assign(remaining, Expression.Call(Max, Constant(0),
                        Expression.Subtract(remaining, Expression.Multiply(total, Expression.Subtract(end, t))))),
                    Leave(DirectExit.End))),
            Expression.Assign(target, Expression.Multiply(Expression.Call(random, NextUniform), total)),
            Expression.Assign(t, Expression.Add(t, Expression.Divide(remaining, total))),
        };

        // Selection: the cumulative sum in transition order, as the array-driven loop.
        var fire = new LabelTarget[m];
        for (int j = 0; j < m; j++)
        {
            fire[j] = Expression.Label($"fire{j}");
            loopBody.Add(Expression.Assign(sum, j == 0 ? a[0] : Expression.Add(sum, a[j])));
            loopBody.Add(Expression.IfThen(
                Expression.AndAlso(Expression.LessThanOrEqual(target, sum), Expression.GreaterThan(a[j], Constant(0))),
                Expression.Goto(fire[j])));
        }
        // Round-off left a₀ above the sum: the general code rebuilds and selects again.
        loopBody.Add(Expression.Assign(LoopField(nameof(DirectLoop.Transition)), Expression.Constant(-1)));
        loopBody.Add(Leave(DirectExit.Fire));

        for (int j = 0; j < m; j++)
        {
            var step = plan.Steps[j];
            loopBody.Add(Expression.Label(fire[j]));
            if (!step.Fast)
            {
                loopBody.Add(Expression.Assign(LoopField(nameof(DirectLoop.Transition)), Expression.Constant(j)));
                loopBody.Add(Leave(DirectExit.Fire));
                continue;
            }
            foreach (var (c, amount) in step.Changes)
            {
                loopBody.Add(Expression.Assign(Count(c), Expression.Add(Count(c), Constant(amount))));
                changed.Add(c);
            }
            foreach (int k in step.Dependents)
            {
                var value = Expression.Variable(typeof(double), "value");
                loopBody.Add(Expression.Block([value],
                    Expression.Assign(value, Evaluate(plan.Formulas[k]!, Count, Parameter)),
                    Expression.Assign(valid, Expression.And(valid, Expression.AndAlso(
                        Expression.GreaterThanOrEqual(value, Constant(0)), Expression.LessThan(value, Constant(double.PositiveInfinity))))),
                    Expression.Assign(total, Expression.Add(total, Expression.Subtract(value, a[k]))),
                    Expression.Assign(a[k], value)));
                updated.Add(k);
            }
            var count = Expression.ArrayAccess(fired, Expression.Constant(j));
            loopBody.Add(Expression.Assign(count, Expression.Add(count, Expression.Constant(1L))));
            loopBody.Add(Expression.Goto(after));
        }

        loopBody.Add(Expression.Label(after));
        loopBody.Add(Expression.Assign(firings, Expression.Add(firings, Expression.Constant(1L))));
        loopBody.Add(Expression.Assign(sinceRebuild, Expression.Add(sinceRebuild, Expression.Constant(1))));
        loopBody.Add(Expression.IfThen(Expression.Not(valid), Leave(DirectExit.Invalid)));
        loopBody.Add(Expression.IfThen(Expression.Not(Expression.Call(TryNextFast, random, remaining, bits)),
            Expression.Block(Expression.Assign(LoopField(nameof(DirectLoop.Bits)), bits), Leave(DirectExit.Draw))));
        loopBody.Add(Expression.Goto(top));

        // Entry: everything into locals (the count and parameter locals are known only now, after emitting the loop).
        var body = new List<Expression>
        {
            Expression.Assign(random, state),
            Expression.Assign(t, LoopField(nameof(DirectLoop.Time))),
            Expression.Assign(remaining, LoopField(nameof(DirectLoop.Remaining))),
            Expression.Assign(total, LoopField(nameof(DirectLoop.Total))),
            Expression.Assign(scale, LoopField(nameof(DirectLoop.Scale))),
            Expression.Assign(sinceRebuild, LoopField(nameof(DirectLoop.SinceRebuild))),
            Expression.Assign(firings, LoopField(nameof(DirectLoop.Firings))),
            Expression.Assign(valid, Expression.Constant(true)),
        };
        foreach (var (c, local) in x) body.Add(Expression.Assign(local, Expression.ArrayIndex(counts, Expression.Constant(c))));
        foreach (var (i, local) in p) body.Add(Expression.Assign(local, Expression.ArrayIndex(parameters, Expression.Constant(i))));
        for (int j = 0; j < m; j++) body.Add(Expression.Assign(a[j], Expression.ArrayIndex(propensities, Expression.Constant(j))));
        body.AddRange(loopBody);

        // Exit: write back what the loop changed.
        body.Add(Expression.Label(done));
        body.Add(Expression.Assign(state, random));
        body.Add(Expression.Assign(LoopField(nameof(DirectLoop.Time)), t));
        body.Add(Expression.Assign(LoopField(nameof(DirectLoop.Remaining)), remaining));
        body.Add(Expression.Assign(LoopField(nameof(DirectLoop.Total)), total));
        body.Add(Expression.Assign(LoopField(nameof(DirectLoop.Scale)), scale));
        body.Add(Expression.Assign(LoopField(nameof(DirectLoop.SinceRebuild)), sinceRebuild));
        body.Add(Expression.Assign(LoopField(nameof(DirectLoop.Firings)), firings));
        foreach (int c in changed) body.Add(Expression.Assign(Expression.ArrayAccess(counts, Expression.Constant(c)), x[c]));
        foreach (int k in updated) body.Add(Expression.Assign(Expression.ArrayAccess(propensities, Expression.Constant(k)), a[k]));
        body.Add(exit);

        var lambda = Expression.Lambda<GeneratedFirings>(Expression.Block(typeof(DirectExit), variables, body),
            "DirectMethodLoop", [loop, state, counts, propensities, parameters, fired, end]);
        return lambda.Compile();
    }

    /// <summary>
    /// A propensity as <see cref="CompiledNetwork.Propensity"/> computes it, operation for operation (so the result is
    /// the same double): the mass-action term, times the product of the Hill factors, times each modulating signal.
    /// </summary>
    private static Expression Evaluate(Formula formula, Func<int, ParameterExpression> count, Func<int, ParameterExpression> parameter)
    {
        var k = parameter(formula.Rate);
        Expression a;
        switch (formula.Kind)
        {
            case PropensityKind.Constant:
                a = k;
                break;
            case PropensityKind.FirstOrder:
                a = Expression.Multiply(k, count(formula.Reactants[0].Compartment));
                break;
            case PropensityKind.SecondOrderDistinct:
                a = Expression.Multiply(Expression.Multiply(k, count(formula.Reactants[0].Compartment)), count(formula.Reactants[1].Compartment));
                break;
            case PropensityKind.SecondOrderSame:
            {
                var x = count(formula.Reactants[0].Compartment);
                a = Expression.Condition(Expression.GreaterThan(x, Constant(1)),
                    Expression.Multiply(Expression.Multiply(Expression.Multiply(k, x), Expression.Subtract(x, Constant(1))), Constant(0.5)),
                    Constant(0));
                break;
            }
            default:
            {
                // k·Πᵢ C(xᵢ, νᵢ), 0 when some factor xᵢ − r ≤ 0 (CompiledNetwork.Combinations).
                Expression product = Constant(1);
                Expression? available = null;
                foreach (var (c, nu) in formula.Reactants)
                {
                    for (int r = 0; r < nu; r++)
                    {
                        var factor = Expression.Subtract(count(c), Constant(r));
                        var positive = Expression.Not(Expression.LessThanOrEqual(factor, Constant(0)));
                        available = available is null ? positive : Expression.AndAlso(available, positive);
                        product = Expression.Multiply(product, Expression.Divide(factor, Constant(r + 1)));
                    }
                }
                a = Expression.Multiply(k, available is null ? product : Expression.Condition(available, product, Constant(0)));
                break;
            }
        }
        if (formula.Hills.Length > 0)
        {
            Expression product = Constant(1);
            foreach (var hill in formula.Hills) product = Expression.Multiply(product, HillFactor(hill, count, parameter));
            a = Expression.Multiply(a, product);
        }
        foreach (int s in formula.Modulators) a = Expression.Multiply(a, parameter(s));
        return a;
    }

    /// <summary>One Hill factor, as <c>CompiledNetwork.HillProduct</c> computes it for an integer coefficient.</summary>
    private static Expression HillFactor(Hill hill, Func<int, ParameterExpression> count, Func<int, ParameterExpression> parameter)
    {
        Expression input = Constant(0);
        foreach (var (c, w) in hill.Terms)
            input = Expression.Add(input, w == 1 ? count(c) : Expression.Multiply(Constant(w), count(c))); // 1·x is x exactly
        var ratio = Expression.Variable(typeof(double), "ratio");
        var rn = Expression.Variable(typeof(double), "rn");
        Expression power = hill.Power switch
        {
            1 => ratio,
            2 => Expression.Multiply(ratio, ratio),
            3 => Expression.Multiply(Expression.Multiply(ratio, ratio), ratio),
            _ => Expression.Multiply(Expression.Multiply(ratio, ratio), Expression.Multiply(ratio, ratio)),
        };
        var onePlus = Expression.Add(Constant(1), rn);
        return Expression.Block([ratio, rn],
            Expression.Assign(ratio, Expression.Divide(input, parameter(hill.HalfSaturation))),
            Expression.Assign(rn, power),
            Expression.Condition(Expression.Equal(rn, Constant(double.PositiveInfinity)),
                Constant(hill.Repressing ? 0 : 1),
                hill.Repressing ? Expression.Divide(Constant(1), onePlus) : Expression.Divide(rn, onePlus)));
    }
}
