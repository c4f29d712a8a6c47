using Reconstitution.Output.Charts;

namespace Reconstitution.Tests.Output;

/// <summary>Small realistic charts shared by the chart tests.</summary>
internal static class ChartTestData
{
    public static readonly double[] Days = [-7, -3, 0, 3, 7, 10, 14, 21, 28, 42, 60, 100];
    public static readonly double[] Anc = [4.1, 1.2, 0.2, 0.02, 0, 0.05, 0.6, 2.2, 3.5, double.NaN, 3.9, 4.2];

    public static Chart AncChart() =>
        new Chart("Neutrophil recovery", ChartAxis.DaysAfterInfusion(-7, 100), ChartAxis.Log10("ANC", "×10⁹/L", 0.01, 20))
            .WithSubtitle("Patient 017, autologous HSCT")
            .AddReferenceBand("Normal range 2.0–7.5", 2.0, 7.5)
            .AddReferenceLine("Engraftment threshold 0.5", 0.5)
            .AddMarker("Day 0: infusion", 0)
            .AddLine("ANC", Days, Anc);

    public static Chart CohortChart()
    {
        double[] t = [0, 7, 14, 21, 28];
        return new Chart("ANC in two cohorts", ChartAxis.DaysAfterInfusion(), ChartAxis.Log10("ANC", "×10⁹/L"))
            .AddBand("Protocol A", t, [0.01, 0.05, 0.5, 1.5, 2.0], [0.02, 0.1, 1.2, 2.8, 3.2], [0.05, 0.3, 2.5, 4.5, 5.0])
            .AddBand("Protocol B", t, [0.01, 0.02, 0.1, 0.8, 1.5], [0.02, 0.05, 0.4, 1.9, 2.9], [0.04, 0.2, 1.2, 3.5, 4.6])
            .WithCaption("Bands: 5th–95th percentile; lines: median.");
    }

    public static Chart IncidenceChart() =>
        new Chart("Neutrophil engraftment", ChartAxis.DaysAfterInfusion(0, 60), ChartAxis.Linear("Cumulative incidence", "%", 0, 100))
            .AddStepLine("Peripheral blood", [0, 9, 11, 13, 60], [0, 20, 60, 95, 95])
            .AddStepLine("Bone marrow", [0, 14, 18, 22, 60], [0, 15, 55, 90, 90])
            .AddStepLine("Cord blood", [0, 18, 25, 35, 60], [0, 10, 40, 80, 80]);

    public static Chart DoseResponseChart()
    {
        double[] dose = [1, 2, 5, 10];
        double[] median = [22, 18.5, 15.4, 13.8];
        return new Chart("Engraftment day by CD34+ dose", ChartAxis.Log10("CD34+ dose", "×10⁶/kg", 1, 10), ChartAxis.Linear("Median day", "days", 0, 30))
            .AddPoints("Median (95% CI)", dose, median, [18, 15.2, 12.6, 11.3], [26.8, 22.6, 18.8, 16.8], connect: true);
    }
}
