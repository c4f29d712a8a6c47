using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

/// <summary>The adaptive integrators by the names the numerics tests use as theory data.</summary>
internal static class Steppers
{
    /// <summary>
    /// A new integrator of <paramref name="dimension"/> components with the given tolerances: "rosenbrock-w", "rkc",
    /// "switching" or "dormand-prince".
    /// </summary>
    public static OdeStepper Create(string name, int dimension, double relativeTolerance, double absoluteTolerance) => name switch
    {
        "rosenbrock-w" => new RosenbrockW(dimension, relativeTolerance, absoluteTolerance),
        "rkc" => new RungeKuttaChebyshev(dimension, relativeTolerance, absoluteTolerance),
        "switching" => new StiffnessSwitching(dimension, relativeTolerance, absoluteTolerance),
        "dormand-prince" => new DormandPrince45(dimension, relativeTolerance, absoluteTolerance),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an integrator's name: rosenbrock-w, rkc, switching or dormand-prince."),
    };

    /// <summary>
    /// Steps <paramref name="full"/> (after a full reset) and <paramref name="kept"/> (after a reset that kept its carried
    /// derivative) <paramref name="steps"/> times towards <paramref name="limit"/>, asserting the same time and state to the
    /// bit after each; returns how many evaluations fewer <paramref name="kept"/> took.
    /// </summary>
    public static long AssertSameStepsWithFewerEvaluations<TSystem>(OdeStepper full, OdeStepper kept, ref TSystem system, double limit, int steps)
        where TSystem : IOdeSystem
    {
        long fullBefore = full.Evaluations, keptBefore = kept.Evaluations;
        for (int step = 0; step < steps; step++)
        {
            full.Step(ref system, limit);
            kept.Step(ref system, limit);
            Assert.Equal(full.T, kept.T);
            for (int k = 0; k < full.Dimension; k++) Assert.Equal(full.Y[k], kept.Y[k]);
        }
        return (full.Evaluations - fullBefore) - (kept.Evaluations - keptBefore);
    }
}
