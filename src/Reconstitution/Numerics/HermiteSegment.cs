using System.Runtime.CompilerServices;

namespace Reconstitution.Numerics;

/// <summary>
/// One component's cubic Hermite dense output on one step [<see cref="Start"/>, <see cref="Start"/> + <see cref="Length"/>]:
/// the values and slopes at both ends, so that a caller can evaluate the component, and its derivative, many times without
/// going back to the integrator (<see cref="OdeStepper.TryGetHermiteSegment"/>).
/// </summary>
/// <remarks>
/// <see cref="Value"/> performs the operations of the integrator's own one-component interpolation in the same order
/// (<see cref="CubicHermite"/>), so both give the same value to the bit.
/// </remarks>
internal readonly struct HermiteSegment
{
    /// <summary>The step's start (days).</summary>
    public readonly double Start;

    /// <summary>The step's length (days); 0 or less: the segment is the constant <see cref="Y1"/>.</summary>
    public readonly double Length;

    /// <summary>The value at the start.</summary>
    public readonly double Y0;

    /// <summary>The slope at the start, as the interpolation uses it (per day).</summary>
    public readonly double F0;

    /// <summary>The value at the end.</summary>
    public readonly double Y1;

    /// <summary>The slope at the end, as the interpolation uses it (per day).</summary>
    public readonly double F1;

    /// <summary>The segment through (<paramref name="start"/>, <paramref name="y0"/>) with slope <paramref name="f0"/> and
    /// (<paramref name="start"/> + <paramref name="length"/>, <paramref name="y1"/>) with slope <paramref name="f1"/>.</summary>
    public HermiteSegment(double start, double length, double y0, double f0, double y1, double f1)
    {
        Start = start;
        Length = length;
        Y0 = y0;
        F0 = f0;
        Y1 = y1;
        F1 = f1;
    }

    /// <summary>The value at <paramref name="time"/> (days), and its derivative <paramref name="slope"/> (per day).</summary>
    /// <remarks>
    /// With θ = (t − t₀)/h the derivative is 6θ(θ − 1)(y₀ − y₁)/h + (θ − 1)(3θ − 1)f₀ + θ(3θ − 2)f₁, the derivative of
    /// <see cref="CubicHermite"/>'s weights.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Value(double time, out double slope)
    {
        double h = Length;
        if (!(h > 0))
        {
            slope = 0;
            return Y1;
        }
        double th = (time - Start) / h, th1 = th - 1;
        slope = 6 * th * th1 * (Y0 - Y1) / h + th1 * (3 * th - 1) * F0 + th * (3 * th - 2) * F1;
        return new CubicHermite(time, Start, h).Value(Y0, F0, Y1, F1);
    }
}
