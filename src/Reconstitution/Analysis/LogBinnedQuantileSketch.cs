using Reconstitution.Validation;

namespace Reconstitution.Analysis;

/// <summary>
/// Fixed, logarithmically spaced bins over many independent streams of non-negative values
/// (one stream per day and readout), from which quantiles are read with a bounded relative error.
/// </summary>
/// <remarks>
/// <para>
/// Why bins and not exact order statistics: a cohort's trajectory bands need the 5th, 50th and
/// 95th percentile of every readout on every day. Exact quantiles would keep every value
/// (patients × days × readouts); fixed bins keep a count per bin, so memory does not grow with
/// the number of patients, and two sketches merge by adding counts. The result therefore does not
/// depend on the order values arrive in, on thread count, or on how a cohort was split into
/// shards (the same idea as DDSketch; Masson, Rim &amp; Lee, VLDB 2019).
/// </para>
/// <para>
/// Bin k covers [m·γᵏ, m·γᵏ⁺¹) with γ = 1 + resolution and m the smallest resolved value; a
/// quantile is reported as the bin's geometric midpoint, so its relative error is at most
/// about resolution/2 for values inside [m, M]. Zero (and values below m) have their own bin,
/// reported as 0; values above M go to the last bin. Quantiles follow the "lower" convention:
/// the smallest value v with at least ⌈p·n⌉ values ≤ v.
/// </para>
/// </remarks>
internal sealed class LogBinnedQuantileSketch
{
    private readonly int _streams;
    private readonly int _bins;
    private readonly double _minimum;
    private readonly double _logGamma;
    private readonly int[] _counts;   // [stream, bin], bin 0 = zero bin
    private readonly long[] _totals;

    public LogBinnedQuantileSketch(int streams, double minimum, double maximum, double resolution)
    {
        _streams = Guard.AtLeastOne(streams);
        _minimum = Guard.Positive(minimum);
        Guard.Positive(maximum);
        if (!(maximum > minimum)) throw Guard.OutOfRange(nameof(maximum), maximum, $"({minimum}, +∞)");
        Guard.InRange(resolution, 0.001, 1.0);
        _logGamma = Math.Log(1 + resolution);
        _bins = 2 + (int)Math.Ceiling(Math.Log(maximum / minimum) / _logGamma);
        _counts = new int[(long)_streams * _bins];
        _totals = new long[_streams];
        Maximum = maximum;
        Resolution = resolution;
    }

    public int StreamCount => _streams;

    public double Minimum => _minimum;

    public double Maximum { get; }

    public double Resolution { get; }

    public long CountOf(int stream) => _totals[stream];

    /// <summary>Adds a value to one stream. NaN is ignored (a missing observation).</summary>
    public void Add(int stream, double value)
    {
        if (double.IsNaN(value)) return;
        if (value < 0) throw Guard.OutOfRange(nameof(value), value, "[0, +∞)");
        _counts[(long)stream * _bins + BinOf(value)]++;
        _totals[stream]++;
    }

    /// <summary>Adds every count of <paramref name="other"/> (same layout) to this sketch.</summary>
    public void Merge(LogBinnedQuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._streams != _streams || other._bins != _bins || other._minimum != _minimum || other.Resolution != Resolution)
            throw new ArgumentException("The sketches have different layouts (streams, range or resolution) and cannot be merged.", nameof(other));
        for (int i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        for (int s = 0; s < _streams; s++) _totals[s] += other._totals[s];
    }

    /// <summary>The <paramref name="probability"/>-quantile of one stream, or NaN if it is empty.</summary>
    public double Quantile(int stream, double probability)
    {
        Guard.InRange(probability, 0.0, 1.0);
        long n = _totals[stream];
        if (n == 0) return double.NaN;
        long rank = Math.Max(1, (long)Math.Ceiling(probability * n));
        long seen = 0;
        long offset = (long)stream * _bins;
        for (int b = 0; b < _bins; b++)
        {
            seen += _counts[offset + b];
            if (seen >= rank) return ValueOf(b);
        }
        return ValueOf(_bins - 1);
    }

    private int BinOf(double value)
    {
        if (value < _minimum) return 0;
        int k = 1 + (int)Math.Floor(Math.Log(value / _minimum) / _logGamma);
        return Math.Min(k, _bins - 1);
    }

    private double ValueOf(int bin) => bin == 0 ? 0.0 : _minimum * Math.Exp((bin - 1 + 0.5) * _logGamma);
}
