using Reconstitution.Compartments;

namespace Reconstitution.Physiology;

/// <summary>
/// The structure of the physiology network of one <see cref="PhysiologyShape"/>, built once and shared by every patient of
/// that shape: compartments, parameters, transitions, signal inputs, the compiled arrays and dependency graph, and the
/// <see cref="ModelCatalogue"/>. A patient gets only its own values (<see cref="Bind"/>): initial counts, rate constants and
/// signal functions (and signal blocks) carrying its design's constants, computed by the same expressions as a network built for it alone
/// (bit for bit).
/// </summary>
/// <remarks>
/// Immutable and thread-safe. <see cref="For"/> keeps one template per shape in a process-wide cache, so a cohort pays for
/// the structure once per protocol instead of once per patient (issue 15: ≈ 0.5 ms and 0.6 MB per patient).
/// </remarks>
internal sealed class PhysiologyTemplate
{
    /// <summary>
    /// Most shapes the cache keeps. A new shape beyond them empties it first, so a study that moves through many shapes
    /// (a sweep over a stoichiometric parameter, one shape per point) still shares each point's structure among its patients.
    /// </summary>
    internal const int CacheLimit = 64;

    // Each shape's entry, made under CacheLock; its template built once, under the entry's own lock (see For).
    private static readonly Dictionary<PhysiologyShape, CacheEntry> Cache = [];
    private static readonly Lock CacheLock = new();

    private readonly Slot[] _counts, _rates;
    /// <summary>The compartments and parameters the slots bind: the only values of a bound network that are not the template's (checked).</summary>
    private readonly int[] _countIndices, _rateIndices;
    /// <summary>Per signal, the binder of its function; null where the function is the same in every design (the template network's).</summary>
    private readonly Func<PhysiologyDesign, ByRefSignalFunction>?[] _signals;
    private readonly BlockSlot[] _blocks;

    /// <summary>A value of the network that depends on the design: its index (compartment or parameter), which value, and the stage of a stage value.</summary>
    internal readonly record struct Slot(int Index, DesignValue Value, int Stage);

    /// <summary>A run of signals computed together (<see cref="SignalBlock"/>): its first signal, its length, and its function of the design.</summary>
    /// <remarks>A class, not a struct: the builder's list of them is then the framework's shared, precompiled code (issue 15).</remarks>
    internal sealed record BlockSlot(int First, int Count, Func<PhysiologyDesign, SignalBlockFunction> Bind);

    internal PhysiologyTemplate(PhysiologyShape shape, ReactionNetwork network, Slot[] counts, Slot[] rates,
        Func<PhysiologyDesign, ByRefSignalFunction>?[] signals, BlockSlot[] blocks)
    {
        Shape = shape;
        Network = network;
        Catalogue = new ModelCatalogue(network, shape);
        Readouts = new ClinicalReadoutsPlan(Catalogue, network.Compartments.Count);
        _counts = counts;
        _rates = rates;
        _countIndices = Indices(counts);
        _rateIndices = Indices(rates);
        _signals = signals;
        _blocks = blocks;
    }

    /// <summary>The shape every design bound to this template has.</summary>
    public PhysiologyShape Shape { get; }

    /// <summary>The network with the values of the design the template was built from.</summary>
    public ReactionNetwork Network { get; }

    /// <summary>The handles of the network's compartments and parameters (the same for every design of the shape).</summary>
    public ModelCatalogue Catalogue { get; }

    /// <summary>Where the clinical readouts read (the same for every design of the shape).</summary>
    public ClinicalReadoutsPlan Readouts { get; }

