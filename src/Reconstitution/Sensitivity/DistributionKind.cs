namespace Reconstitution.Sensitivity;

/// <summary>The shape of an uncertain parameter's distribution (the JSON <c>distribution</c> field in parentheses).</summary>
public enum DistributionKind
{
    /// <summary>Uniform on [minimum, maximum] (<c>uniform</c>).</summary>
    Uniform,

    /// <summary>Log-uniform on [minimum, maximum], both &gt; 0: uniform in the logarithm (<c>logUniform</c>).</summary>
    LogUniform,

    /// <summary>Normal with a mean and standard deviation (<c>normal</c>).</summary>
    Normal,

    /// <summary>Normal truncated to [minimum, maximum] (<c>truncatedNormal</c>).</summary>
    TruncatedNormal,
}
