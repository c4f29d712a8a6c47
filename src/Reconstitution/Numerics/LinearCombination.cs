using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reconstitution.Numerics;

/// <summary>
/// target = a·x + b·u (+ c·v …) component by component: the stage combinations of <see cref="RungeKuttaChebyshev"/> and
/// <see cref="RosenbrockW"/>, in one pass over memory.
/// </summary>
/// <remarks>
/// Every span is at least as long as the target. The work runs on SIMD lanes, each lane doing the scalar form's operations
/// in the scalar order (left to right, no fused multiply–add), so the result has the same bits with or without vector
/// hardware, whatever its width. A coefficient of 1 is exact (1·x = x), so x + b·u is written <c>Of(target, 1, x, b, u)</c>.
/// </remarks>
internal static class LinearCombination
{
    /// <summary>target = a·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of(Span<double> target, double a, ReadOnlySpan<double> x)
    {
        int n = target.Length;
        ref double r = ref MemoryMarshal.GetReference(target);
        ref double rx = ref MemoryMarshal.GetReference(x);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> va = new(a);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
                (va * Vector.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref r, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref r, i) = a * Unsafe.Add(ref rx, i);
    }

    /// <summary>target = a·x + b·u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of(Span<double> target, double a, ReadOnlySpan<double> x, double b, ReadOnlySpan<double> u)
    {
        int n = target.Length;
        ref double r = ref MemoryMarshal.GetReference(target);
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ru = ref MemoryMarshal.GetReference(u);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> va = new(a), vb = new(b);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
                (va * Vector.LoadUnsafe(ref rx, (nuint)i) + vb * Vector.LoadUnsafe(ref ru, (nuint)i)).StoreUnsafe(ref r, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref r, i) = a * Unsafe.Add(ref rx, i) + b * Unsafe.Add(ref ru, i);
    }

    /// <summary>target = a·x + b·u + c·v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of(Span<double> target, double a, ReadOnlySpan<double> x, double b, ReadOnlySpan<double> u, double c, ReadOnlySpan<double> v)
    {
        int n = target.Length;
        ref double r = ref MemoryMarshal.GetReference(target);
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ru = ref MemoryMarshal.GetReference(u);
        ref double rv = ref MemoryMarshal.GetReference(v);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> va = new(a), vb = new(b), vc = new(c);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
                (va * Vector.LoadUnsafe(ref rx, (nuint)i) + vb * Vector.LoadUnsafe(ref ru, (nuint)i) + vc * Vector.LoadUnsafe(ref rv, (nuint)i))
                    .StoreUnsafe(ref r, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref r, i) = a * Unsafe.Add(ref rx, i) + b * Unsafe.Add(ref ru, i) + c * Unsafe.Add(ref rv, i);
    }

    /// <summary>target = a·x + b·u + c·v + d·w.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of(Span<double> target, double a, ReadOnlySpan<double> x, double b, ReadOnlySpan<double> u, double c, ReadOnlySpan<double> v,
        double d, ReadOnlySpan<double> w)
    {
        int n = target.Length;
        ref double r = ref MemoryMarshal.GetReference(target);
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ru = ref MemoryMarshal.GetReference(u);
        ref double rv = ref MemoryMarshal.GetReference(v);
        ref double rw = ref MemoryMarshal.GetReference(w);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> va = new(a), vb = new(b), vc = new(c), vd = new(d);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
                (va * Vector.LoadUnsafe(ref rx, (nuint)i) + vb * Vector.LoadUnsafe(ref ru, (nuint)i) + vc * Vector.LoadUnsafe(ref rv, (nuint)i)
                    + vd * Vector.LoadUnsafe(ref rw, (nuint)i)).StoreUnsafe(ref r, (nuint)i);
        }
        for (; i < n; i++)
            Unsafe.Add(ref r, i) = a * Unsafe.Add(ref rx, i) + b * Unsafe.Add(ref ru, i) + c * Unsafe.Add(ref rv, i) + d * Unsafe.Add(ref rw, i);
    }

    /// <summary>target = a·x + b·u + c·v + d·w + e·z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of(Span<double> target, double a, ReadOnlySpan<double> x, double b, ReadOnlySpan<double> u, double c, ReadOnlySpan<double> v,
        double d, ReadOnlySpan<double> w, double e, ReadOnlySpan<double> z)
    {
        int n = target.Length;
        ref double r = ref MemoryMarshal.GetReference(target);
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ru = ref MemoryMarshal.GetReference(u);
        ref double rv = ref MemoryMarshal.GetReference(v);
        ref double rw = ref MemoryMarshal.GetReference(w);
        ref double rz = ref MemoryMarshal.GetReference(z);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> va = new(a), vb = new(b), vc = new(c), vd = new(d), ve = new(e);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
                (va * Vector.LoadUnsafe(ref rx, (nuint)i) + vb * Vector.LoadUnsafe(ref ru, (nuint)i) + vc * Vector.LoadUnsafe(ref rv, (nuint)i)
                    + vd * Vector.LoadUnsafe(ref rw, (nuint)i) + ve * Vector.LoadUnsafe(ref rz, (nuint)i)).StoreUnsafe(ref r, (nuint)i);
        }
        for (; i < n; i++)
            Unsafe.Add(ref r, i) = a * Unsafe.Add(ref rx, i) + b * Unsafe.Add(ref ru, i) + c * Unsafe.Add(ref rv, i) + d * Unsafe.Add(ref rw, i)
                + e * Unsafe.Add(ref rz, i);
    }
}