    /// <summary>The template of a design's shape: from the cache, or built and cached.</summary>
    /// <param name="design">The design.</param>
    /// <returns>The template.</returns>
    public static PhysiologyTemplate For(PhysiologyDesign design)
    {
        var shape = PhysiologyShape.Of(design);
        CacheEntry? entry;
        lock (CacheLock)
        {
            if (!Cache.TryGetValue(shape, out entry))
            {
                if (Cache.Count >= CacheLimit) Cache.Clear();
                entry = new CacheEntry();
                Cache.Add(shape, entry);
            }
        }
        if (Volatile.Read(ref entry.Template) is { } template) return template;
        // The first thread to ask for a shape builds it; one asking meanwhile waits for that template instead of building
        // a second one to throw away (both workers of a cohort start with the same shape: the build is ≈ 10 ms of CPU).
        // A build that throws leaves the entry empty, so the next caller builds again from its own design.
        lock (entry.Gate)
        {
            if (entry.Template is null) Volatile.Write(ref entry.Template, PhysiologyNetworkBuilder.Build(shape, design));
            return entry.Template!;
        }
    }

    /// <summary>A shape's place in the cache: its template once built, and the lock its one build runs under.</summary>
    /// <remarks>
    /// A plain dictionary under a lock, not a <c>ConcurrentDictionary</c>: the latter's <c>Count</c> (the cache's limit)
    /// takes all its locks and, on the way, creates the collections' event source (reflection over its attributes, in every
    /// process; benchmarks/results/cohort.md, session 16). The lock is taken once per patient.
    /// </remarks>
    private sealed class CacheEntry
    {
        public readonly Lock Gate = new();
        public PhysiologyTemplate? Template;
    }

    /// <summary>
    /// Empties the template cache, so that a test knows what it holds (one that races threads to build a shape must not start
    /// one shape short of <see cref="CacheLimit"/>: a thread finding it full empties it, and two threads may then keep
    /// two templates of the shape).
    /// </summary>
    internal static void ClearCache()
    {
        lock (CacheLock) Cache.Clear();
    }

    /// <summary>The network of <paramref name="design"/>: this template's structure with the design's values.</summary>
    /// <param name="design">A design of this template's shape.</param>
    /// <returns>The design's network.</returns>
    /// <exception cref="ArgumentException">The design has another shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range (message names it).</exception>
    public ReactionNetwork Bind(PhysiologyDesign design)
    {
        if (PhysiologyShape.Of(design) != Shape)
            throw new ArgumentException($"The design's shape {PhysiologyShape.Of(design)} differs from the template's {Shape}.", nameof(design));
        var compiled = Network.Compiled;
        // Copies made as new arrays filled by a span copy, not by Array.Clone: the clone's allocation goes through the
        // runtime's general object copy (≈ 18 % of a bind, issue 15).
        var counts = Copy(compiled.InitialCounts);
        foreach (var slot in _counts) counts[slot.Index] = DesignValues.Of(design, slot.Value, slot.Stage);
        var parameters = Copy(compiled.InitialParameters);
        foreach (var slot in _rates) parameters[slot.Index] = DesignValues.Of(design, slot.Value);
        var functions = new ByRefSignalFunction[compiled.ByRefSignalFunctions.Length];
        compiled.ByRefSignalFunctions.AsSpan().CopyTo(functions);
        for (int s = 0; s < functions.Length; s++)
            if (_signals[s] is { } bind) functions[s] = bind(design);
        var blocks = new SignalBlock[_blocks.Length];
        for (int k = 0; k < blocks.Length; k++) blocks[k] = new(_blocks[k].First, _blocks[k].Count, _blocks[k].Bind(design));
        // Every other count and parameter is the template's own, checked when its network was built.
        return Network.WithValues(counts, parameters, functions, blocks, _countIndices, _rateIndices);
    }

    private static double[] Copy(double[] values)
    {
        var copy = new double[values.Length];
        values.AsSpan().CopyTo(copy);
        return copy;
    }

    private static int[] Indices(Slot[] slots)
    {
        var indices = new int[slots.Length];
        for (int i = 0; i < slots.Length; i++) indices[i] = slots[i].Index;
        return indices;
    }
}
