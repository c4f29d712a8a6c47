using Reconstitution.Physiology;

namespace Reconstitution.Output;

/// <summary>The identifiers of <see cref="AutoimmuneDisease"/> values in files and on the command line. Thread-safe.</summary>
/// <remarks>Use it to parse or print a disease as the CLI and the files spell it (<c>ms</c>, <c>ssc</c>, …); in code use <see cref="AutoimmuneDisease"/> directly.</remarks>
public static class DiseaseNames
{
    // Rows of a class, not tuples: the conversion below is then the framework's shared code over reference types, which its
    // ahead-of-time image holds, instead of generic code over a value tuple JIT-compiled in every run.
    private static readonly Row[] Table =
    [
        new(AutoimmuneDisease.None, "none", "no autoimmune disease"),
        new(AutoimmuneDisease.MultipleSclerosis, "ms", "multiple sclerosis"),
        new(AutoimmuneDisease.SystemicSclerosis, "ssc", "systemic sclerosis"),
        new(AutoimmuneDisease.SystemicLupusErythematosus, "sle", "systemic lupus erythematosus"),
        new(AutoimmuneDisease.RheumatoidArthritis, "ra", "rheumatoid arthritis"),
        new(AutoimmuneDisease.AutoimmuneHemolyticAnemia, "aiha", "autoimmune haemolytic anaemia"),
        new(AutoimmuneDisease.ImmuneThrombocytopenia, "itp", "immune thrombocytopenia"),
    ];

    /// <summary>Every identifier, in declaration order: none, ms, ssc, sle, ra, aiha, itp.</summary>
    public static IReadOnlyList<string> All { get; } = Array.ConvertAll(Table, t => t.Name);

    /// <summary>The identifier of a disease.</summary>
    /// <param name="disease">The disease.</param>
    /// <returns>The identifier, e.g. <c>ms</c>.</returns>
    public static string Of(AutoimmuneDisease disease)
    {
        foreach (var t in Table) if (t.Disease == disease) return t.Name;
        throw new ArgumentOutOfRangeException(nameof(disease), disease, "Parameter 'disease' is not a defined AutoimmuneDisease.");
    }

    /// <summary>The disease in words for titles and tables, e.g. "multiple sclerosis", "no autoimmune disease".</summary>
    /// <param name="disease">The disease.</param>
    /// <returns>Lower-case words.</returns>
    public static string Describe(AutoimmuneDisease disease)
    {
        foreach (var t in Table) if (t.Disease == disease) return t.Words;
        throw new ArgumentOutOfRangeException(nameof(disease), disease, "Parameter 'disease' is not a defined AutoimmuneDisease.");
    }

    /// <summary>Parses an identifier (case-insensitive) or the enum name (e.g. <c>MultipleSclerosis</c>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="disease">The disease, when the text is known.</param>
    /// <returns>Whether the text is known.</returns>
    public static bool TryParse(string? text, out AutoimmuneDisease disease)
    {
        disease = AutoimmuneDisease.None;
        if (string.IsNullOrWhiteSpace(text)) return false;
        foreach (var t in Table)
            if (string.Equals(t.Name, text, StringComparison.OrdinalIgnoreCase) || string.Equals(t.Disease.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                disease = t.Disease;
                return true;
            }
        return false;
    }

    private sealed record Row(AutoimmuneDisease Disease, string Name, string Words);
}
