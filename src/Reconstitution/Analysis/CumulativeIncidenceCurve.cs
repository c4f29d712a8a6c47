using Reconstitution.Validation;

namespace Reconstitution.Analysis;

/// <summary>
/// The Aalen–Johansen estimate of the cumulative incidence of one cause of event in the presence
/// of competing causes. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// F̂ₖ(t) = Σ_{tᵢ ≤ t} Ŝ(tᵢ₋) · dₖᵢ / nᵢ, where Ŝ is the Kaplan–Meier estimate of being free of
/// every cause and dₖᵢ the events of cause k at tᵢ (Kalbfleisch &amp; Prentice, <i>The Statistical
/// Analysis of Failure Time Data</i>, 2nd ed., §8.2). With no competing events it equals
/// 1 − Kaplan–Meier; with them it is smaller, correctly: a patient who died cannot engraft.
/// </remarks>
public sealed class CumulativeIncidenceCurve
{
    private readonly double[] _times;
    private readonly double[] _incidence;

    private CumulativeIncidenceCurve(int cause, double[] times, double[] incidence)
    {
        Cause = cause;
        _times = times;
        _incidence = incidence;
    }

    /// <summary>The cause whose incidence this curve estimates.</summary>
    public int Cause { get; }

    /// <summary>Times (days) at which the incidence of <see cref="Cause"/> steps up, ascending.</summary>
    public IReadOnlyList<double> Times => _times;

    /// <summary>F̂ just after each time in <see cref="Times"/>.</summary>
    public IReadOnlyList<double> Incidence => _incidence;

    /// <summary>Estimates the cumulative incidence of <paramref name="cause"/>.</summary>
    /// <param name="observations">At least one observation; cause 0 is censoring.</param>
    /// <param name="cause">The cause of interest, ≥ 1.</param>
    /// <returns>The estimated curve.</returns>
    public static CumulativeIncidenceCurve Estimate(IReadOnlyList<SurvivalObservation> observations, int cause = 1)
    {
        Guard.InRange(cause, 1, int.MaxValue);
        var table = RiskSetTable.Build(observations, nameof(observations));
        int length = table.Times.Length, k = 0;
        var times = new double[length];
        var incidence = new double[length];
        double survivalBefore = 1, f = 0;
        for (int i = 0; i < length; i++)
        {
            int all = table.AllEvents(i);
            if (all == 0) continue;
            int n = table.AtRisk[i];
            int dk = cause <= table.CauseCount ? table.Events[i, cause - 1] : 0;
            if (dk > 0)
            {
                f += survivalBefore * dk / n;
                times[k] = table.Times[i];
                incidence[k] = f;
                k++;
            }
            survivalBefore *= 1 - (double)all / n;
        }
        return new CumulativeIncidenceCurve(cause, FiniteOrder.Trim(times, k), FiniteOrder.Trim(incidence, k));
    }

    /// <summary>F̂(t): the estimated probability that <see cref="Cause"/> has occurred by <paramref name="timeDays"/>.</summary>
    /// <param name="timeDays">The time in days.</param>
    /// <returns>F̂(t) in [0, 1].</returns>
    public double IncidenceAt(double timeDays)
    {
        Guard.Finite(timeDays);
        int i = FiniteOrder.LastAtOrBefore(_times, timeDays);
        return i < 0 ? 0.0 : _incidence[i];
    }

    /// <summary>The first time the incidence reaches <paramref name="probability"/> (days), or +∞ if it never does.</summary>
    /// <param name="probability">The level, in (0, 1]; 0.5 gives the median time to the event.</param>
    /// <returns>The time in days.</returns>
    public double TimeToReach(double probability)
    {
        Guard.InRange(probability, double.Epsilon, 1.0);
        for (int i = 0; i < _incidence.Length; i++)
            if (_incidence[i] >= probability) return _times[i];
        return double.PositiveInfinity;
    }
}
