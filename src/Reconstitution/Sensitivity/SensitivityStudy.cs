using Reconstitution.Cohorts;
using Reconstitution.Randomness;
using Reconstitution.Validation;

namespace Reconstitution.Sensitivity;

/// <summary>
/// A global sensitivity analysis of the model: a baseline cohort, the parameters to vary, a design and the endpoints to
/// explain. Each design point is a cohort of <see cref="CohortSpecification.Patients"/> patients on the baseline seed
/// (common random numbers: patient i has the same covariates and random streams at every point), so differences between
/// points come from the parameters. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Simulation noise: the endpoint of a finite cohort varies with the seed. After the design points come
/// <see cref="NoiseReplicates"/> replicate cohorts (seeds baseline + 1 … baseline + R) at each of the first
/// <see cref="NoisePoints"/> design points; the pooled variance across seeds estimates the noise variance σ²_ε of each
/// endpoint, and every index reports the part of it noise alone could produce (<see cref="SensitivityIndex.NoiseFloor"/>).
/// </para>
/// <para>
/// Points are numbered design first, replicates last; <see cref="Evaluate"/> runs any contiguous block of them, so a study
/// shards over a Slurm job array and <see cref="Analyse"/> of the concatenated outputs equals that of one run.
/// </para>
/// </remarks>
public sealed class SensitivityStudy
{
    /// <summary>Creates a study.</summary>
    /// <param name="baseline">The cohort every point starts from (its Patients are the patients per point, its Seed the common seed).</param>
    /// <param name="space">The parameters and distributions.</param>
    /// <param name="design">The design, with one coordinate per parameter of <paramref name="space"/>.</param>
    /// <param name="endpoints">The endpoints to explain, at least one.</param>
    /// <param name="noiseReplicates">Replicate seeds per noise point, 0 to 100 (default 4; 0 turns the noise estimate off).</param>
    /// <param name="noisePoints">Design points that get replicates, 1 to 100 (default 2; at most the design's size).</param>
    public SensitivityStudy(CohortSpecification baseline, ParameterSpace space, SensitivityDesign design, IReadOnlyList<SensitivityEndpoint> endpoints,
        int noiseReplicates = 4, int noisePoints = 2)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(endpoints);
        if (design.ParameterCount != space.Parameters.Count)
            throw new ArgumentException($"The design has {design.ParameterCount} coordinates but the space {space.Parameters.Count} parameters.", nameof(design));
        if (endpoints.Count == 0) throw new ArgumentException("Name at least one endpoint.", nameof(endpoints));
        Baseline = baseline;
        Space = space;
        Design = design;
        Endpoints = [.. endpoints];
        NoiseReplicates = (int)Guard.InRange(noiseReplicates, 0, 100, nameof(noiseReplicates));
        NoisePoints = noiseReplicates == 0 ? 0 : Math.Min((int)Guard.InRange(noisePoints, 1, 100, nameof(noisePoints)), design.Count);
    }

    /// <summary>The baseline cohort.</summary>
    public CohortSpecification Baseline { get; }

    /// <summary>The parameters varied.</summary>
    public ParameterSpace Space { get; }

    /// <summary>The design.</summary>
    public SensitivityDesign Design { get; }

    /// <summary>The endpoints explained.</summary>
    public IReadOnlyList<SensitivityEndpoint> Endpoints { get; }

    /// <summary>Replicate seeds per noise point.</summary>
    public int NoiseReplicates { get; }

    /// <summary>Design points with replicates.</summary>
    public int NoisePoints { get; }

    /// <summary>All points: the design's, then the replicates.</summary>
    public int PointCount => Design.Count + NoisePoints * NoiseReplicates;

    /// <summary>The design point a point evaluates (a replicate evaluates one of the first design points).</summary>
    /// <param name="point">0 to <see cref="PointCount"/> − 1.</param>
    /// <returns>The design point's index.</returns>
    public int DesignPointOf(int point)
    {
        Guard.InRange(point, 0, PointCount - 1, nameof(point));
        return point < Design.Count ? point : (point - Design.Count) / NoiseReplicates;
    }

    /// <summary>The seed of a point: the baseline seed for design points, baseline + 1 + r for replicate r.</summary>
    /// <param name="point">0 to <see cref="PointCount"/> − 1.</param>
    /// <returns>The seed.</returns>
    public ulong SeedOf(int point)
    {
        Guard.InRange(point, 0, PointCount - 1, nameof(point));
        return point < Design.Count ? Baseline.Seed : unchecked(Baseline.Seed + 1 + (ulong)((point - Design.Count) % NoiseReplicates));
    }

    /// <summary>The parameter values of a point.</summary>
    /// <param name="point">0 to <see cref="PointCount"/> − 1.</param>
    /// <returns>One value per parameter.</returns>
    public double[] ValuesOf(int point) => Space.Values(Design.PointView(DesignPointOf(point)));

    /// <summary>The cohort of a point.</summary>
    /// <param name="point">0 to <see cref="PointCount"/> − 1.</param>
    /// <returns>The cohort.</returns>
    public CohortSpecification SpecificationOf(int point) => Space.Apply(Baseline, ValuesOf(point)) with { Seed = SeedOf(point) };

    /// <summary>Checks that every point's values are allowed by the model (before anything is simulated).</summary>
    /// <exception cref="ArgumentException">A value is not allowed; the message names the point, the parameter and the range.</exception>
    /// <exception cref="InvalidOperationException">A parameter does not apply to the protocol (e.g. a graft field without a graft).</exception>
    public void Validate()
    {
        for (int i = 0; i < Design.Count; i++)
        {
            try
            {
                var spec = SpecificationOf(i);
                ParameterCatalogue.Validate(spec.Simulation);
            }
            catch (ArgumentException ex)
            {
                var values = ValuesOf(i);
                string at = string.Join(", ", Space.Parameters.Select((p, j) => $"{p.Parameter.Name} = {ParameterDistribution.Show(values[j])}"));
                throw new ArgumentException($"Design point {i} ({at}): {ParameterSpace.FirstSentence(ex)}", ex);
            }
        }
    }

    /// <summary>Runs points <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1, one cohort each.</summary>
    /// <param name="first">The first point.</param>
    /// <param name="count">How many points.</param>
    /// <param name="progress">Receives the number of patients finished in this block; may be null.</param>
    /// <param name="cancellationToken">Stops after the current point's finished patients; only whole points are returned.</param>
    /// <returns>Per point, one value per endpoint (NaN where undefined); fewer points than asked when cancelled.</returns>
    public IReadOnlyList<double[]> Evaluate(int first, int count, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        Guard.InRange(first, 0, PointCount, nameof(first));
        Guard.InRange(count, 0, PointCount - first, nameof(count));
        var outputs = new List<double[]>(count);
        for (int p = first; p < first + count; p++)
        {
            var spec = SpecificationOf(p);
            var records = new RecordSink();
            int done = (p - first) * Baseline.Patients;
            var inner = progress is null ? null : new Progress(progress, done);
            var run = Cohort.Run(spec, [records], inner, cancellationToken);
            if (run.Cancelled) break;
            var summary = CohortSummary.FromRecords(spec.Protocol.Name, spec.Days, spec.Seed, records.Records);
            outputs.Add([.. Endpoints.Select(e => e.Read(summary))]);
        }
        return outputs;
    }

    /// <summary>Runs every point and analyses the outputs.</summary>
    /// <param name="progress">Receives the number of patients finished; may be null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The result, or null when cancelled.</returns>
    public SensitivityResult? Run(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        Validate();
        var outputs = Evaluate(0, PointCount, progress, cancellationToken);
        return outputs.Count < PointCount ? null : Analyse(outputs);
    }

    /// <summary>The indices from the outputs of every point (in point order). A pure function of the outputs.</summary>
    /// <param name="outputs">One row per point, one value per endpoint.</param>
    /// <returns>The result.</returns>
    public SensitivityResult Analyse(IReadOnlyList<double[]> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count != PointCount) throw new ArgumentException($"Expected outputs of {PointCount} points; got {outputs.Count}.", nameof(outputs));
        var names = Space.Parameters.Select(p => p.Parameter.Name).ToArray();
        var indices = new List<SensitivityIndex>();
        var variances = new List<EndpointVariance>();
        for (int e = 0; e < Endpoints.Count; e++)
        {
            var y = outputs.Select(o => o[e]).ToArray();
            var designY = y[..Design.Count];
            double noise = NoiseVariance(y);
            var random = RandomStream.Create(Baseline.Seed, e, "sensitivity-bootstrap");
            indices.AddRange(Design.Method == SensitivityMethod.Morris
                ? MorrisEstimator.Estimate(Design, names, Endpoints[e].Name, designY, noise, random)
                : SobolEstimator.Estimate(Design, names, Endpoints[e].Name, designY, noise, random));
            var finite = designY.Where(double.IsFinite).ToArray();
            double mean = finite.Length > 0 ? finite.Average() : double.NaN;
            double variance = finite.Length > 1 ? finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1) : double.NaN;
            variances.Add(new EndpointVariance(Endpoints[e].Name, Endpoints[e].Unit, designY.Length - finite.Length, mean, variance, noise,
                variance > 0 ? Math.Min(1, noise / variance) : double.NaN));
        }
        return new SensitivityResult(this, variances, indices);
    }

    // Pooled within-point variance over the noise points: each contributes its design value and R replicates (R degrees of freedom).
    private double NoiseVariance(double[] y)
    {
        if (NoiseReplicates == 0) return double.NaN;
        double sum = 0;
        int dof = 0;
        for (int q = 0; q < NoisePoints; q++)
        {
            var values = new List<double> { y[q] };
            for (int r = 0; r < NoiseReplicates; r++) values.Add(y[Design.Count + q * NoiseReplicates + r]);
            var finite = values.Where(double.IsFinite).ToArray();
            if (finite.Length < 2) continue;
            double m = finite.Average();
            sum += finite.Sum(v => (v - m) * (v - m));
            dof += finite.Length - 1;
        }
        return dof > 0 ? sum / dof : double.NaN;
    }

    // Keeps the small records only (no trajectory bands: the endpoints come from the summary).
    private sealed class RecordSink : ICohortSink
    {
        public List<PatientRecord> Records { get; } = [];

        public void Accept(PatientRecord record, Outcomes.PatientCourse course) => Records.Add(record);
    }

    private sealed class Progress(IProgress<int> inner, int offset) : IProgress<int>
    {
        public void Report(int value) => inner.Report(offset + value);
    }
}
