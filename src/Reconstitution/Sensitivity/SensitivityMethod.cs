namespace Reconstitution.Sensitivity;

/// <summary>A global sensitivity method (the CLI's <c>--method</c>).</summary>
public enum SensitivityMethod
{
    /// <summary>
    /// Morris elementary effects (<c>morris</c>): r one-at-a-time trajectories through a grid, k + 1 points each; μ* and σ
    /// rank parameters for screening (Morris, Technometrics 1991;33:161; μ*: Campolongo, Cariboni and Saltelli, Environ Model
    /// Softw 2007;22:1509). Cheap: r(k + 1) cohorts.
    /// </summary>
    Morris,

    /// <summary>
    /// Variance-based Sobol indices (<c>sobol</c>) by Saltelli sampling on a Sobol sequence: first-order S1 (Saltelli et al.,
    /// Comput Phys Commun 2010;181:259) and total-effect ST (Jansen, Comput Phys Commun 1999;117:35). Quantitative:
    /// N(k + 2) cohorts.
    /// </summary>
    Sobol,
}
