namespace OrleansCrawler.Core.Fields;

/// <summary>One page's extracted fields, keyed by (JobId, Url) like its result: a refetch replaces them.</summary>
/// <param name="Json">The page's <c>fields</c> object (<see cref="ExtractedFields.Json"/>).</param>
/// <param name="Missing">Required fields absent from the page, comma-separated; null when none.</param>
/// <param name="Errors">Extraction errors on the page, <c>; </c>-separated; null when none.</param>
public sealed record PageFields(string JobId, string Url, string Json, string? Missing, string? Errors)
{
    public static PageFields Of(string jobId, string url, ExtractedFields fields) => new(jobId, url, fields.Json,
        fields.Missing.Count == 0 ? null : string.Join(',', fields.Missing), fields.Errors.Count == 0 ? null : string.Join("; ", fields.Errors));
}
