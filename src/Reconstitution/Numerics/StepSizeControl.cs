using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Reconstitution.Numerics;

/// <summary>
/// The step-size control the adaptive integrators share: the first step's guess and the weighted error norm of a step.
/// </summary>
/// <remarks>The first-step guess is used by <see cref="DormandPrince45"/> and <see cref="RosenbrockW"/>, the error norm by <see cref="RungeKuttaChebyshev"/> and <see cref="RosenbrockW"/>; allocates nothing.
/// <para><b>Error scale.</b> Component i's error is measured against skᵢ = atol + rtol·mᵢ, with mᵢ = max(|yOld,ᵢ|, |yNew,ᵢ|)
/// (Hairer, Nørsett and Wanner's scale), or, given per-component magnitude floors Fᵢ, mᵢ = max(|yOld,ᵢ|, |yNew,ᵢ|,
/// min(Fᵢ, <see cref="FloorReach"/>·|yOld,ᵢ|)) for a component that shrinks over the step (yNew,ᵢ &lt; yOld,ᵢ) and as
/// before for one that does not. The hybrid solver
/// sets Fᵢ to the total of the compartment's tolerance group (the same cell type of every origin, e.g. host and donor
/// red cells of one age stage): a host lineage dying out after engraftment is then held to the relative tolerance of
/// the blood count it adds to, not of its own remnant, while a growing population (a graft engrafting) is held to its
/// own size as before, because its relative error is carried into the counts it grows to. An error made in a shrinking
/// compartment shrinks with it, unless the compartment later regrows: the floor's reach of ten times the component's own
/// size bounds the component's term of each step's error norm (a root mean square over the components) by ten relative
/// tolerances of the component, so a member that dips far below its group and regrows ends within the sum of those bounds
/// (without the bound, a member dipping to 45 cells beside 10⁹ regrew to 495 times its exact value). The bound keeps most
/// of the evaluations the floors save (session 11, days 100–731: the allogeneic and cord protocols −20 to −41 %,
/// <c>ric-flu-bu-atg</c> −17 %; without the bound −28 to −35 % and −17 %).</para></remarks>
internal static class StepSizeControl
{
    /// <summary>
    /// How far a magnitude floor may reach above a shrinking component's own size: the floor counts up to
    /// FloorReach·|yOld,ᵢ| (see remarks), so each step's error stays within FloorReach·rtol of the component itself.
    /// </summary>
    public const double FloorReach = 10;

