using System.Runtime.CompilerServices;

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
}
