using System.Globalization;
using Reconstitution.Compartments;

namespace Reconstitution.Benchmarks;

/// <summary>
/// Reads the arguments of the program's own measuring modes (<c>work</c>, <c>ode-methods</c>, …): each value is checked
/// where it is read, and a bad one throws an <see cref="ArgumentException"/> whose message names the argument, the value
/// given and what is allowed, so a mistyped command stops with one line instead of a stack trace or a prompt.
/// </summary>
internal static class ModeArguments
{
    /// <summary>A whole number ≥ 1 (patients, days, rounds), written with invariant digits.</summary>
    public static int Count(string text, string name)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < 1)
            throw new ArgumentException($"{name} was '{text}'; expected a whole number ≥ 1.");
        return value;
    }

    /// <summary>A comma-separated list of <see cref="OdeMethod"/> names, e.g. <c>StiffnessSwitching,RungeKuttaChebyshev</c>.</summary>
    public static OdeMethod[] Methods(string text, string name)
    {
        string[] parts = text.Split(',');
        var methods = new OdeMethod[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!Enum.TryParse(parts[i], out methods[i]) || !Enum.IsDefined(methods[i]) || int.TryParse(parts[i], out _))
                throw new ArgumentException($"{name} had '{parts[i]}'; expected comma-separated names from {string.Join(", ", Enum.GetNames<OdeMethod>())}.");
        }

        return methods;
    }

    /// <summary>A comma-separated list of absolute tolerances, each finite and &gt; 0 (cells), e.g. <c>1e-3,1e-2</c>.</summary>
    public static double[] Tolerances(string text, string name)
    {
        string[] parts = text.Split(',');
        var tolerances = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out tolerances[i])
                || !double.IsFinite(tolerances[i]) || tolerances[i] <= 0)
                throw new ArgumentException($"{name} had '{parts[i]}'; expected comma-separated numbers in (0, +∞) cells.");
        }

        return tolerances;
    }
}
