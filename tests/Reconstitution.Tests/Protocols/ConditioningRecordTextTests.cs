using System.Globalization;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Protocols;

/// <summary>
/// A dose's conditioning event text is kept per dose and culture (<see cref="ConditioningAgentDefinition.RecordTextOf"/>): it must
/// read as the text made afresh ("name dose unit", the dose G4 in the current culture), in whatever culture and order the doses come.
/// </summary>
public class ConditioningRecordTextTests
{
    [Fact]
    public void RecordTextOf_DosesAndCulturesInTurn_EqualsTheTextMadeAfresh()
    {
        var agent = ConditioningAgentDefinition.BuiltIn(ConditioningAgent.Busulfan);
        var saved = CultureInfo.CurrentCulture;
        // The tests run in globalization-invariant mode: cultures with other decimal separators are made from the invariant one.
        var comma = Separated(",");
        var dot = Separated("·");
        try
        {
            foreach (var culture in new[] { CultureInfo.InvariantCulture, comma, CultureInfo.InvariantCulture, dot, comma })
            {
                CultureInfo.CurrentCulture = culture;
                foreach (double dose in new[] { 3.2, 0.8, 3.2, 12.8, 1.0 / 3, 3.2 })
                    Assert.Equal($"{agent.Name} {dose:G4} {agent.DoseUnit}", agent.RecordTextOf(dose));
            }
            CultureInfo.CurrentCulture = comma;
            Assert.EndsWith("3,2 " + agent.DoseUnit, agent.RecordTextOf(3.2));
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            Assert.EndsWith("3.2 " + agent.DoseUnit, agent.RecordTextOf(3.2));
            // Beyond the kept texts every dose is still made afresh.
            for (int k = 1; k <= 20; k++) Assert.Equal($"{agent.Name} {k * 0.1:G4} {agent.DoseUnit}", agent.RecordTextOf(k * 0.1));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    private static CultureInfo Separated(string separator)
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = separator;
        return culture;
    }
}
