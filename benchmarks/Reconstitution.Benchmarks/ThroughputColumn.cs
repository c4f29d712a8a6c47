using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Reconstitution.Benchmarks;

/// <summary>
/// A column of items per second, 10⁹ / (mean ns per item), in millions: for benchmarks whose operation is one item
/// (an event, a customer) through <c>OperationsPerInvoke</c>.
/// </summary>
internal sealed class ThroughputColumn(string columnName, string legend) : IColumn
{
    public string Id => nameof(ThroughputColumn) + "." + columnName;
    public string ColumnName => columnName;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        return stats is null || stats.Mean <= 0 ? "NA" : $"{1e3 / stats.Mean:F2} M";
    }
}
