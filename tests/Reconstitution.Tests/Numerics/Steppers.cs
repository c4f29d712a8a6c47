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
}
