using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// Prothero and Robinson's test problem y′ = −λ(y − cos t) − sin t, solution cos t from y(0) = 1; stiff for large λ
/// (a fast relaxation onto a slowly moving solution). The integrators' stiff accuracy and step-size tests use it.
/// </summary>
internal readonly struct ProtheroRobinson(double lambda) : IOdeSystem
{
    public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt) =>
        dydt[0] = -lambda * (y[0] - Math.Cos(timeDays)) - Math.Sin(timeDays);
}
