using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// A pack of listed components' dense output on one step writes, at any time inside the step, what interpolating them one
/// by one and clamping at 0 gives, to the bit; it is repacked after each new step and allocates nothing per step or read.
/// </summary>
public class HermitePackTests
{
    /// <summary>
    /// Seven components: a chain fed at 10 per day (y₀ … y₃), a component falling through 0 at 2 per day from 0.01 (y₄, so that the
    /// clamp is exercised), and two decays (y₅, y₆).
    /// </summary>
    private struct Mixed : IOdeSystem
    {
        public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = 10 - y[0];
            for (int k = 1; k < 4; k++) dydt[k] = y[k - 1] - (k + 1) * y[k];
            dydt[4] = -2;
            dydt[5] = -0.5 * y[5];
            dydt[6] = -3 * y[6];
        }
    }

    private const int Dimension = 7;

    public static TheoryData<string> Methods() => ["rosenbrock-w", "rkc", "switching"];

    private static OdeStepper Started(string name)
    {
        var ode = Steppers.Create(name, Dimension, 1e-3, 1e-6);
        double[] start = [1, 2, 3, 4, 0.01, 50, 20];
        start.CopyTo(ode.Y, 0);
        return ode;
    }

    // Components 1, 2, 3, 0 go to the consecutive targets 10, 11, 12, 13 (one vector store), the rest are scattered, and
    // the list's length is not a multiple of four (a padded lane).
    private static readonly int[] Components = [1, 2, 3, 0, 6, 4, 5];
    private static readonly int[] Targets = [13, 10, 11, 12, 2, 7, 0];

    /// <summary>What the pack must write: each listed component's interpolation, clamped at 0 (NaN kept), at its target.</summary>
    private static double[] Expected(OdeStepper ode, double t, int[] components, int[] targets, int length)
    {
        var expected = new double[length];
        Array.Fill(expected, -1.0);
        var values = new double[components.Length];
        ode.InterpolateComponents(t, components, values);
        for (int i = 0; i < components.Length; i++)
        {
            double v = values[i];
            expected[targets[components[i]]] = v > 0 || double.IsNaN(v) ? v : 0;
        }
        return expected;
    }

    private static long[] Bits(double[] values) => Array.ConvertAll(values, BitConverter.DoubleToInt64Bits);

    [Theory]
    [MemberData(nameof(Methods))]
    public void Write_AtTimesInsideEachStep_EqualsInterpolatedAndClampedComponentsToTheBit(string name)
    {
        var ode = Started(name);
        var system = new Mixed();
        var pack = new HermitePack();
        int clamped = 0;
        for (int step = 0; step < 12; step++)
        {
            ode.Step(ref system, 40);
            foreach (double theta in new[] { 0, 0.07, 0.5, 0.81, 1 })
            {
                double t = ode.TPrevious + theta * (ode.T - ode.TPrevious);
                Assert.True(pack.Ready(ode, Components, Targets));
                var output = new double[14];
                Array.Fill(output, -1.0);
                pack.Write(t, output);
                var expected = Expected(ode, t, Components, Targets, 14);
                Assert.Equal(Bits(expected), Bits(output));   // untouched entries stay −1 in both
                if (ode.InterpolateComponent(t, 4) < 0) clamped++;
            }
        }
        Assert.True(clamped > 0, "component 4 never fell below 0: the clamp was not exercised");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Write_BlocksOfConsecutiveComponents_EqualInterpolatedAndClampedComponentsToTheBit(string name)
    {
        // Blocks of four consecutive components are packed by vector loads, with the slope weights (Rosenbrock–W damps the
        // stiff components' slopes, so its weights are not all one): components 0–3 to consecutive targets (one vector
        // store), components 3–6 to scattered targets (written lane by lane), each list ending in a padded block.
        int[][] lists = [[0, 1, 2, 3, 6, 5], [3, 4, 5, 6, 1, 0]];
        int[][] targets = [[4, 5, 6, 7, 0, 9, 1], [9, 0, 13, 2, 11, 5, 7]];
        bool damped = false;
        for (int l = 0; l < lists.Length; l++)
        {
            var ode = Started(name);
            var system = new Mixed();
            var pack = new HermitePack();
            for (int step = 0; step < 40 && ode.T < 40; step++)
            {
                ode.Step(ref system, 40);
                Assert.True(ode.TryGetHermiteStep(out HermiteStep hermite));
                for (int k = 0; k < Dimension; k++) damped |= hermite.SlopeWeight[k] != 1;
                foreach (double theta in new[] { 0, 0.3, 0.5, 1 })
                {
                    double t = ode.TPrevious + theta * (ode.T - ode.TPrevious);
                    Assert.True(pack.Ready(ode, lists[l], targets[l]));
                    var output = new double[14];
                    Array.Fill(output, -1.0);
                    pack.Write(t, output);
                    Assert.Equal(Bits(Expected(ode, t, lists[l], targets[l], 14)), Bits(output));
                }
            }
        }
        if (name == "rosenbrock-w") Assert.True(damped, "no slope weight other than one: the weights' products were not exercised");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Segment_EveryComponent_EqualsTheIntegratorsHermiteSegment(string name)
    {
        var ode = Started(name);
        var system = new Mixed();
        for (int step = 0; step < 3; step++) ode.Step(ref system, 40);
        Assert.True(ode.TryGetHermiteStep(out HermiteStep hermite));
        Assert.Equal(Dimension, hermite.Dimension);
        for (int k = 0; k < Dimension; k++)
        {
            Assert.True(ode.TryGetHermiteSegment(k, out HermiteSegment segment));
            Assert.Equal(segment, hermite.Segment(k));
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Ready_BeforeTheFirstStepOrAfterAReset_FalseUntilTheNextStep(string name)
    {
        var ode = Started(name);
        var system = new Mixed();
        var pack = new HermitePack();
        Assert.False(pack.Ready(ode, Components, Targets));
        Assert.Throws<InvalidOperationException>(() => pack.Write(0, new double[14]));
        ode.Step(ref system, 40);
        Assert.True(pack.Ready(ode, Components, Targets));
        ode.Reset();
        pack.Forget();
        Assert.False(ode.TryGetHermiteStep(out _));
        Assert.False(pack.Ready(ode, Components, Targets));
        ode.Step(ref system, 40);
        Assert.True(pack.Ready(ode, Components, Targets));
    }

    [Fact]
    public void Ready_DormandPrince_FalseWithoutAHermiteStep()
    {
        var ode = Steppers.Create("dormand-prince", Dimension, 1e-3, 1e-6);
        var system = new Mixed();
        ode.Step(ref system, 40);
        Assert.False(ode.TryGetHermiteStep(out _));
        Assert.False(new HermitePack().Ready(ode, Components, Targets));
    }

    [Fact]
    public void Clear_ThenAnotherList_WritesTheNewListOnly()
    {
        var ode = Started("rosenbrock-w");
        var system = new Mixed();
        ode.Step(ref system, 40);
        var pack = new HermitePack();
        Assert.True(pack.Ready(ode, Components, Targets));
        pack.Clear();
        int[] components = [5, 2];
        Assert.True(pack.Ready(ode, components, Targets));
        var output = new double[14];
        Array.Fill(output, -1.0);
        double t = 0.4 * ode.TPrevious + 0.6 * ode.T;
        pack.Write(t, output);
        Assert.Equal(Bits(Expected(ode, t, components, Targets, 14)), Bits(output));
    }

    [Fact]
    public void Ready_ComponentOutsideTheDimensionOrNegativeTarget_Throws()
    {
        var ode = Started("rkc");
        var system = new Mixed();
        ode.Step(ref system, 40);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new HermitePack().Ready(ode, [1, Dimension], new int[Dimension + 1]));
        Assert.Contains($"the dimension is {Dimension}", error.Message);
        int[] targets = [0, -1, 2, 3, 4, 5, 6];
        Assert.Throws<ArgumentOutOfRangeException>(() => new HermitePack().Ready(ode, [0, 1], targets));
        Assert.True(new HermitePack().Ready(ode, [0, 2], targets));
        var pack = new HermitePack();
        Assert.True(pack.Ready(ode, Components, Targets));
        Assert.Throws<ArgumentException>(() => pack.Write(ode.T, new double[13]));   // target 13 is outside
    }

    [Fact]
    public void ReadyAndWrite_ListsWithinTheCapacity_AllocateNothing()
    {
        var ode = Started("switching");
        var system = new Mixed();
        var pack = new HermitePack(Dimension);
        var output = new double[14];
        // The lists are read here, outside the measured calls: the first read of this class's static arrays may run its
        // static constructor, which allocates them (two int[7], 112 bytes; 256 with the tiered JIT's statics). When no test
        // of the class has run before (a filter that selects only this one of its tests, e.g. ~Allo) that happened inside
        // the first Ready and was counted as the pack's (session 16: a runtime event listener showed HermitePackTests..cctor
        // compiled and run between the measurements, and nothing else).
        int[] components = Components, targets = Targets;
        long allocated = 0;
        for (int step = 0; step < 6; step++)
        {
            ode.Step(ref system, 40);
            long before = GC.GetAllocatedBytesForCurrentThread();   // the pack's share only, not the step's
            if (step == 3) pack.Clear();   // a new list laid out (as after a partition change)
            for (int read = 0; read < 10; read++)
            {
                Assert.True(pack.Ready(ode, step < 3 ? components : components.AsSpan(0, 5), targets));
                pack.Write(ode.TPrevious + 0.1 * read * (ode.T - ode.TPrevious), output);
            }
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.Equal(0, allocated);
    }
}
