namespace Reconstitution.Forecasting;

/// <summary>How an <see cref="Observation"/>'s value is known: exactly, or only as a bound (a result below or above the assay's range).</summary>
public enum ObservationCensoring
{
    /// <summary>The measured value (written <c>0.35</c>).</summary>
    None,

    /// <summary>Below the value, e.g. below the detection limit (written <c>&lt; 0.1</c>).</summary>
    Below,

    /// <summary>Above the value, e.g. above the analyser's linear range (written <c>&gt; 1000</c>).</summary>
    Above,
}
