using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

/// <summary>Reading a list of components of the dense output gives each component's own interpolation to the bit.</summary>
public class InterpolateComponentsTests
{
    /// <summary>A five-stage linear chain with a source: y₀' = 10 − y₀, yₖ' = yₖ₋₁ − (k + 1)·yₖ.</summary>
    private struct Chain : IOdeSystem
    {
        public readonly void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = 10 - y[0];
            for (int k = 1; k < y.Length; k++) dydt[k] = y[k - 1] - (k + 1) * y[k];
        }
    }

    public static TheoryData<string> Methods() => ["rosenbrock-w", "rkc", "switching", "dormand-prince"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void InterpolateComponents_ListedInAnyOrder_EachEqualsInterpolateComponentToTheBit(string name)
    {
        var ode = Steppers.Create(name, 5, 1e-3, 1e-6);
        for (int k = 0; k < 5; k++) ode.Y[k] = 1 + k;
        var system = new Chain();
        int[] components = [4, 0, 2, 2, 1];
        var output = new double[components.Length];
        for (int step = 0; step < 4; step++)
        {
            ode.Step(ref system, 50);
            foreach (double theta in new[] { 0, 0.1, 0.5, 0.93, 1 })
            {
                double t = ode.TPrevious + theta * (ode.T - ode.TPrevious);
                ode.InterpolateComponents(t, components, output);
                for (int i = 0; i < components.Length; i++) Assert.Equal(ode.InterpolateComponent(t, components[i]), output[i]);
            }
        }
    }

    [Theory]
    [InlineData("rosenbrock-w")]
    [InlineData("rkc")]
    public void InterpolateComponents_ComponentOutsideTheDimensionOrShortOutput_Throws(string name)
    {
        var ode = Steppers.Create(name, 5, 1e-3, 1e-6);
        var system = new Chain();
        ode.Step(ref system, 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ode.InterpolateComponents(ode.T, [1, 5], new double[2]));
        Assert.Contains("Component 5", error.Message);
        Assert.Throws<ArgumentException>(() => ode.InterpolateComponents(ode.T, [1, 2], new double[1]));
    }
}
