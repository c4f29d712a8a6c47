using Reconstitution.Validation;

namespace Reconstitution.Analysis;

/// <summary>
/// Observations grouped by distinct time: at each time, the number at risk just before it, the
/// events of each cause and the censorings. The common first step of Kaplan–Meier,
/// Aalen–Johansen and the log-rank test.
/// </summary>
internal sealed class RiskSetTable
{
    private RiskSetTable(double[] times, int[] atRisk, int[,] events, int[] censored, int causes)
    {
        Times = times;
        AtRisk = atRisk;
        Events = events;
        Censored = censored;
        CauseCount = causes;
    }

    /// <summary>Distinct observed times, ascending.</summary>
    public double[] Times { get; }

    /// <summary>Subjects at risk just before each time.</summary>
    public int[] AtRisk { get; }

    /// <summary>Events at each time by cause: [timeIndex, cause − 1].</summary>
    public int[,] Events { get; }

    /// <summary>Censorings at each time (counted after the events at that time, by convention).</summary>
    public int[] Censored { get; }

    /// <summary>The largest cause code present.</summary>
    public int CauseCount { get; }

    /// <summary>Events of every cause at time index <paramref name="i"/>.</summary>
    public int AllEvents(int i)
    {
        int sum = 0;
        for (int c = 0; c < CauseCount; c++) sum += Events[i, c];
        return sum;
    }

    /// <summary>Builds the table, validating every observation.</summary>
    public static RiskSetTable Build(IReadOnlyList<SurvivalObservation> observations, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(observations, parameterName);
        if (observations.Count == 0)
            throw new ArgumentException($"Parameter '{parameterName}' is empty; at least one observation is needed.", parameterName);

        // Times sorted with each observation's cause beside them (FiniteOrder: precompiled code, where Array.Sort with a
        // comparison over SurvivalObservation was JIT-compiled in every process). Ties may end in any order, as before:
        // the table only counts them.
        int count = observations.Count;
        var sortedTimes = new double[count];
        var sortedCauses = new int[count];
        int causes = 0;
        // An array is read directly: through IReadOnlyList each observation was an interface call into generic code.
        var array = observations as SurvivalObservation[];
        for (int i = 0; i < count; i++)
        {
            var o = array is not null ? array[i] : observations[i];
            if (!double.IsFinite(o.TimeDays) || o.TimeDays < 0)
                throw Guard.OutOfRange($"{parameterName}[{i}].TimeDays", o.TimeDays, "[0, +∞)", "days");
            if (o.Cause < 0)
                throw new ArgumentOutOfRangeException(parameterName, o.Cause,
                    $"Parameter '{parameterName}[{i}].Cause' was {o.Cause}; allowed: 0 (censored) or a positive cause code.");
            causes = Math.Max(causes, o.Cause);
            sortedTimes[i] = o.TimeDays;
            sortedCauses[i] = o.Cause;
        }
        FiniteOrder.Sort(sortedTimes, sortedCauses);

        int k = 0;
        for (int i = 0; i < count; i++)
            if (i == 0 || sortedTimes[i] != sortedTimes[i - 1]) k++;
        var times = new double[k];
        var atRisk = new int[k];
        var events = new int[k, Math.Max(causes, 1)];
        var censored = new int[k];
        int index = -1, remaining = count;
        for (int i = 0; i < count; i++)
        {
            if (i == 0 || sortedTimes[i] != sortedTimes[i - 1])
            {
                index++;
                times[index] = sortedTimes[i];
                atRisk[index] = remaining;
            }
            if (sortedCauses[i] == 0) censored[index]++;
            else events[index, sortedCauses[i] - 1]++;
            remaining--;
        }
        return new RiskSetTable(times, atRisk, events, censored, Math.Max(causes, 1));
    }
}
