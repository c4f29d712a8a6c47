namespace Reconstitution.Compartments;

/// <summary>The mutable state a solver advances: counts, parameters, time and firing bookkeeping.</summary>
internal sealed class CompartmentState
{
    public CompartmentState(CompiledNetwork network, bool recordFirings)
    {
        Network = network;
        Counts = new double[network.InitialCounts.Length];   // not Array.Clone: its allocation takes the runtime's general object copy
        network.InitialCounts.AsSpan().CopyTo(Counts);
        // Derived signal values live after the parameters (see CompiledNetwork.UpdateSignals).
        Parameters = new double[network.ParameterCount + network.SignalCount];
        network.InitialParameters.CopyTo(Parameters, 0);
        if (network.SignalCount > 0) network.UpdateSignals(Counts, Parameters, 0);
        FiringCounts = new long[network.TransitionCount];
        Log = recordFirings ? new FiringLog() : null;
    }

    /// <summary>The network the state belongs to.</summary>
    public CompiledNetwork Network { get; }

    /// <summary>Counts per compartment (integer-valued while treated exactly).</summary>
    public double[] Counts { get; }

    /// <summary>Parameter values (rate constants per day, Hill constants, …), followed by the derived signal values.</summary>
    public double[] Parameters { get; }

    /// <summary>The time in days the counts refer to.</summary>
    public double TimeDays { get; set; }

    /// <summary>Firings per transition since the start (solvers add to it).</summary>
    public long[] FiringCounts { get; }

    /// <summary>The firing log, or null when not recording.</summary>
    public FiringLog? Log { get; }
}
