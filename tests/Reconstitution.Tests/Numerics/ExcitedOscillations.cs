using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// y′ = A(y − c(t)): one real mode (−2.7 per day, the neutrophil pool's) and three damped rotations with the eigenvalues
/// of the physiology's granulopoiesis chain at steady state (−1.25 ± 0.5i, −0.75 ± 0.69i, −0.046 ± 0.249i per day),
/// following a level c(t) = 10⁶·(1 + 0.02 sin(2πt/400)) that keeps the modes excited as the physiology's slow changes do.
/// The test problem of the stabilised and implicit integrators' step-size tests.
/// </summary>
internal struct ExcitedOscillations : IOdeSystem
{
    public const int Dimension = 7;
    private static readonly (double Re, double Im)[] Modes = [(-1.25, 0.5), (-0.75, 0.69), (-0.046, 0.249)];

    public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
    {
        double level = 1e6 * (1 + 0.02 * Math.Sin(2 * Math.PI * timeDays / 400));
        for (int m = 0; m < Modes.Length; m++)
        {
            (double a, double b) = Modes[m];
            double u = y[2 * m] - level, v = y[2 * m + 1] - level;
            dydt[2 * m] = a * u + b * v;
            dydt[2 * m + 1] = -b * u + a * v;
        }
        dydt[6] = -2.7 * (y[6] - level);
    }
}
