using System.Globalization;
using System.Runtime.CompilerServices;

namespace Reconstitution.Validation;

/// <summary>
/// The one place where arguments are checked, so every message has the same shape:
/// the parameter, the value it had, and the range that is allowed.
/// </summary>
internal static class Guard
{
    /// <summary>Throws unless <paramref name="value"/> is a finite number.</summary>
    public static double Finite(double value, [CallerArgumentExpression(nameof(value))] string? name = null, string unit = "")
    {
        if (!double.IsFinite(value)) throw OutOfRange(name, value, "a finite number", unit);
        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and ≥ 0.</summary>
    public static double NonNegative(double value, [CallerArgumentExpression(nameof(value))] string? name = null, string unit = "")
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value)) throw OutOfRange(name, value, "[0, +∞)", unit);
        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and &gt; 0.</summary>
    public static double Positive(double value, [CallerArgumentExpression(nameof(value))] string? name = null, string unit = "")
    {
        if (!(value > 0) || double.IsPositiveInfinity(value)) throw OutOfRange(name, value, "(0, +∞)", unit);
        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and ≥ <paramref name="min"/> (e.g. a time not before now).</summary>
    public static double FiniteAtLeast(double value, double min, [CallerArgumentExpression(nameof(value))] string? name = null, string unit = "")
    {
        if (!(value >= min) || double.IsPositiveInfinity(value)) throw OutOfRange(name, value, $"[{Format(min)}, +∞)", unit);
        return value;
    }

    /// <summary>Throws unless <paramref name="min"/> ≤ <paramref name="value"/> ≤ <paramref name="max"/>.</summary>
    public static double InRange(double value, double min, double max, [CallerArgumentExpression(nameof(value))] string? name = null, string unit = "")
    {
        if (!(value >= min && value <= max)) throw OutOfRange(name, value, $"[{Format(min)}, {Format(max)}]", unit);
        return value;
    }

    /// <summary>Throws unless <paramref name="min"/> ≤ <paramref name="value"/> ≤ <paramref name="max"/>.</summary>
    public static long InRange(long value, long min, long max, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < min || value > max)
            throw new ArgumentOutOfRangeException(name, value, $"Parameter '{name}' was {value}; allowed range: [{min}, {max}].");
        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is ≥ 1.</summary>
    public static int AtLeastOne(int value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        (int)InRange(value, 1, int.MaxValue, name);

    /// <summary>Throws unless <paramref name="value"/> has at least one non-white-space character.</summary>
    public static string NotBlank(string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"Parameter '{name}' was \"{value}\"; allowed: a text that is not blank.", name);
        return value;
    }

    /// <summary>Builds the uniform out-of-range exception.</summary>
    public static ArgumentOutOfRangeException OutOfRange(string? name, double value, string allowed, string unit = "")
    {
        string units = unit.Length == 0 ? "" : " " + unit;
        return new ArgumentOutOfRangeException(name, value,
            $"Parameter '{name}' was {Format(value)}{units}; allowed range: {allowed}{units}.");
    }

    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+∞",
        double.NegativeInfinity => "−∞",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
