using System.Text.Json;

namespace Reconstitution.Output;

/// <summary>Writes a JSON number that may be undefined: a finite value as itself, NaN or ±∞ as <c>null</c>.</summary>
internal static class JsonNumber
{
    /// <summary>Writes <paramref name="value"/> under <paramref name="name"/>, or <c>null</c> when it is not finite.</summary>
    public static void Write(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteNull(name);
    }
}
