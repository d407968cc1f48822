using System.Globalization;
using System.Text;

namespace OrleansCrawler.Bench.Reporting;

/// <summary>How the crawl scales over silo processes: per workload, each cluster row's rate against the one-silo row of
/// the same run (speed-up) and that divided by the silos (scaling efficiency: 1.0 is linear; the issue's goal is 0.8).</summary>
public static class ScalingTable
{
    /// <param name="SteadyEfficiency">The same from the rates between 10 % and 90 % of the URLs settled (ramp and tail
    /// left out), when both rows have one.</param>
    public sealed record Row(Workload Workload, int Silos, double Rate, double SpeedUp, double Efficiency, bool CheckPassed,
        double? SteadyEfficiency = null);

    /// <summary>The scaling rows; none for a workload without a one-silo row and another.</summary>
    public static IReadOnlyList<Row> Of(IReadOnlyList<BenchResult> results)
    {
        var rows = new List<Row>();
        foreach (var group in results.Where(r => r.Available && r.Silos is not null).GroupBy(r => r.Workload))
        {
            var one = group.FirstOrDefault(r => r.Silos == 1);
            if (one is null || one.Rate <= 0 || group.Count() < 2)
            {
                continue;
            }

            rows.AddRange(group.OrderBy(r => r.Silos).Select(r =>
                new Row(r.Workload, r.Silos!.Value, r.Rate, r.Rate / one.Rate, r.Rate / one.Rate / r.Silos!.Value, r.CheckPassed,
                    r.SteadyRate is > 0 && one.SteadyRate is > 0 ? r.SteadyRate.Value / one.SteadyRate.Value / r.Silos!.Value : null)));
        }

        return rows;
    }

    public static string ToText(IReadOnlyList<BenchResult> results)
    {
        var rows = Of(results);
        if (rows.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("Scaling over silos (speed-up against 1 silo in the same run; efficiency = speed-up / silos):\n");
        foreach (var r in rows)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {BenchModes.NameOf(r.Workload),-6} {r.Silos} silo{(r.Silos == 1 ? " " : "s")}  {r.Rate,9:N1} pages/s  {r.SpeedUp,5:0.00}x  efficiency {r.Efficiency:0.00}{(r.SteadyEfficiency is { } se ? $" (10-90 %: {se:0.00})" : "")}{(r.CheckPassed ? "" : "  CHECK FAILED")}"));
        }

        return sb.ToString();
    }

    public static string ToMarkdown(IReadOnlyList<BenchResult> results)
    {
        var rows = Of(results);
        if (rows.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("| workload | silos | pages/s | speed-up vs 1 silo | efficiency | efficiency, 10-90 % of URLs |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (var r in rows)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {BenchModes.NameOf(r.Workload)} | {r.Silos} | {r.Rate:N1} | {r.SpeedUp:0.00}× | {r.Efficiency:0.00} | {(r.SteadyEfficiency is { } se ? se.ToString("0.00", CultureInfo.InvariantCulture) : "-")} |"));
        }

        return sb.ToString();
    }
}
