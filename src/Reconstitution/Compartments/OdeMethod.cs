namespace Reconstitution.Compartments;

/// <summary>The integrator the hybrid and ODE solvers use for continuous compartments.</summary>
/// <remarks>
/// Dormand–Prince is accurate (5th order) but, being explicit, its step is capped by the fastest
/// decay mode (h ≲ 3.3/|λ|). Runge–Kutta–Chebyshev is 2nd order but stabilised: its stage count grows
/// with stiffness, so mildly stiff models whose slow dynamics allow long steps (a physiology model at
/// or near steady state) need far fewer right-hand-side evaluations.
/// </remarks>
public enum OdeMethod
{
    /// <summary>Dormand–Prince 5(4) with PI control and 4th-order dense output (the default).</summary>
    DormandPrince45 = 0,

    /// <summary>Second-order Runge–Kutta–Chebyshev (Sommeijer, Shampine and Verwer 1997) with spectral-radius estimation.</summary>
    RungeKuttaChebyshev = 1,
}
