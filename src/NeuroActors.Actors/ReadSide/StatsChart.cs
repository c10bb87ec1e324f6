using NeuroActors.Domain.Stats;
using NeuroActors.Domain.Texts;
using ScottPlot;

namespace NeuroActors.Actors.ReadSide;

/// <summary>
/// The metrics screen's chart: generations per hour over the last 24 hours, stacked by outcome (done, failed,
/// cancelled), rendered in-process with ScottPlot to a PNG. Hours are UTC, labelled every 3 hours.
/// </summary>
public static class StatsChart
{
    public const int Width = 960;
    public const int Height = 480;

    private static readonly Color DoneColor = Color.FromHex("#2e9e5b");
    private static readonly Color FailedColor = Color.FromHex("#d64545");
    private static readonly Color CancelledColor = Color.FromHex("#9aa0a6");

    public static byte[] RenderPng(IReadOnlyList<HourlyOutcomes> hours, Language language)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var texts = StatsTexts.For(language);
        using var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < hours.Count; i++)
        {
            var counts = hours[i].Outcomes;
            double bottom = 0;
            foreach (var (value, color) in new[] { (counts.Done, DoneColor), (counts.Failed, FailedColor), (counts.Cancelled, CancelledColor) })
            {
                if (value == 0) continue;
                bars.Add(new Bar { Position = i, ValueBase = bottom, Value = bottom + value, FillColor = color, LineWidth = 0 });
                bottom += value;
            }
        }

        plot.Add.Bars(bars);
        // A sans face the system has for these words (Cyrillic included); DejaVu Sans on Debian (fonts-dejavu-core).
        plot.Font.Set(Fonts.Detect(texts.ChartTitle + texts.Done + texts.Failed + texts.Cancelled));
        plot.Title(texts.ChartTitle);
        plot.YLabel(texts.ChartAxis);
        var ticks = Enumerable.Range(0, hours.Count)
            .Where(i => i % 3 == 0 || i == hours.Count - 1)
            .Select(i => new Tick(i, hours[i].HourStart.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        var highest = hours.Count == 0 ? 0 : hours.Max(h => h.Outcomes.Total);
        plot.Axes.SetLimitsY(0, Math.Max(4, highest * 1.15));
        plot.Axes.SetLimitsX(-0.6, Math.Max(hours.Count, 1) - 0.4);
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = texts.Done, FillColor = DoneColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = texts.Failed, FillColor = FailedColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = texts.Cancelled, FillColor = CancelledColor });
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
