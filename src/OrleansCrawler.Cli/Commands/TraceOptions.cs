using System.CommandLine;
using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrleansCrawler.Silo.Hosting;

namespace OrleansCrawler.Cli.Commands;

/// <summary><c>--trace</c> and <c>--trace-sample</c>: spans on the console, mapped onto <see cref="TelemetryOptions"/>.</summary>
public sealed class TraceOptions
{
    public Option<bool> Trace { get; } = new("--trace") { Description = "Write OpenTelemetry spans (submit, page, robots, fetch, parse, store, route, enqueue) to standard output" };

    public Option<double> Sample { get; } = new("--trace-sample")
    {
        Description = "Share of page traces written with --trace, 0 to 1 (e.g. 0.01)",
        DefaultValueFactory = _ => 1.0,
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1)
            {
                return share;
            }

            r.AddError($"--trace-sample: '{text}' is not a share between 0 and 1.");
            return 1.0;
        },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Trace);
        command.Options.Add(Sample);
    }

    /// <summary>Configuration for an embedded silo (empty without --trace).</summary>
    public Dictionary<string, string?> ToSettings(ParseResult result) => result.GetValue(Trace)
        ? new()
        {
            [$"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Console)}"] = "true",
            [$"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.SampleRatio)}"] = result.GetValue(Sample).ToString(CultureInfo.InvariantCulture),
        }
        : [];

    /// <summary>A tracer for this process alone (a cluster client); null without --trace.</summary>
    public TracerProvider? StartTracer(ParseResult result) => result.GetValue(Trace)
        ? Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService("ocrawl"))
            .AddCrawlerTracing(new TelemetryOptions { Console = true, SampleRatio = result.GetValue(Sample) })
            .Build()
        : null;
}
