using Reconstitution.Validation;

namespace Reconstitution.Compartments;

/// <summary>Which solver a <see cref="CompartmentSystem"/> uses, and its tuning.</summary>
/// <remarks>Immutable and thread-safe; every value is validated when set.</remarks>
public sealed record SolverOptions
{
    /// <summary>The default options: an exact method chosen by network size.</summary>
    public static SolverOptions Default { get; } = new();

    /// <summary>The algorithm.</summary>
    /// <value>Default <see cref="SolverKind.Exact"/>.</value>
    public SolverKind Kind
    {
        get;
        init => field = Enum.IsDefined(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(Kind), value, $"Parameter 'Kind' was {value}; allowed: a SolverKind.");
    } = SolverKind.Exact;

    /// <summary>With <see cref="SolverKind.Exact"/>, the largest number of time-homogeneous transitions simulated by the direct method.</summary>
    /// <value>Default 32: up to there the direct method's linear search is the cheapest selection (see benchmarks/results/exact-ssa.md).</value>
    public int DirectMethodMaxTransitions { get; init => field = Guard.AtLeastOne(value); } = 32;

    /// <summary>With <see cref="SolverKind.Exact"/>, the largest number of time-homogeneous transitions simulated by the sorting direct method (above <see cref="DirectMethodMaxTransitions"/>); larger networks use composition–rejection.</summary>
    /// <value>Default 256: on skewed networks the sorting direct method beats composition–rejection up to a few hundred transitions (see benchmarks/results/exact-ssa.md).</value>
    public int SortingDirectMaxTransitions { get; init => field = Guard.AtLeastOne(value); } = 256;

    /// <summary>Relative error allowed per panel when exact solvers integrate the hazard of time-dependent rates.</summary>
    /// <value>Default 1e-10.</value>
    public double HazardRelativeTolerance { get; init => field = Guard.InRange(value, 1e-15, 1e-2); } = 1e-10;

    /// <summary>Tau-leaping error-control parameter ε (Cao, Gillespie and Petzold 2006).</summary>
    /// <value>Default 0.03, the value those authors recommend.</value>
    public double TauLeapingEpsilon { get; init => field = Guard.InRange(value, 1e-6, 1.0); } = 0.03;

    /// <summary>A transition is critical when it could exhaust a reactant in fewer than this many firings (Cao, Gillespie and Petzold 2005).</summary>
    /// <value>Default 10.</value>
    public int CriticalThreshold { get; init => field = Guard.AtLeastOne(value); } = 10;

    /// <summary>Hybrid: a dynamic compartment becomes continuous when its coefficient of variation falls below this.</summary>
    /// <value>Default 0.03 (GillesPy2's <c>switch_tol</c>).</value>
    public double HybridSwitchTolerance { get; init => field = Guard.InRange(value, 0.0, 1.0); } = 0.03;

    /// <summary>Hybrid: a dynamic compartment becomes continuous when its count exceeds this.</summary>
    /// <value>Default 1000 cells.</value>
    public double HybridSwitchMinimum { get; init => field = Guard.NonNegative(value); } = 1000;

    /// <summary>
    /// Hybrid: a continuous dynamic compartment returns to exact treatment when its count falls below this
    /// fraction of the switch-to-continuous threshold min(<see cref="HybridSwitchMinimum"/>, 1/<see cref="HybridSwitchTolerance"/>²).
    /// </summary>
    /// <value>Default 0.5 (with the other defaults: continuous from 1000 cells, exact again below 500). The gap is
    /// hysteresis, so a count near the threshold does not switch treatment at every step; 0 means never back to exact.</value>
    public double HybridExactFraction { get; init => field = Guard.InRange(value, 0.0, 1.0); } = 0.5;

    /// <summary>ODE: relative tolerance of the adaptive integrator.</summary>
    /// <value>Default 1e-6.</value>
    public double OdeRelativeTolerance { get; init => field = Guard.InRange(value, 1e-14, 1.0); } = 1e-6;

    /// <summary>ODE: absolute tolerance of the adaptive integrator, in counts (the hybrid solver holds its integrated hazard of exact firings to 1/128 of it, in expected firings).</summary>
    /// <value>Default 1e-6.</value>
    public double OdeAbsoluteTolerance { get; init => field = Guard.Positive(value); } = 1e-6;

