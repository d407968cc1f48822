namespace OrleansCrawler.Silo.Hosting;

/// <summary>Traces and metrics (section "Crawler:Telemetry"): off unless the console or an OTLP endpoint is on.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Crawler:Telemetry";

    /// <summary>Write spans to standard output (OpenTelemetry console exporter).</summary>
    public bool Console { get; set; }

    /// <summary>Send spans and metrics to an OTLP collector, e.g. <c>http://otel-collector:4317</c> (gRPC).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Share of page traces kept, 0 to 1; child spans follow their parent's decision.</summary>
    public double SampleRatio { get; set; } = 1.0;

    public bool IsEnabled => Console || !string.IsNullOrWhiteSpace(OtlpEndpoint);
}