    /// <summary>
    /// Hairer, Nørsett and Wanner's first guess of a starting step (<i>Solving ODEs I</i>, § II.4): 1 % of the time the
    /// state needs to change by its own size at the current rate, h₀ = 0.01·d₀/d₁ with d₀, d₁ the weighted norms of
    /// <paramref name="y"/> and <paramref name="f"/> (10⁻⁶ days when either is negligible); <paramref name="rateSquaredSum"/>
    /// gets Σ(fᵢ/skᵢ)², skᵢ = atol + rtol·|yᵢ| (d₁² times the dimension), for a refined guess.
    /// </summary>
    public static double FirstStepGuess(ReadOnlySpan<double> y, ReadOnlySpan<double> f, double relativeTolerance, double absoluteTolerance, out double rateSquaredSum)
    {
        double d0 = 0, d1 = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double sk = absoluteTolerance + relativeTolerance * Math.Abs(y[i]);
            d0 += y[i] / sk * (y[i] / sk);
            d1 += f[i] / sk * (f[i] / sk);
        }
        rateSquaredSum = d1;
        return d0 <= 1e-10 || d1 <= 1e-10 ? 1e-6 : 0.01 * Math.Sqrt(d0 / d1);
    }

    /// <summary>
    /// Σᵢ (eᵢ/skᵢ)² for the error estimate e (given in <paramref name="estimate"/>) of a step from <paramref name="yOld"/> to
    /// <paramref name="yNew"/>, skᵢ = atol + rtol·max(|yOld,ᵢ|, |yNew,ᵢ|): the square of the weighted root-mean-square error
    /// norm times the dimension (<see cref="SquaredErrorSum{TEstimate}"/> over the stored estimate). With
    /// <paramref name="magnitudeFloor"/> (one entry per component), a component that shrinks over the step is scaled by
    /// atol + rtol·max(|yOld,ᵢ|, |yNew,ᵢ|, min(floorᵢ, FloorReach·|yOld,ᵢ|)) (see remarks); null for the ordinary scale everywhere.
    /// </summary>
    public static double SquaredErrorSum(ReadOnlySpan<double> estimate, ReadOnlySpan<double> yOld, ReadOnlySpan<double> yNew, double relativeTolerance, double absoluteTolerance, double[]? magnitudeFloor = null)
    {
        int n = estimate.Length;
        if (yOld.Length < n || yNew.Length < n) throw new ArgumentException("The states are shorter than the estimate.", nameof(yOld));
        return SquaredErrorSum(new GivenEstimate(estimate), yOld, yNew[..n], relativeTolerance, absoluteTolerance, magnitudeFloor);
    }

    /// <summary>
    /// Σᵢ (eᵢ/skᵢ)² over the components of <paramref name="yNew"/> for the error estimate e an integrator computes component
    /// by component (<paramref name="estimate"/>), skᵢ as in <see cref="SquaredErrorSum(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, double, double, double[])"/>,
    /// in one pass: each block of four components' estimates, ratios and squares on SIMD lanes with the scalar form's
    /// operations, added to the sum in component order, so the result is the scalar loop's to the bit on any hardware
    /// (where it is a NaN, a NaN).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="yOld"/> or a floor list is shorter than <paramref name="yNew"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredErrorSum<TEstimate>(TEstimate estimate, ReadOnlySpan<double> yOld, ReadOnlySpan<double> yNew, double relativeTolerance,
        double absoluteTolerance, double[]? magnitudeFloor = null) where TEstimate : struct, IErrorEstimate, allows ref struct
    {
        if (magnitudeFloor is not null) return FlooredSquaredErrorSum(estimate, yOld, yNew, relativeTolerance, absoluteTolerance, magnitudeFloor);
        int n = yNew.Length;
        if (yOld.Length < n) throw new ArgumentException("The old state is shorter than the new one.", nameof(yOld));
        if (estimate.Length < n) throw new ArgumentException("The error estimate's vectors are shorter than the state.", nameof(estimate));
        ref double a = ref MemoryMarshal.GetReference(yOld);
        ref double b = ref MemoryMarshal.GetReference(yNew);
        double sum = 0;
        nuint i = 0, count = (nuint)n;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> vAtol = Vector256.Create(absoluteTolerance), vRtol = Vector256.Create(relativeTolerance);
            for (; i + 4 <= count; i += 4)
            {
                // max(|yOld|, |yNew|) on the bit patterns: with the sign bits clear their integer order is the order of the
                // values (a NaN above them all), so this is Math.Max's value in two instructions instead of its NaN and
                // signed-zero fix-ups (the ratio is a NaN either way where an operand is one).
                var magnitude = Vector256.Max(Vector256.Abs(Vector256.LoadUnsafe(ref a, i)).AsInt64(), Vector256.Abs(Vector256.LoadUnsafe(ref b, i)).AsInt64()).AsDouble();
                var r = estimate.Lanes(i) / (vAtol + vRtol * magnitude);
                sum = OrderedSum.Add(sum, r * r);
            }
        }
        for (; i < count; i++)
        {
            double r = estimate.At(i) / (absoluteTolerance + relativeTolerance * Math.Max(Math.Abs(Unsafe.Add(ref a, i)), Math.Abs(Unsafe.Add(ref b, i))));
            sum += r * r;
        }
        return sum;
    }

    /// <summary>
    /// <see cref="SquaredErrorSum{TEstimate}"/> with magnitude floors (see remarks): skᵢ = atol + rtol·max(|yOld,ᵢ|, |yNew,ᵢ|, min(Fᵢ, FloorReach·|yOld,ᵢ|))
    /// where component i shrinks over the step (yNew,ᵢ &lt; yOld,ᵢ), the ordinary scale elsewhere. The same lane-wise
    /// operations and component-order sum, so the result is the scalar loop's to the bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double FlooredSquaredErrorSum<TEstimate>(TEstimate estimate, ReadOnlySpan<double> yOld, ReadOnlySpan<double> yNew, double relativeTolerance,
        double absoluteTolerance, double[] magnitudeFloor) where TEstimate : struct, IErrorEstimate, allows ref struct
    {
        int n = yNew.Length;
        if (yOld.Length < n) throw new ArgumentException("The old state is shorter than the new one.", nameof(yOld));
        if (magnitudeFloor.Length < n) throw new ArgumentException("The magnitude floors are shorter than the state.", nameof(magnitudeFloor));
        if (estimate.Length < n) throw new ArgumentException("The error estimate's vectors are shorter than the state.", nameof(estimate));
        ref double a = ref MemoryMarshal.GetReference(yOld);
        ref double b = ref MemoryMarshal.GetReference(yNew);
        ref double f = ref MemoryMarshal.GetArrayDataReference(magnitudeFloor);
        double sum = 0;
        nuint i = 0, count = (nuint)n;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> vAtol = Vector256.Create(absoluteTolerance), vRtol = Vector256.Create(relativeTolerance), vReach = Vector256.Create(FloorReach);
            for (; i + 4 <= count; i += 4)
            {
                var old = Vector256.LoadUnsafe(ref a, i);
                var next = Vector256.LoadUnsafe(ref b, i);
                var reach = vReach * Vector256.Abs(old);
                var floor = Vector256.ConditionalSelect(Vector256.LessThan(next, old), Vector256.Min(Vector256.LoadUnsafe(ref f, i), reach), Vector256<double>.Zero);
                var r = estimate.Lanes(i) / (vAtol + vRtol * Vector256.Max(Vector256.Max(Vector256.Abs(old), Vector256.Abs(next)), floor));
                sum = OrderedSum.Add(sum, r * r);
            }
        }
        for (; i < count; i++)
        {
            double old = Unsafe.Add(ref a, i), next = Unsafe.Add(ref b, i);
            double reach = FloorReach * Math.Abs(old);
            double floor = next < old ? Math.Min(Unsafe.Add(ref f, i), reach) : 0;
            double r = estimate.At(i) / (absoluteTolerance + relativeTolerance * Math.Max(Math.Max(Math.Abs(old), Math.Abs(next)), floor));
            sum += r * r;
        }
        return sum;
    }

    /// <summary>An estimate stored in a vector (<see cref="SquaredErrorSum(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, double, double, double[])"/>).</summary>
    private readonly ref struct GivenEstimate(ReadOnlySpan<double> estimate) : IErrorEstimate
    {
        private readonly ref readonly double _e = ref MemoryMarshal.GetReference(estimate);

        public int Length { get; } = estimate.Length;

        public Vector256<double> Lanes(nuint index) => Vector256.LoadUnsafe(in _e, index);

        public double At(nuint index) => Unsafe.Add(ref Unsafe.AsRef(in _e), index);
    }
}
