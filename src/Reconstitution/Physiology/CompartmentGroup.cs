namespace Reconstitution.Physiology;

/// <summary>
/// A named set of compartments of a physiology network that the model treats together (all donor cells, all T cells, the
/// compartments a conditioning agent kills as one <see cref="KillGroup"/>), in a fixed order (sums over a group add in
/// this order, so results do not depend on how a caller iterates).
/// </summary>
internal sealed class CompartmentGroup
{
    private readonly CompartmentHandle[] _members;

    /// <summary>Creates a group.</summary>
    /// <param name="name">A readable name for messages (e.g. <c>donor cells</c>).</param>
    /// <param name="members">The compartments, in summation order.</param>
    public CompartmentGroup(string name, IEnumerable<CompartmentHandle> members)
    {
        Name = name;
        _members = [.. members];
    }

    /// <summary>The group's readable name.</summary>
    public string Name { get; }

    /// <summary>The compartments, in summation order.</summary>
    public ReadOnlySpan<CompartmentHandle> Members => _members;

    /// <summary>The sum of the group's counts in <paramref name="counts"/>, in member order.</summary>
    /// <param name="counts">The network's whole-body counts.</param>
    /// <returns>The total.</returns>
    public double Sum(ReadOnlySpan<double> counts)
    {
        double s = 0;
        foreach (var c in _members) s += counts[c];
        return s;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
