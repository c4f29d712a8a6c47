using Reconstitution.Validation;

namespace Reconstitution.Monitoring;

/// <summary>
/// A named series of (time in days, value) points in non-decreasing time order, stored as two
/// growable arrays (struct of arrays) so that appending allocates only when the capacity doubles.
/// </summary>
/// <remarks>
/// Get one from <see cref="Recorder.Series"/> and keep it to append on a hot path without a
/// dictionary lookup. Equal times are allowed (two observations at one instant); earlier times
/// are not. Not thread-safe.
/// </remarks>
public sealed class TimeSeries
{
    private double[] _times;
    private double[] _values;
    private int _count;

    /// <summary>Creates an empty series.</summary>
    /// <param name="name">The series name, e.g. <c>"ANC"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public TimeSeries(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        _times = [];
        _values = [];
    }

    /// <summary>Gets the series name.</summary>
    public string Name { get; }

    /// <summary>Gets the number of points.</summary>
    public int Count => _count;

    /// <summary>Gets the times of the points, in days, in non-decreasing order. Valid until the next <see cref="Add"/>.</summary>
    public ReadOnlySpan<double> TimesDays => _times.AsSpan(0, _count);

    /// <summary>Gets the values of the points, aligned with <see cref="TimesDays"/>. Valid until the next <see cref="Add"/>.</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, _count);

    /// <summary>Appends a point.</summary>
    /// <param name="timeDays">The time in days; finite and not before the last point's time.</param>
    /// <param name="value">The value (any double; NaN may stand for "missing").</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeDays"/> is NaN, infinite, or before the last point.</exception>
    public void Add(double timeDays, double value)
    {
        double last = _count == 0 ? double.MinValue : _times[_count - 1];
        if (!(timeDays >= last) || double.IsPositiveInfinity(timeDays)) ThrowTime(timeDays, last);
        if (_count == _times.Length)
        {
            int size = Math.Max(16, _count * 2);
            Array.Resize(ref _times, size);
            Array.Resize(ref _values, size);
        }

        _times[_count] = timeDays;
        _values[_count] = value;
        _count++;
    }

    /// <summary>Removes all points and keeps the capacity.</summary>
    public void Clear() => _count = 0;

    private void ThrowTime(double timeDays, double last) =>
        throw Guard.OutOfRange(nameof(timeDays), timeDays,
            _count == 0 ? "a finite number" : $"[{SimEventFormat(last)}, +∞) (not before the last point of series '{Name}')", "days");

    private static string SimEventFormat(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
