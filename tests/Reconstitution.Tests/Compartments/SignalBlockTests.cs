using Reconstitution.Compartments;
using Xunit;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// Signal blocks (<see cref="SignalBlock"/>): a full update computes a run of signals with one call; every other use (a
/// firing's recomputation of a few signals, the public view) runs each signal's own function, and a network without blocks
/// evaluates its plain <see cref="SignalFunction"/>s as before.
/// </summary>
public sealed class SignalBlockTests
{
    // Three signals: q of X, 1 − q (reads q), and an unrelated gain of Y with a parameter.
    private static ReactionNetwork Network() => new ReactionNetworkBuilder()
        .Compartment("X", 300).Compartment("Y", 100)
        .Parameter("k", 0.25)
        .Signal("q", x => x.Count(0) / (x.Count(0) + 700.0), ["X"])
        .Signal("oneMinusQ", x => 1 - x.Parameter(0), [], ["q"])
        .Signal("gain", x => x.Parameter(0) * x.Count(0) / 3, ["Y"], ["k"])
        .Transition("y", t => t.Consumes("Y").MassAction(1.0).ModulatedBy("oneMinusQ").ModulatedBy("gain"))
        .Transition("x", t => t.Consumes("X").MassAction(0.1).ModulatedBy("q"))
        .Build();

    private static double[] FullUpdate(CompiledNetwork network, double[] counts)
    {
        double[] parameters = [.. network.InitialParameters, .. new double[network.SignalCount]];
        network.UpdateSignals(counts, parameters, 0);
        return parameters[network.ParameterCount..];
    }

    private static ByRefSignalFunction[] OwnFunctions(CompiledNetwork network) =>
        [.. network.SignalFunctions.Select(f => (ByRefSignalFunction)((in RateInputs x) => f(x)))];

    [Fact]
    public void UpdateSignals_PlainSignalFunctions_NoBlockAndEachSignalsOwnValue()
    {
        var network = Network().Compiled;
        Assert.Empty(network.SignalBlocks);
        double[] values = FullUpdate(network, [300, 100]);
        Assert.Equal([0.3, 1 - 0.3, 0.25 * 100 / 3], values);
    }

    [Fact]
    public void UpdateSignals_Block_OneCallComputesItsSignalsAndFiringsRunTheirOwnFunctions()
    {
        var plain = Network().Compiled;
        int calls = 0;
        // A block of q and 1 − q: the same operations as the signals' own functions, X read by network index.
        int x = plain.FindCompartment("X");
        var block = new SignalBlock(0, 2, (in RateInputs inputs, Span<double> values) =>
        {
            calls++;
            double count = inputs.CountOf(x);
            values[0] = count / (count + 700.0);
            values[1] = 1 - values[0];
        });
        var blocked = plain.WithValues(plain.InitialCounts, plain.InitialParameters, OwnFunctions(plain), [block]);

        foreach (double[] counts in new[] { new double[] { 300, 100 }, [0, 0], [1e9, 7] })
        {
            calls = 0;
            Assert.Equal(FullUpdate(plain, counts), FullUpdate(blocked, counts));
            Assert.Equal(1, calls);
        }

        // A firing recomputes the signals it needs with their own functions (here: those of transition "x", i.e. q).
        calls = 0;
        double[] parameters = [.. blocked.InitialParameters, .. new double[blocked.SignalCount]];
        blocked.UpdateSignals([500, 100], parameters, 0, [0, 1, 2]);
        Assert.Equal(0, calls);
        Assert.Equal(FullUpdate(plain, [500, 100]), parameters[blocked.ParameterCount..]);
    }

    [Fact]
    public void UpdateSignals_CountsShorterThanTheNetwork_ThrowsBeforeAnySignalReadsThem()
    {
        // Signal functions read counts by network index unchecked (RateInputs.CountOf): a full update and a partial one check
        // that the counts cover every compartment first, so a short array is an exception, not a read past its end.
        var plain = Network().Compiled;
        int calls = 0;
        int y = plain.FindCompartment("Y");
        var block = new SignalBlock(0, 2, (in RateInputs inputs, Span<double> values) =>
        {
            calls++;
            values[0] = inputs.CountOf(y);
            values[1] = 0;
        });
        var blocked = plain.WithValues(plain.InitialCounts, plain.InitialParameters, OwnFunctions(plain), [block]);
        double[] parameters = [.. blocked.InitialParameters, .. new double[blocked.SignalCount]];
        var full = Assert.Throws<ArgumentException>(() => blocked.UpdateSignals([300], parameters, 0));
        Assert.Contains("2 compartments", full.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => blocked.UpdateSignals([300], parameters, 0, [0, 1, 2]));
        Assert.Equal(0, calls);
        blocked.UpdateSignals([300, 100], parameters, 0);
        Assert.Equal(1, calls);
        Assert.Equal(100, parameters[blocked.ParameterCount]);
    }

    [Fact]
    public void UpdateSignals_Block_ReadsItsSignalsInputsConcatenatedInSignalOrder()
    {
        // Block over oneMinusQ (parameter q, and X through q) and gain (parameter k, compartment Y): q at position 0, k at 1.
        var plain = Network().Compiled;
        int lengths = 0;
        var blocked = plain.WithValues(plain.InitialCounts, plain.InitialParameters, OwnFunctions(plain),
            [new SignalBlock(1, 2, (in RateInputs inputs, Span<double> values) =>
            {
                lengths = 10 * inputs.CountLength + inputs.ParameterLength;
                values[0] = 1 - inputs.Parameter(0);
                values[1] = inputs.Parameter(1) * inputs.Count(1) / 3;
            })]);
        Assert.Equal(FullUpdate(plain, [300, 100]), FullUpdate(blocked, [300, 100]));
        Assert.Equal(22, lengths);
    }

    [Fact]
    public void UpdateSignals_BlockDisagreeingWithItsSignals_IsWhatAFullUpdateUses()
    {
        // The block is the full update's only source of its signals' values (so a wrong block is caught by comparing the two paths).
        var plain = Network().Compiled;
        var wrong = plain.WithValues(plain.InitialCounts, plain.InitialParameters, OwnFunctions(plain),
            [new SignalBlock(1, 2, (in RateInputs inputs, Span<double> values) => values.Fill(-1))]);
        double[] values = FullUpdate(wrong, [300, 100]);
        Assert.Equal([0.3, -1, -1], values);
    }

    [Theory]
    [InlineData(0, 1)]   // a single signal
    [InlineData(2, 2)]   // past the last signal
    [InlineData(-1, 2)]  // before the first
    public void WithValues_InvalidBlock_ThrowsNamingTheRange(int first, int count)
    {
        var plain = Network().Compiled;
        var ex = Assert.Throws<ArgumentException>(() => plain.WithValues(plain.InitialCounts, plain.InitialParameters, OwnFunctions(plain),
            [new SignalBlock(first, count, (in RateInputs inputs, Span<double> values) => { })]));
        Assert.Contains($"first {first}, count {count}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithValues_OverlappingBlocks_Throws()
    {
        var plain = Network().Compiled;
        SignalBlockFunction none = (in RateInputs inputs, Span<double> values) => { };
        Assert.Throws<ArgumentException>(() => plain.WithValues(plain.InitialCounts, plain.InitialParameters, OwnFunctions(plain),
            [new SignalBlock(0, 2, none), new SignalBlock(1, 2, none)]));
        Assert.Throws<ArgumentException>(() => plain.WithValues(plain.InitialCounts, plain.InitialParameters, OwnFunctions(plain),
            [new SignalBlock(0, 2, none), null!]));
    }
}