    /// <summary>
    /// Hybrid: whether a compartment that shrinks over an integrator step has its relative error measured against the
    /// total of its tolerance group rather than its own count (opt-in). Groups are declared by the built-in physiology
    /// (the same cell type of every origin, e.g. host and donor red cells of one age stage, which every readout adds up);
    /// networks of your own have none, so the option does not affect them.
    /// </summary>
    /// <value>Default false. Applies with <see cref="OdeMethod.StiffnessSwitching"/>, <see cref="OdeMethod.RungeKuttaChebyshev"/>
    /// and <see cref="OdeMethod.RosenbrockW"/>; <see cref="OdeMethod.DormandPrince45"/> always uses the per-compartment scale.</value>
    /// <remarks>
    /// Why: after an allogeneic graft engrafts, the host's blood lineages die out over months (10³–10⁵ cells beside 10¹⁰–10¹²
    /// donor cells of the same type); held to 10⁻³ of their own remnant they set the step size of the whole system,
    /// although the readouts (the sums, donor chimerism) cannot see errors of that size. Measured against the group's
    /// total (but at most ten times its own count: <c>StepSizeControl.FloorReach</c>), each shrinking member's error is
    /// bounded by the relative tolerance of the count it adds to and by ten relative tolerances of itself; growing members
    /// keep their own scale, because a graft engrafting from a few thousand cells carries its relative error into the
    /// counts it grows to.
    /// <para>Why it is off by default: it saves evaluations (days 100–731, with the bound of session 11: −20 to −41 % for
    /// the allogeneic and cord protocols, −17 % for <c>ric-flu-bu-atg</c>) but little CPU (−4 to −6 % over two years, −4 to +3 % over one year:
    /// more of the late phase runs on the dearer Rosenbrock–W steps; session 11: +5 to +7 % user CPU for
    /// <c>cord-single-mac</c> and <c>allo-pbsc-mac</c> 1,000 × 365 d; session 12, with the cheaper Jacobian, still +3 to +8 %:
    /// the cost is Rosenbrock–W's factorisations, ≈ 5 times as many, and solves, not its Jacobians), and it loosens accuracy slightly: a member that
    /// dips and later regrows (donor T cells under residual ATG beside a large host population) is held to ten relative
    /// tolerances of itself while it shrinks, not one; <c>allo-bm-mac</c>'s worst donor-chimerism deviation from a tight reference
    /// rose by 0.15 percentage points and allogeneic exact firing times moved by 0.05–0.07 d at the median
    /// (benchmarks/results/cohort.md, session 10, error scale; session 11, integrator steps).</para>
    /// <para>Session 17, with the stiffness switch pricing its Rosenbrock–W stays: one year's evaluation-equivalents −7 to
    /// −10 % for the allogeneic and cord protocols (<c>ric-flu-bu-atg</c> 0 %), but the command-line tool's CPU for 1,000 ×
    /// 365 d was not lower (+0 to +6 % over two alternated rounds) and the blood counts' median worst deviation rose from
    /// 0.0083 to 0.0106: still off.</para>
    /// </remarks>
    public bool OdeGroupErrorScale { get; init; }

    /// <summary>
    /// Hybrid: whether an exact firing that changes no continuous compartment, but changes a signal that continuous
    /// first-order rates read, keeps the integrator's current step instead of restarting it, when the change it makes to
    /// the continuous course over the rest of the step is negligible (opt-in here; on in
    /// <see cref="Reconstitution.Physiology.Patient.DefaultSolverOptions"/>).
    /// </summary>
    /// <value>Default false: every such firing restarts the integrator at the firing time (the course of every version
    /// before session 16, to the bit).</value>
    /// <remarks>
    /// <para>Such firings are frequent in the allogeneic physiology: a donor stem cell's renewal changes the
    /// host-versus-graft signal's donor-target sum by about one part in the donor stem-cell count D, a host stem cell's
    /// renewal the niche signal; <c>cord-single-mac</c> and <c>ric-flu-bu-atg</c> made 150–180 such restarts a
    /// patient-year, and the step cap that anticipates them shortened their steps.</para>
    /// <para>How it is bounded: at a firing at t* inside a step ending at T, each continuous rate a_r = k·y·s the firing
    /// affects changes by a_r·|Δs/s| (exactly, a first-order term being linear in its signal s), so keeping the old rates
    /// over [t*, T] puts ODE component i off by at most e_i = Σ_r |ν_ir|·a_r·|Δs_r/s_r|·(T − t*) (cells), to first order;
    /// from T on, f is evaluated afresh with the new rates. The firing is deferred when the largest ratio
    /// e_i / (<see cref="OdeAbsoluteTolerance"/> + <see cref="OdeRelativeTolerance"/>·|y_i|), summed over the firings
    /// deferred in the same step, stays ≤ 0.1: the deferrals of a step add at most a tenth of the tolerance its own local
    /// error is held to, and the factor 10 covers what the estimate neglects (a_r from the integrator's last evaluation
    /// rather than at t*, the rates' change along the rest of the step). Otherwise (or when the change is not finite: a
    /// signal leaving 0; or the firing reaches a rate that is not a first-order term times one signal) it restarts as
    /// before. Firings that may be deferred no longer cap the step size. Firing times stay exact: the exact part's hazard
    /// is fitted again from t* as after any firing inside a step.</para>
    /// <para>Measured (benchmarks/results/cohort.md, sessions 15 and 16): evaluations per patient-year −25 % for
    /// <c>cord-single-mac</c> and <c>ric-flu-bu-atg</c>, CLI CPU −4 to −10 %; every candidate's ratio ≤ 10⁻² of the
    /// tolerance (most ≤ 10⁻⁴), none refused; the exact firing times' agreement with a tight reference unchanged for
    /// <c>ric-flu-bu-atg</c> and, for the cord, a 90th percentile of 1.9·10⁻³ d instead of 1.2·10⁻³ (longer steps: the
    /// firing-time error allowed by the integrated hazard's tolerance, still 100 times below the allogeneic protocols').
    /// Outputs move within sampling error (CohortInvarianceTests).</para>
    /// </remarks>
    public bool HybridDeferNegligibleRestarts { get; init; }

    /// <summary>Hybrid and ODE: the integrator of the continuous part.</summary>
    /// <value>Default <see cref="OdeMethod.DormandPrince45"/>.</value>
    public OdeMethod OdeMethod
    {
        get;
        init => field = Enum.IsDefined(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(OdeMethod), value, $"Parameter 'OdeMethod' was {value}; allowed: an OdeMethod.");
    } = OdeMethod.DormandPrince45;

    /// <summary>Whether to log every firing (time, transition) in <see cref="CompartmentSystem.FiringLog"/>; costly for long runs.</summary>
    /// <value>Default false: only per-transition firing counts are kept.</value>
    public bool RecordFirings { get; init; }

    /// <summary>
    /// Whether the direct method may run a loop compiled for the network (<c>DirectMethodCompiler</c>); it follows the
    /// same path as the array-driven loop, so this only changes speed. Internal: for tests and benchmarks.
    /// </summary>
    internal bool GenerateCode { get; init; } = true;
}
