namespace Reconstitution.Cohorts;

/// <summary>
/// Runs one cohort per point of a grid of parameter values (the Cartesian product of the axes) and summarises each:
/// a dose–response curve in one call. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Every point uses the same seed, so patient i has the same covariates and random streams at every point
/// (common random numbers): differences between points come from the parameter, not from sampling noise.
/// The grid's first axis varies slowest. Each cohort runs on <see cref="CohortSpecification.Threads"/> threads with
/// bounded memory (only the small per-patient records are kept).
/// </remarks>
public static class ParameterSweep
{
    /// <summary>The grid points, first axis slowest.</summary>
    /// <param name="axes">The axes, at least one, each with at least one value.</param>
    /// <returns>The points.</returns>
    public static IReadOnlyList<double[]> Grid(IReadOnlyList<SweepAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Count == 0) throw new ArgumentException("Parameter 'axes' is empty; at least one sweep axis is needed.", nameof(axes));
        IEnumerable<double[]> points = [[]];
        foreach (var axis in axes)
        {
            if (axis.Values.Count == 0) throw new ArgumentException($"Sweep axis '{axis.Parameter.Name}' has no values; at least one is needed.", nameof(axes));
            points = points.SelectMany(p => axis.Values.Select(v => (double[])[.. p, v])).ToList();
        }
        return [.. points];
    }

    /// <summary>Runs the sweep.</summary>
    /// <param name="specification">The base cohort.</param>
    /// <param name="axes">The parameters and their values.</param>
    /// <param name="progress">Receives the number of patients finished over the whole sweep; may be null.</param>
    /// <param name="cancellationToken">Stops the sweep; finished points are kept (a partly run point is dropped).</param>
    /// <returns>The finished points, in grid order, and whether the sweep was cancelled.</returns>
    public static (IReadOnlyList<SweepPoint> Points, bool Cancelled) Run(CohortSpecification specification, IReadOnlyList<SweepAxis> axes,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(specification);
        var grid = Grid(axes);
        var specs = grid.Select(values =>
        {
            var s = specification;
            for (int a = 0; a < axes.Count; a++) s = axes[a].Parameter.Apply(s, values[a]);
            return s;
        }).ToList(); // apply every point first, so a bad value fails before any simulation
        var points = new List<SweepPoint>();
        for (int i = 0; i < specs.Count; i++)
        {
            var builder = new CohortSummaryBuilder(specs[i]);
            int done = i * specification.Patients;
            var inner = progress is null ? null : new Offset(progress, done);
            var run = Cohort.Run(specs[i], [builder], inner, cancellationToken);
            if (run.Cancelled) return (points, true);
            points.Add(new SweepPoint(grid[i], builder.Build()));
        }
        return (points, false);
    }

    private sealed class Offset(IProgress<int> inner, int offset) : IProgress<int>
    {
        public void Report(int value) => inner.Report(offset + value);
    }
}
