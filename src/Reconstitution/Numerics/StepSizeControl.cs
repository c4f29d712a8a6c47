using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    /// Σᵢ (eᵢ/skᵢ)² for the error estimate e (given in <paramref name="estimate"/>, overwritten with the squared ratios) of a
    /// step from <paramref name="yOld"/> to <paramref name="yNew"/>, skᵢ = atol + rtol·max(|yOld,ᵢ|, |yNew,ᵢ|): the square of
    /// the weighted root-mean-square error norm times the dimension. The ratios run on SIMD lanes with the scalar form's
    /// operations, then are summed in component order, so the result is the scalar loop's to the bit on any hardware.
    /// With <paramref name="magnitudeFloor"/> (one entry per component), a component that shrinks over the step is scaled
    /// by atol + rtol·max(|yOld,ᵢ|, |yNew,ᵢ|, min(floorᵢ, FloorReach·|yOld,ᵢ|)) (see remarks); null for the ordinary scale everywhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredErrorSum(Span<double> estimate, ReadOnlySpan<double> yOld, ReadOnlySpan<double> yNew, double relativeTolerance, double absoluteTolerance, double[]? magnitudeFloor = null)
    {
        if (magnitudeFloor is not null) return FlooredSquaredErrorSum(estimate, yOld, yNew, relativeTolerance, absoluteTolerance, magnitudeFloor);
        int n = estimate.Length, i = 0;
        if (yOld.Length < n || yNew.Length < n) throw new ArgumentException("The states are shorter than the estimate.", nameof(yOld));
        ref double e = ref MemoryMarshal.GetReference(estimate);
        ref double a = ref MemoryMarshal.GetReference(yOld);
        ref double b = ref MemoryMarshal.GetReference(yNew);
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> vAtol = new(absoluteTolerance), vRtol = new(relativeTolerance);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
            {
                var scale = vAtol + vRtol * Vector.Max(Vector.Abs(Vector.LoadUnsafe(ref a, (nuint)i)), Vector.Abs(Vector.LoadUnsafe(ref b, (nuint)i)));
                var r = Vector.LoadUnsafe(ref e, (nuint)i) / scale;
                (r * r).StoreUnsafe(ref e, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double r = Unsafe.Add(ref e, i) / (absoluteTolerance + relativeTolerance * Math.Max(Math.Abs(Unsafe.Add(ref a, i)), Math.Abs(Unsafe.Add(ref b, i))));
            Unsafe.Add(ref e, i) = r * r;
        }
        double sum = 0;
        for (int k = 0; k < n; k++) sum += Unsafe.Add(ref e, k);
        return sum;
    }

    /// <summary>
    /// <see cref="SquaredErrorSum"/> with magnitude floors (see remarks): skᵢ = atol + rtol·max(|yOld,ᵢ|, |yNew,ᵢ|, min(Fᵢ, FloorReach·|yOld,ᵢ|))
    /// where component i shrinks over the step (yNew,ᵢ &lt; yOld,ᵢ), the ordinary scale elsewhere. The same lane-wise
    /// operations and component-order sum, so the result is the scalar loop's to the bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double FlooredSquaredErrorSum(Span<double> estimate, ReadOnlySpan<double> yOld, ReadOnlySpan<double> yNew, double relativeTolerance, double absoluteTolerance, double[] magnitudeFloor)
    {
        int n = estimate.Length, i = 0;
        if (yOld.Length < n || yNew.Length < n) throw new ArgumentException("The states are shorter than the estimate.", nameof(yOld));
        if (magnitudeFloor.Length < n) throw new ArgumentException("The magnitude floors are shorter than the estimate.", nameof(magnitudeFloor));
        ref double e = ref MemoryMarshal.GetReference(estimate);
        ref double a = ref MemoryMarshal.GetReference(yOld);
        ref double b = ref MemoryMarshal.GetReference(yNew);
        ref double f = ref MemoryMarshal.GetArrayDataReference(magnitudeFloor);
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> vAtol = new(absoluteTolerance), vRtol = new(relativeTolerance), vReach = new(FloorReach);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
            {
                var old = Vector.LoadUnsafe(ref a, (nuint)i);
                var next = Vector.LoadUnsafe(ref b, (nuint)i);
                var reach = vReach * Vector.Abs(old);
                var floor = Vector.ConditionalSelect(Vector.LessThan(next, old), Vector.Min(Vector.LoadUnsafe(ref f, (nuint)i), reach), Vector<double>.Zero);
                var r = Vector.LoadUnsafe(ref e, (nuint)i) / (vAtol + vRtol * Vector.Max(Vector.Max(Vector.Abs(old), Vector.Abs(next)), floor));
                (r * r).StoreUnsafe(ref e, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double old = Unsafe.Add(ref a, i), next = Unsafe.Add(ref b, i);
            double reach = FloorReach * Math.Abs(old);
            double floor = next < old ? Math.Min(Unsafe.Add(ref f, i), reach) : 0;
            double r = Unsafe.Add(ref e, i) / (absoluteTolerance + relativeTolerance * Math.Max(Math.Max(Math.Abs(old), Math.Abs(next)), floor));
            Unsafe.Add(ref e, i) = r * r;
        }
        double sum = 0;
        for (int k = 0; k < n; k++) sum += Unsafe.Add(ref e, k);
        return sum;
    }
}
