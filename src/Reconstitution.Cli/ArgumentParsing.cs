using System.Globalization;
using Reconstitution.Output;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Cli;

/// <summary>Parses option values with one-line messages that name the option and the allowed values.</summary>
internal static class ArgumentParsing
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Int(string? text, string option, int min, int max, int fallback)
    {
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, Inv, out int v) || v < min || v > max)
            throw new UsageException($"{option}: {Quote(text)} is not allowed; use a whole number from {min.ToString(Inv)} to {max.ToString(Inv)}.");
        return v;
    }

    public static ulong Seed(string? text, ulong fallback)
    {
        if (text is null) return fallback;
        if (!ulong.TryParse(text, NumberStyles.Integer, Inv, out ulong v))
            throw new UsageException($"--seed: {Quote(text)} is not allowed; use a whole number from 0 to {ulong.MaxValue.ToString(Inv)}.");
        return v;
    }

    public static double Double(string? text, string option, double min, double max, double fallback, string unit = "")
    {
        if (text is null) return fallback;
        string u = unit.Length == 0 ? "" : " " + unit;
        if (!double.TryParse(text, NumberStyles.Float, Inv, out double v) || !double.IsFinite(v) || v < min || v > max)
            throw new UsageException($"{option}: {Quote(text)} is not allowed; use a number from {min.ToString(Inv)} to {max.ToString(Inv)}{u}.");
        return v;
    }

    public static AutoimmuneDisease Disease(string? text, AutoimmuneDisease fallback)
    {
        if (text is null) return fallback;
        if (!DiseaseNames.TryParse(text, out var d))
            throw new UsageException($"--disease: {Quote(text)} is not a known disease; use one of: {string.Join(", ", DiseaseNames.All)}.");
        return d;
    }

    public static BiologicalSex Sex(string? text, BiologicalSex fallback)
    {
        if (text is null) return fallback;
        return text.ToLowerInvariant() switch
        {
            "male" or "m" => BiologicalSex.Male,
            "female" or "f" => BiologicalSex.Female,
            _ => throw new UsageException($"--sex: {Quote(text)} is not allowed; use male or female."),
        };
    }

    /// <summary>A built-in protocol name, or a protocol file (a path that exists or ends in .json).</summary>
    public static DefinedProtocol Protocol(string? text, string option = "--protocol")
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new UsageException($"{option} is required; use one of: {string.Join(", ", BuiltInProtocols.Names)}, or a protocol file (.json).");
        if (BuiltInProtocols.Names.Contains(text)) return BuiltInProtocols.Get(text);
        if (File.Exists(text) || Directory.Exists(text) || text.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(text) && !Directory.Exists(text)) throw new UsageException($"{option}: the protocol file '{text}' does not exist.");
            try
            {
                return new DefinedProtocol(ProtocolFile.Read(text));
            }
            catch (ProtocolFileException ex)
            {
                throw new UsageException(ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{option}: cannot read '{text}': {ex.Message}");
            }
        }
        throw new UsageException($"{option}: {Quote(text)} is not a built-in protocol or a protocol file; use one of: {string.Join(", ", BuiltInProtocols.Names)}, or a path to a .json protocol file.");
    }

    public static string Quote(string text) => "'" + text + "'";
}
