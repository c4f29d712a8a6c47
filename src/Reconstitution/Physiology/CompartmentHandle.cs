namespace Reconstitution.Physiology;

/// <summary>
/// A typed handle for one compartment of a physiology network: its position in the network's count vector, found once
/// by <see cref="ModelCatalogue"/> from the name the network builder gave it. Converts to <see cref="int"/> so
/// <c>counts[catalogue.Host.BloodNeutrophils]</c> reads the count.
/// </summary>
/// <param name="Index">The compartment's index in the network.</param>
internal readonly record struct CompartmentHandle(int Index)
{
    /// <summary>The handle's index.</summary>
    public static implicit operator int(CompartmentHandle handle) => handle.Index;
}
