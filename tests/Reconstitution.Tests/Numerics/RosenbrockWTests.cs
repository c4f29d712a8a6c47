using Reconstitution.Compartments;
using Reconstitution.Numerics;
using Reconstitution.Randomness;
using Xunit;

namespace Reconstitution.Tests.Numerics;

public class RosenbrockWTests
{
    /// <summary>
    /// A nonlinear, non-autonomous pair with a known solution: y₀′ = −y₀² + g(t) with y₀ = 1/(1 + t) + sin t, and the
    /// Prothero–Robinson component y₁′ = −5(y₁ − cos t) − sin t with y₁ = cos t. Its Jacobian changes along the way, so a
    /// Jacobian reused over many steps is only an approximation (what a W-method must tolerate).
    /// </summary>
    private struct Manufactured : IOdeSystem
    {
        public static double Exact0(double t) => 1 / (1 + t) + Math.Sin(t);

        public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            double exact = Exact0(timeDays), slope = -1 / ((1 + timeDays) * (1 + timeDays)) + Math.Cos(timeDays);
            dydt[0] = -y[0] * y[0] + slope + exact * exact;
            dydt[1] = -5 * (y[1] - Math.Cos(timeDays)) - Math.Sin(timeDays);
        }
    }

    /// <summary>A linear chain y₀′ = −k y₀, yᵢ′ = k(yᵢ₋₁ − yᵢ): each derivative reads itself and its predecessor.</summary>
    private struct Chain(double rate) : IOdeSystem
    {
        public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = -rate * y[0];
            for (int i = 1; i < y.Length; i++) dydt[i] = rate * (y[i - 1] - y[i]);
        }
    }

    /// <summary>The lower-bidiagonal pattern of <see cref="Chain"/>.</summary>
    private static (int[] Offsets, int[] Columns) ChainPattern(int n)
    {
        var offsets = new int[n + 1];
        var columns = new List<int>();
        for (int i = 0; i < n; i++)
        {
            offsets[i] = columns.Count;
            if (i > 0) columns.Add(i - 1);
            columns.Add(i);
        }
        offsets[n] = columns.Count;
        return (offsets, [.. columns]);
    }

    private static void Integrate<T>(OdeStepper ode, ref T system, double end) where T : IOdeSystem
    {
        int steps = 0;
        while (ode.T < end)
        {
            ode.Step(ref system, end);
            Assert.True(++steps < 1_000_000);
        }
    }

    /// <summary>
    /// The error at t = 2 of <see cref="Manufactured"/> with steps of <paramref name="h"/> (tolerances so loose that only
    /// the step limit binds), the Jacobian evaluated at every step's start when <paramref name="fresh"/>.
    /// </summary>
    private static double ErrorWithStep(double h, bool fresh = false)
    {
        var ode = new RosenbrockW(2, 1, 1e6);
        ode.Y[0] = Manufactured.Exact0(0);
        ode.Y[1] = 1;
        var system = new Manufactured();
        while (ode.T < 2 - 1e-12)
        {
            if (fresh) ode.DiscardJacobian();
            ode.Step(ref system, Math.Min(2, ode.T + h));
        }
        if (!fresh) Assert.True(ode.JacobianEvaluations < ode.AcceptedSteps / 4, $"{ode.JacobianEvaluations} Jacobians for {ode.AcceptedSteps} steps");
        return Math.Max(Math.Abs(ode.Y[0] - Manufactured.Exact0(2)), Math.Abs(ode.Y[1] - Math.Cos(2)));
    }

    [Fact]
    public void Step_NonlinearNonAutonomousProblem_ConvergesWithOrderThreeAndReusedJacobianKeepsTheAccuracy()
    {
        // With a Jacobian of every step's start the global error is ∝ h³ (a third-order method): halving the step divides
        // it by ≈ 8 (log₂ ≈ 3). With one Jacobian kept over up to 50 steps (what the integrator does; J = −2y₀ drifts by
        // 40 % over such a stretch here) the method stays convergent with an error of the same size: the W-method property.
        double[] steps = [0.1, 0.05, 0.025, 0.0125];
        double[] fresh = [.. steps.Select(h => ErrorWithStep(h, fresh: true))];
        double[] reused = [.. steps.Select(h => ErrorWithStep(h, fresh: false))];
        for (int k = 0; k + 1 < steps.Length; k++)
            Assert.InRange(Math.Log2(fresh[k] / fresh[k + 1]), 2.6, 3.4);
        for (int k = 0; k < steps.Length; k++)
            Assert.InRange(reused[k], 0, 4 * fresh[k]);
        Assert.InRange(reused[^1], 0, 1e-6);
    }

    [Fact]
    public void Step_VeryStiffProblem_TakesFewAccuracyLimitedSteps()
    {
        // λ = 10⁶: an explicit method would need ≈ 10⁶ steps over [0, 10], RKC ≈ √(hλ) stages per step; an L-stable
        // method follows cos t with steps limited by accuracy alone.
        var ode = new RosenbrockW(1, 1e-4, 1e-8);
        ode.Y[0] = 1;
        var system = new ProtheroRobinson(1e6);
        Integrate(ode, ref system, 10);
        Assert.Equal(10, ode.T);
        Assert.InRange(Math.Abs(ode.Y[0] - Math.Cos(10)), 0, 1e-3);
        Assert.True(ode.AcceptedSteps < 200, $"{ode.AcceptedSteps} steps");
    }

    [Fact]
    public void Step_AfterARejection_RetriesWithTheControllersFactorAndProposesNoGrowth()
    {
        // As in RODAS: a rejected step is retried with the controller's factor 0.9·err^(−1/3), which lies in [0.2, 0.9)
        // for err > 1, with no further halving; a near miss (err < 1.42, factor > 0.8) then stays within 25 % of the
        // factored step and keeps the factorisation. The step accepted after a rejection proposes no growth. The old rule
        // (at most half the rejected step) gives ratios ≤ 0.5 and a factorisation for every retry, so it fails here.
        var ode = new RosenbrockW(2, 1e-7, 1e-10);
        ode.Y[0] = Manufactured.Exact0(0);
        ode.Y[1] = 1;
        var system = new Manufactured();
        int retries = 0, nearMisses = 0, keptFactorisations = 0;
        while (ode.T < 20)
        {
            double proposed = ode.ProposedStep;
            long rejected = ode.RejectedSteps, factorisations = ode.Factorisations, jacobians = ode.JacobianEvaluations;
            ode.Step(ref system, 20);
            double h = ode.T - ode.TPrevious;
            if (ode.RejectedSteps == rejected) continue;
            Assert.InRange(ode.ProposedStep, 0, h * (1 + 1e-12)); // h from T − TPrevious: the step up to the subtraction's rounding
            // One rejection and a retry that was not cut at the limit: the accepted step is the rejected one times the factor.
            if (ode.RejectedSteps != rejected + 1 || ode.T == 20 || ode.JacobianEvaluations != jacobians) continue;
            retries++;
            Assert.InRange(h / proposed, 0.2, 0.9);
            if (h / proposed > 0.55) nearMisses++; // beyond the old rule's 0.5 and the rounding of T − TPrevious
            if (ode.Factorisations == factorisations) keptFactorisations++;
        }
        Assert.True(retries >= 3 && nearMisses > 0 && keptFactorisations > 0, $"{retries} retries, {nearMisses} near misses, {keptFactorisations} kept the factorisation");
    }

    [Fact]
    public void Step_StiffDecayFromAFarState_IsDampedWithoutOvershoot()
    {
        // y′ = −10⁴·y from 1: L-stability (R(∞) = 0) damps the mode in the first steps, so the solution neither
        // oscillates nor turns negative by more than the tolerance, however long the steps become.
        var ode = new RosenbrockW(1, 1e-3, 1e-6);
        ode.Y[0] = 1;
        var system = new Chain(1e4);
        int steps = 0;
        while (ode.T < 100)
        {
            ode.Step(ref system, 100);
            Assert.InRange(ode.Y[0], -1e-5, 1);
            steps++;
        }
        Assert.InRange(Math.Abs(ode.Y[0]), 0, 1e-5);
        Assert.True(steps < 100, $"{steps} steps");
    }

    [Fact]
    public void Interpolate_WithinLastStep_IsThirdOrderHermiteAndMatchesComponentwise()
    {
        var ode = new RosenbrockW(2, 1e-7, 1e-12);
        ode.Y[0] = 1;
        ode.Y[1] = 0;
        var system = new Chain(1.0);
        ode.Step(ref system, 10);
        double t0 = ode.TPrevious, t1 = ode.T, mid = 0.5 * (t0 + t1);
        Assert.True(t1 > t0);
        Assert.Equal(1.0, ode.InterpolateComponent(t0, 0), 12);
        Assert.Equal(ode.Y[0], ode.InterpolateComponent(t1, 0), 12);
        Assert.InRange(Math.Abs(ode.InterpolateComponent(mid, 0) - Math.Exp(-mid)), 0, 1e-6);
        Assert.InRange(Math.Abs(ode.InterpolateComponent(mid, 1) - mid * Math.Exp(-mid)), 0, 1e-6);
        var all = new double[2];
        ode.Interpolate(mid, all);
        Assert.Equal(ode.InterpolateComponent(mid, 0), all[0]);
        Assert.Equal(ode.InterpolateComponent(mid, 1), all[1]);
    }

    [Fact]
    public void Interpolate_MoreComponentsThanVectorLanes_EqualsInterpolateComponentToTheBit()
    {
        // The whole-vector interpolation runs on SIMD lanes (with a scalar tail), the one-component form is scalar: they must
        // give the same bits, damped stiff slopes included (rate 10³ per day: hγ|Jᵢᵢ| > 1 on the step).
        int n = 2 * System.Numerics.Vector<double>.Count + 3;
        var ode = new RosenbrockW(n, 1e-3, 1e-6);
        ode.Y[0] = 1;
        var system = new Chain(1000);
        for (int k = 0; k < 200 && 1000 * (ode.T - ode.TPrevious) * 0.4358665 <= 1; k++) ode.Step(ref system, 10);
        Assert.True(1000 * (ode.T - ode.TPrevious) * 0.4358665 > 1, "no stiff step");
        var all = new double[n];
        foreach (double theta in new[] { 0.1, 0.37, 0.5, 0.93 })
        {
            double t = ode.TPrevious + theta * (ode.T - ode.TPrevious);
            ode.Interpolate(t, all);
            for (int i = 0; i < n; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(ode.InterpolateComponent(t, i)), BitConverter.DoubleToInt64Bits(all[i]));
        }
    }

    [Fact]
    public void SetJacobianPattern_Bidiagonal_TwoColumnGroupsAndSameSolutionAsDense()
    {
        // Curtis–Powell–Reid: columns j and j + 2 share no row, so 20 columns need 2 evaluations per Jacobian; the
        // solution is the one the dense Jacobian gives (same values, cheaper to get).
        const int n = 20;
        var sparse = new RosenbrockW(n, 1e-6, 1e-10);
        var dense = new RosenbrockW(n, 1e-6, 1e-10);
        var (offsets, columns) = ChainPattern(n);
        sparse.SetJacobianPattern(new JacobianPattern(offsets, columns, timeDependent: false));
        sparse.Y[0] = dense.Y[0] = 1;
        var system = new Chain(2.0);
        Integrate(sparse, ref system, 5);
        Integrate(dense, ref system, 5);
        Assert.Equal(2, sparse.EvaluationsPerJacobian);
        Assert.Equal(n + 1, dense.EvaluationsPerJacobian);
        double term = Math.Exp(-10);
        for (int i = 0; i < n; i++)
        {
            Assert.InRange(Math.Abs(sparse.Y[i] - term), 0, 1e-5 + 1e-4 * term);
            Assert.InRange(Math.Abs(sparse.Y[i] - dense.Y[i]), 0, 1e-8);
            term *= 10.0 / (i + 1);
        }
    }

    [Fact]
    public void Dimension_ChangedAndStateResetFromOutside_ContinuesOnTheNewSystem()
    {
        // A repartition: fewer components, a state written from outside, Reset; the integrator must integrate the new
        // system from the new state (the old Jacobian has the wrong shape and is discarded).
        var ode = new RosenbrockW(3, 1e-6, 1e-10);
        ode.Y[0] = 1;
        var system = new Chain(1.0);
        Integrate(ode, ref system, 1);
        long jacobians = ode.JacobianEvaluations;
        ode.Dimension = 2;
        ode.Y[0] = 2;
        ode.Y[1] = 0;
        ode.Reset();
        Integrate(ode, ref system, 2);
        Assert.True(ode.JacobianEvaluations > jacobians);
        Assert.InRange(Math.Abs(ode.Y[0] - 2 * Math.Exp(-1)), 0, 1e-5);
        Assert.InRange(Math.Abs(ode.Y[1] - 2 * Math.Exp(-1)), 0, 1e-5); // y₁ = 2t·e^{−t} at t = 1 after the restart

    }

    [Fact]
    public void Reset_AfterSmallExternalChange_KeepsTheJacobian()
    {
        // Same dimension, state changed from outside (a firing): the Jacobian in hand is kept (a W-method needs only an
        // approximation) and the step goes on from the new state.
        var ode = new RosenbrockW(2, 1e-3, 1e-6);
        ode.Y[0] = 1;
        var system = new Chain(1.0);
        for (int k = 0; k < 3; k++) ode.Step(ref system, 10);
        long jacobians = ode.JacobianEvaluations;
        double t = ode.T;
        ode.Y[0] *= 1.01;
        ode.Reset();
        ode.Step(ref system, 10);
        Assert.Equal(jacobians, ode.JacobianEvaluations);
        Assert.True(ode.T > t);
    }

    [Fact]
    public void Step_AfterWarmUp_AllocatesNothing()
    {
        // Steps, dense output, and repartitions that declare the same pattern again or switch between two shared patterns
        // (the chain's, and a tridiagonal superset of it): after each pattern's first use, pointing at it allocates nothing.
        const int n = 30;
        var ode = new RosenbrockW(n, 1e-6, 1e-10);
        var (offsets, columns) = ChainPattern(n);
        var chain = new JacobianPattern(offsets, columns, timeDependent: false);
        var tridiagonal = TridiagonalPattern(n);
        ode.SetJacobianPattern(tridiagonal);
        ode.Y[0] = 1;
        var system = new Chain(3.0);
        Integrate(ode, ref system, 0.5); // warm up (JIT, the tridiagonal pattern's analysis)
        ode.Dimension = n;
        ode.SetJacobianPattern(chain);
        Integrate(ode, ref system, 1); // the chain's analysis
        var buffer = new double[n];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 2; k <= 50; k++)
        {
            ode.Step(ref system, k);
            ode.Interpolate(0.5 * (ode.TPrevious + ode.T), buffer);
            ode.Dimension = n; // a repartition: to the same pattern, then alternately to the other one
            ode.SetJacobianPattern(k % 4 < 2 ? chain : tridiagonal);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Same(tridiagonal.Analysis, ode.Factorisation.Analysis); // the last declared (k = 50)
    }

    /// <summary>The tridiagonal pattern of dimension <paramref name="n"/> (a superset of <see cref="ChainPattern"/>).</summary>
    private static JacobianPattern TridiagonalPattern(int n)
    {
        var offsets = new int[n + 1];
        var columns = new List<int>();
        for (int i = 0; i < n; i++)
        {
            offsets[i] = columns.Count;
            for (int j = Math.Max(0, i - 1); j <= Math.Min(n - 1, i + 1); j++) columns.Add(j);
        }
        offsets[n] = columns.Count;
        return new JacobianPattern(offsets, [.. columns], timeDependent: false);
    }
}
