using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
/// Bin k ≥ 1 covers [m·γᵏ⁻¹, m·γᵏ) with γ = 1 + resolution and m the smallest resolved value; a
/// quantile is reported as the bin's geometric midpoint, so its relative error is at most
/// about resolution/2 for values inside [m, M]. Zero (and values below m) have their own bin (bin 0),
/// reported as 0; values above M (+∞ included) go to the last bin. Quantiles follow the "lower" convention:
/// the smallest value v with at least ⌈p·n⌉ values ≤ v.
/// </para>
/// </remarks>
internal sealed class LogBinnedQuantileSketch
{
    private readonly int _streams;
    private readonly int _bins;
    private readonly double _minimum;
    private readonly double _logGamma;
    // [bin, stream], bin 0 = zero bin. Bin-major: a readout changes little from one day (stream) to the next, so a
    // patient's consecutive days mostly count into the same cache line instead of one line per day.
    private readonly int[] _counts;
    // Per stream, derived from the counts when first read after a change (UpdateSummaries): the total and the lowest and highest
    // bin counted in (a quantile scans only those). Adding a value touches only its count: keeping these up to date on
    // every value cost more than the count itself (three more arrays written per value, issue 15).
    private readonly long[] _totals;
    private readonly int[] _lowestBin;
    private readonly int[] _highestBin;
    private bool _summariesStale;
    private readonly Lock _summariesLock = new();
    // The bin lookup (FindBin): the bin of the smallest double in each interval of equal leading bits (sign, exponent and
    // the first mantissa bits, _keyShift the bits dropped), from the interval of _minimum on; and each bin's upper edge,
    // the smallest double BinOf puts in the next bin (+∞ for the last bin).
    private readonly int _keyShift;
    private readonly ulong _firstKey;
    private readonly int[] _binAtKey;
    private readonly double[] _upperEdges;

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
        _lowestBin = new int[_streams];
        _highestBin = new int[_streams];
        Array.Fill(_lowestBin, _bins);
        Array.Fill(_highestBin, -1);
        Maximum = maximum;
        Resolution = resolution;
        (_upperEdges, _keyShift, _firstKey, _binAtKey) = BinLookup();
    }

    public int StreamCount => _streams;

    public double Minimum => _minimum;

    public double Maximum { get; }

    public double Resolution { get; }

    public long CountOf(int stream)
    {
        UpdateSummaries();
        return _totals[stream];
    }

    /// <summary>Adds a value to one stream. NaN is ignored (a missing observation).</summary>
    public void Add(int stream, double value)
    {
        if (double.IsNaN(value)) return;
        if (value < 0) throw Guard.OutOfRange(nameof(value), value, "[0, +∞)");
        AddToBin(stream, BinOf(value));
        _summariesStale = true;
    }

    /// <summary>
    /// Adds a series of values, value i to stream <paramref name="streams"/>[i]; a negative stream or a NaN value is
    /// skipped and a negative value counts as 0: the same counts as <see cref="Add"/> value by value (clamped), each bin
    /// found by <see cref="FindBin(double)"/>.
    /// </summary>
    internal void AddSeries(ReadOnlySpan<int> streams, ReadOnlySpan<double> values)
    {
        if (values.Length < streams.Length) throw new ArgumentException($"{values.Length} values for {streams.Length} streams.", nameof(values));
        // The fields the lookup reads, in locals: the counts' increments could otherwise alias them, so the compiled loop
        // reloaded each one for every value.
        ref int counts = ref MemoryMarshal.GetArrayDataReference(_counts);
        ref int binAtKey = ref MemoryMarshal.GetArrayDataReference(_binAtKey);
        ref double upperEdges = ref MemoryMarshal.GetArrayDataReference(_upperEdges);
        int streamCount = _streams, shift = _keyShift, lastBin = _bins - 1;
        ulong firstKey = _firstKey, keys = (ulong)_binAtKey.Length;
        double minimum = _minimum;
        for (int i = 0; i < streams.Length; i++)
        {
            int stream = streams[i];
            double v = values[i];
            if ((uint)stream >= (uint)streamCount)
            {
                if (stream < 0) continue;
                throw StreamOutOfRange(stream);
            }
            if (double.IsNaN(v)) continue;
            int bin = FindBin(Math.Max(v, 0), ref binAtKey, ref upperEdges, shift, firstKey, keys, minimum, lastBin);
            Unsafe.Add(ref counts, (nint)bin * streamCount + stream)++;
        }
        _summariesStale = true;
    }

    /// <summary>
    /// Adds value i to stream <paramref name="firstStream"/> + i: the same counts as <see cref="Add"/> value by value, each
    /// bin found by <see cref="FindBin(double)"/>.
    /// </summary>
    /// <param name="firstStream">The stream of the first value.</param>
    /// <param name="values">Values ≥ 0, none NaN, for consecutive streams.</param>
    internal void AddRun(int firstStream, ReadOnlySpan<double> values)
    {
        if (firstStream < 0 || firstStream > _streams - values.Length) throw StreamOutOfRange(firstStream);
        // As in AddSeries, the fields in locals; the counts from the first value's stream on.
        ref int counts = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_counts), firstStream);
        ref int binAtKey = ref MemoryMarshal.GetArrayDataReference(_binAtKey);
        ref double upperEdges = ref MemoryMarshal.GetArrayDataReference(_upperEdges);
        int streamCount = _streams, shift = _keyShift, lastBin = _bins - 1;
        ulong firstKey = _firstKey, keys = (ulong)_binAtKey.Length;
        double minimum = _minimum;
        for (int i = 0; i < values.Length; i++)
        {
            int bin = FindBin(values[i], ref binAtKey, ref upperEdges, shift, firstKey, keys, minimum, lastBin);
            Unsafe.Add(ref counts, (nint)bin * streamCount + i)++;
        }
        _summariesStale = true;
    }

    private ArgumentOutOfRangeException StreamOutOfRange(int stream) => Guard.OutOfRange("stream", stream, $"[0, {_streams - 1}]");

    // The caller marks the summaries stale. Bounds-checked (Add's stream is not checked otherwise); the series' loops
    // check their streams once and index the counts without.
    private void AddToBin(int stream, int bin) => _counts[(long)bin * _streams + stream]++;

    // This sketch with its per-stream totals and bin ranges derived from the counts: one pass over the counts after a change
    // (adding and merging are not thread-safe, but readers may be several at once, hence the lock).
    private void UpdateSummaries()
    {
        if (!Volatile.Read(ref _summariesStale)) return;
        lock (_summariesLock)
        {
            if (!_summariesStale) return;
            Array.Clear(_totals);
            Array.Fill(_lowestBin, _bins);
            Array.Fill(_highestBin, -1);
            for (int b = 0; b < _bins; b++)
            {
                var row = _counts.AsSpan(b * _streams, _streams);
                for (int s = 0; s < row.Length; s++)
                {
                    if (row[s] == 0) continue;
                    _totals[s] += row[s];
                    if (_lowestBin[s] == _bins) _lowestBin[s] = b;
                    _highestBin[s] = b;
                }
            }
            Volatile.Write(ref _summariesStale, false);
        }
    }

    /// <summary>
    /// The bin of a value ≥ 0 (or NaN): the same bin as <see cref="BinOf(double)"/>, without a logarithm. The value's
    /// leading bits (exponent and first mantissa bits) select an interval no wider than a bin, whose smallest double's bin
    /// is tabulated; the value is in that bin or, past the one bin edge the interval can hold, the next.
    /// </summary>
    /// <remarks>
    /// Why it is the same bin: <see cref="BinOf(double)"/> is monotone in the value, so bin k holds exactly the doubles from
    /// its lower edge (the smallest double with bin k or above, found in <see cref="BinLookup"/>) up to the next edge. For a
    /// double v ≥ 0 the bits read as an unsigned integer grow with v, so the doubles with the same leading bits form an
    /// interval [a, b) of consecutive doubles; the table holds t = BinOf(a), and the construction checks that the next
    /// interval's first double is at most one bin above t, so [a, b) holds at most one edge, that of bin t + 1: v is in
    /// bin t + 1 when v reaches that edge, else in bin t. Doubles before the first interval (0, −0, subnormals, anything
    /// below the interval of the minimum) are below the minimum, bin 0; doubles after the last interval (the one holding the
    /// last bin's edge) are in the last bin, +∞ included; NaN compares false, also the last bin, as BinOf gives it.
    /// </remarks>
    internal int FindBin(double value) => FindBin(value, ref MemoryMarshal.GetArrayDataReference(_binAtKey),
        ref MemoryMarshal.GetArrayDataReference(_upperEdges), _keyShift, _firstKey, (ulong)_binAtKey.Length, _minimum, _bins - 1);

    // FindBin on the lookup's fields passed as locals (keys: the table's length; lastBin: bins − 1).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]   // once per value of a series (AddSeries, AddRun)
    private static int FindBin(double value, ref int binAtKey, ref double upperEdges, int shift, ulong firstKey, ulong keys,
        double minimum, int lastBin)
    {
        ulong index = (BitConverter.DoubleToUInt64Bits(value) >> shift) - firstKey;
        if (index >= keys) return value < minimum ? 0 : lastBin;
        int k = Unsafe.Add(ref binAtKey, (nint)index);
        return value >= Unsafe.Add(ref upperEdges, k) ? k + 1 : k;
    }

    /// <summary>Adds every count of <paramref name="other"/> (same layout) to this sketch.</summary>
    public void Merge(LogBinnedQuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._streams != _streams || other._bins != _bins || other._minimum != _minimum || other.Resolution != Resolution)
            throw new ArgumentException("The sketches have different layouts (streams, range or resolution) and cannot be merged.", nameof(other));
        for (int i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        _summariesStale = true;
    }

    /// <summary>The <paramref name="probability"/>-quantile of one stream, or NaN if it is empty.</summary>
    public double Quantile(int stream, double probability)
    {
        Guard.InRange(probability, 0.0, 1.0);
        UpdateSummaries();
        long n = _totals[stream];
        if (n == 0) return double.NaN;
        long rank = Math.Max(1, (long)Math.Ceiling(probability * n));
        long seen = 0;
        for (int b = _lowestBin[stream]; b < _highestBin[stream]; b++)
        {
            seen += _counts[(long)b * _streams + stream];
            if (seen >= rank) return ValueOf(b);
        }
        return ValueOf(_highestBin[stream]);
    }

    internal int BinOf(double value)
    {
        if (value < _minimum) return 0;
        // Compared as a double: +∞ (or a value so large that the bin index passes int.MaxValue) would overflow the cast.
        double k = Math.Floor(Math.Log(value / _minimum) / _logGamma);
        return k < _bins - 2 ? 1 + (int)k : _bins - 1;
    }

    // Edge k is the smallest double that BinOf(double) puts in bin k or above: found from the exact value
    // minimum·γ^(k−1) by stepping a few units in the last place (the logarithm is monotone). The upper edge of bin k is
    // edge k + 1 (+∞ for the last bin). The table of FindBin takes the fewest leading mantissa bits for which every
    // interval of equal leading bits holds at most one edge (its first double's bin and the next interval's first
    // double's bin differ by at most one): 5 bits for 4 % bins, 7 for 1 % (intervals of at most 1/2⁵ and 1/2⁷ relative width).
    private (double[] UpperEdges, int Shift, ulong FirstKey, int[] BinAtKey) BinLookup()
    {
        var upper = new double[_bins];
        for (int k = 1; k < _bins; k++)
        {
            double x = _minimum * Math.Exp((k - 1) * _logGamma);
            while (BinOf(x) >= k) x = Math.BitDecrement(x);
            while (BinOf(x) < k) x = Math.BitIncrement(x);
            upper[k - 1] = x;
        }
        upper[_bins - 1] = double.PositiveInfinity;
        for (int mantissaBits = 1; mantissaBits <= 52; mantissaBits++)
        {
            int shift = 52 - mantissaBits;
            ulong first = BitConverter.DoubleToUInt64Bits(_minimum) >> shift;
            ulong last = BitConverter.DoubleToUInt64Bits(upper[_bins - 2]) >> shift;
            if (last - first + 1 > 1 << 20) break;
            var table = new int[last - first + 1];
            int previous = BinOf(BitConverter.UInt64BitsToDouble(first << shift));
            bool atMostOneEdge = true;
            for (ulong i = 0; i <= last - first && atMostOneEdge; i++)
            {
                table[i] = previous;
                int next = BinOf(BitConverter.UInt64BitsToDouble((first + i + 1) << shift));
                atMostOneEdge = next - previous <= 1;
                previous = next;
            }
            if (atMostOneEdge) return (upper, shift, first, table);
        }
        throw new InvalidOperationException($"No bin table of at most 2^20 entries for bins of resolution {Resolution} over [{_minimum}, {Maximum}].");
    }

    private double ValueOf(int bin) => bin == 0 ? 0.0 : _minimum * Math.Exp((bin - 1 + 0.5) * _logGamma);
}
