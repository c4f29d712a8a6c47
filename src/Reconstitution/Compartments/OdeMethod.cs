namespace Reconstitution.Compartments;

/// <summary>The integrator the hybrid and ODE solvers use for continuous compartments.</summary>
/// <remarks>
/// Dormand–Prince is accurate (5th order) but, being explicit, its step is capped by the fastest
/// decay mode (h ≲ 3.3/|λ|). Runge–Kutta–Chebyshev is 2nd order but stabilised: its stage count grows
/// with stiffness, so mildly stiff models whose slow dynamics allow long steps (a physiology model at
/// or near steady state) need far fewer right-hand-side evaluations. Its step is still capped by weakly damped
/// oscillatory modes; the linearly implicit Rosenbrock–W method is not (its step is limited by accuracy only) but
/// pays a Jacobian and a sparse factorisation; <see cref="StiffnessSwitching"/> uses each where it is cheaper.
/// </remarks>
public enum OdeMethod
{
    /// <summary>Dormand–Prince 5(4) with PI control and 4th-order dense output (the default).</summary>
    DormandPrince45 = 0,

    /// <summary>Second-order Runge–Kutta–Chebyshev (Sommeijer, Shampine and Verwer 1997) with spectral-radius estimation.</summary>
    RungeKuttaChebyshev = 1,

    /// <summary>
    /// The third-order, L-stable, linearly implicit Rosenbrock–W method ROS34PW2 (Rang and Angermann 2005) with a sparse
    /// finite-difference Jacobian reused across steps: for stiff models and weakly damped oscillatory modes.
    /// </summary>
    RosenbrockW = 2,

    /// <summary>
    /// Runge–Kutta–Chebyshev while its steps need few stages, the Rosenbrock–W method while the problem is stiff enough
    /// that they need many (quiet phases whose step is capped by stability), switching automatically.
    /// </summary>
    StiffnessSwitching = 3,
}
