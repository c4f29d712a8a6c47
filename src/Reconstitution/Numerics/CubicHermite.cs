using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reconstitution.Numerics;

/// <summary>
/// The cubic Hermite interpolant on a step [t₀, t₀ + h] through y₀, y₁ with slopes f₀, f₁: the dense output of
/// <see cref="RungeKuttaChebyshev"/> and <see cref="RosenbrockW"/>.
/// </summary>
/// <remarks>
/// y(t₀ + θh) = c₀y₀ + c₁f₀ + c₂y₁ + c₃f₁ with c₀ = (1 + 2θ)(θ − 1)², c₁ = θ(θ − 1)²h, c₂ = θ²(3 − 2θ), c₃ = θ²(θ − 1)h.
/// One place computes the weights, so a whole-vector interpolation and a one-component one give the same value to the bit.
/// </remarks>
internal readonly struct CubicHermite
{
    /// <summary>The weight of y₀.</summary>
    public readonly double Y0;

    /// <summary>The weight of f₀ (days).</summary>
    public readonly double F0;

    /// <summary>The weight of y₁.</summary>
    public readonly double Y1;

    /// <summary>The weight of f₁ (days).</summary>
    public readonly double F1;

    /// <summary>The weights at <paramref name="time"/> on the step that starts at <paramref name="start"/> and lasts <paramref name="h"/> days (h &gt; 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CubicHermite(double time, double start, double h)
    {
        double th = (time - start) / h, th1 = th - 1;
        Y0 = (1 + 2 * th) * th1 * th1;
        F0 = th * th1 * th1 * h;
        Y1 = th * th * (3 - 2 * th);
        F1 = th * th * th1 * h;
    }

    /// <summary>The interpolated value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Value(double y0, double f0, double y1, double f1) => Y0 * y0 + F0 * f0 + Y1 * y1 + F1 * f1;

    /// <summary>
    /// Every component's value at these weights, with both slopes of component i scaled by <paramref name="slopeWeight"/>[i]
    /// (an integrator that damps no slope passes ones: 1·f is f exactly), into the first n entries of
    /// <paramref name="output"/>, n the length of <paramref name="y1"/>.
    /// </summary>
    /// <remarks>
    /// Lane-wise with the operations of <see cref="Value"/> on (y₀, w·f₀, y₁, w·f₁) in its order (no fused multiply–add),
    /// so each component has the same bits as the one-component form. Reads and writes through references: slicing a span
    /// per lane costs more than the arithmetic.
    /// </remarks>
    /// <exception cref="ArgumentException">An input or the output is shorter than <paramref name="y1"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(ReadOnlySpan<double> y0, ReadOnlySpan<double> f0, ReadOnlySpan<double> y1, ReadOnlySpan<double> f1,
        ReadOnlySpan<double> slopeWeight, Span<double> output)
    {
        int n = y1.Length;
        if (y0.Length < n || f0.Length < n || f1.Length < n || slopeWeight.Length < n)
            throw new ArgumentException($"The step's vectors must hold the {n} components.", nameof(y0));
        if (output.Length < n) throw new ArgumentException($"The output has {output.Length} entries; the dimension is {n}.", nameof(output));
        double c0 = Y0, c1 = F0, c2 = Y1, c3 = F1;
        ref double a = ref MemoryMarshal.GetReference(y0), b = ref MemoryMarshal.GetReference(y1);
        ref double fa = ref MemoryMarshal.GetReference(f0), fb = ref MemoryMarshal.GetReference(f1);
        ref double w = ref MemoryMarshal.GetReference(slopeWeight), target = ref MemoryMarshal.GetReference(output);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> v0 = new(c0), v1 = new(c1), v2 = new(c2), v3 = new(c3);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
            {
                nuint k = (nuint)i;
                var weight = Vector.LoadUnsafe(ref w, k);
                var value = v0 * Vector.LoadUnsafe(ref a, k) + v1 * (weight * Vector.LoadUnsafe(ref fa, k)) + v2 * Vector.LoadUnsafe(ref b, k)
                    + v3 * (weight * Vector.LoadUnsafe(ref fb, k));
                value.StoreUnsafe(ref target, k);
            }
        }
        for (; i < n; i++)
        {
            double weight = Unsafe.Add(ref w, i);
            Unsafe.Add(ref target, i) = c0 * Unsafe.Add(ref a, i) + c1 * (weight * Unsafe.Add(ref fa, i)) + c2 * Unsafe.Add(ref b, i)
                + c3 * (weight * Unsafe.Add(ref fb, i));
        }
    }

    /// <summary>
    /// <see cref="Fill"/> for the listed components only, on the step that starts at <paramref name="start"/> and lasts
    /// <paramref name="h"/> days: <paramref name="output"/>[i] is component <paramref name="components"/>[i]'s value at
    /// <paramref name="time"/>, with the same bits as <see cref="Value"/> gives it; with h ≤ 0 (no step yet) its y₁.
    /// </summary>
    /// <exception cref="ArgumentException">An input is shorter than <paramref name="y1"/>, or the output than the list.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A listed component is not below the length of <paramref name="y1"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FillComponents(double time, double start, double h, ReadOnlySpan<int> components, ReadOnlySpan<double> y0,
        ReadOnlySpan<double> f0, ReadOnlySpan<double> y1, ReadOnlySpan<double> f1, ReadOnlySpan<double> slopeWeight, Span<double> output)
    {
        int n = y1.Length;
        if (y0.Length < n || f0.Length < n || f1.Length < n || slopeWeight.Length < n)
            throw new ArgumentException($"The step's vectors must hold the {n} components.", nameof(y0));
        if (output.Length < components.Length)
            throw new ArgumentException($"The output has {output.Length} entries; {components.Length} components are listed.", nameof(output));
        if (!(h > 0))
        {
            for (int i = 0; i < components.Length; i++) output[i] = y1[components[i]];
            return;
        }
        var weights = new CubicHermite(time, start, h);
        double c0 = weights.Y0, c1 = weights.F0, c2 = weights.Y1, c3 = weights.F1;
        ref double a = ref MemoryMarshal.GetReference(y0), b = ref MemoryMarshal.GetReference(y1);
        ref double fa = ref MemoryMarshal.GetReference(f0), fb = ref MemoryMarshal.GetReference(f1);
        ref double w = ref MemoryMarshal.GetReference(slopeWeight), target = ref MemoryMarshal.GetReference(output);
        ref int component = ref MemoryMarshal.GetReference(components);
        for (int i = 0; i < components.Length; i++)
        {
            int k = Unsafe.Add(ref component, i);
            if ((uint)k >= (uint)n) throw new ArgumentOutOfRangeException(nameof(components), k, $"Component {k} listed; the dimension is {n}.");
            double weight = Unsafe.Add(ref w, k);
            Unsafe.Add(ref target, i) = c0 * Unsafe.Add(ref a, k) + c1 * (weight * Unsafe.Add(ref fa, k)) + c2 * Unsafe.Add(ref b, k)
                + c3 * (weight * Unsafe.Add(ref fb, k));
        }
    }
}
