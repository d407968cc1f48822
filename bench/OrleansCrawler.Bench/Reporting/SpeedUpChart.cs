using ScottPlot;

namespace OrleansCrawler.Bench.Reporting;

/// <summary>A grouped bar chart of speed-up over sequential: one group per mode, one bar per workload.</summary>
public static class SpeedUpChart
{
    public static void Save(IReadOnlyList<BenchResult> results, string pngPath, string svgPath, string title)
    {
        var plotted = results.Where(r => r.Available && r.SpeedUp is not null).ToList();
        var workloads = plotted.Select(r => r.Workload).Distinct().Order().ToList();
        var labels = plotted.Select(r => r.Label).Distinct().ToList();
        var palette = new ScottPlot.Palettes.Category10();

        var plot = new Plot();
        var bars = new List<Bar>();
        const double groupWidth = 0.8;
        var barWidth = groupWidth / Math.Max(1, workloads.Count);
        for (var g = 0; g < labels.Count; g++)
        {
            for (var w = 0; w < workloads.Count; w++)
            {
                var row = plotted.FirstOrDefault(r => r.Label == labels[g] && r.Workload == workloads[w]);
                if (row is null)
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = g - (groupWidth / 2) + (barWidth * (w + 0.5)),
                    Value = row.SpeedUp!.Value,
                    Size = barWidth * 0.95,
                    FillColor = palette.GetColor(w),
                    Label = $"{row.SpeedUp.Value:0.0}",
                });
            }
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 10;
        for (var w = 0; w < workloads.Count; w++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = BenchModes.NameOf(workloads[w]), FillColor = palette.GetColor(w) });
        }

        plot.Legend.IsVisible = workloads.Count > 0;
        plot.Legend.Alignment = Alignment.UpperLeft;
        var sequentialLine = plot.Add.HorizontalLine(1);
        sequentialLine.LinePattern = LinePattern.Dashed;
        sequentialLine.Color = Colors.Gray;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. labels.Select((l, i) => new Tick(i, l))]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.Label.Text = "speed-up over sequential (×)";
        plot.Axes.Title.Label.Text = title;
        plot.Axes.Margins(bottom: 0);
        plot.Layout.Fixed(new PixelPadding(70, 20, 120, 40));

        plot.SavePng(pngPath, 1100, 600);
        plot.SaveSvg(svgPath, 1100, 600);
    }
}
