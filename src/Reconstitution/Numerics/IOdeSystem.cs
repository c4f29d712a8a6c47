namespace Reconstitution.Numerics;

/// <summary>
/// The right-hand side of an ordinary differential equation y′ = f(t, y). Implement it on a
/// struct and pass it by generic parameter, so the integrator's calls are devirtualised.
/// </summary>
internal interface IOdeSystem
{
    /// <summary>Writes f(<paramref name="timeDays"/>, <paramref name="y"/>) into <paramref name="dydt"/>.</summary>
    void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt);
}
