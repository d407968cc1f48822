using System.CommandLine;
using System.Text.Json;
using AngleSharp.Html.Parser;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Fields;

namespace OrleansCrawler.Cli.Commands;

/// <summary><c>ocrawl extract --rules rules.yaml FILE_OR_URL</c>: what a rules file extracts from one page, a local file
/// or a fetched http(s) URL, printed as JSON, so rules can be developed without crawling (like <c>scrapy shell</c>). The
/// page goes through the same <see cref="FieldExtractor"/> as a crawl's.</summary>
public static class ExtractCommand
{
    public static Command Create()
    {
        var page = new Argument<string>("FILE_OR_URL") { Description = "An HTML file, or an http(s) URL to fetch" };
        var rules = new Option<string>("--rules") { Description = "The YAML rules file (docs/fields.md)", Required = true };
        var url = new Option<string?>("--url") { Description = "For a file: the URL it was served from, which chooses the rule set (default: its file:// URL)" };
        var command = new Command("extract", "Show what a rules file extracts from one page (a file or a URL), as JSON") { page, rules, url };
        command.SetAction(async (result, ct) =>
        {
            IReadOnlyList<FieldRuleSet> ruleSets;
            try
            {
                ruleSets = FieldRulesFile.Load(result.GetValue(rules)!);
            }
            catch (FieldRulesException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }

            var target = result.GetValue(page)!;
            string html;
            string pageUrl;
            if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                http.DefaultRequestHeaders.UserAgent.ParseAdd(JobSpec.DefaultUserAgent);
                try
                {
                    using var response = await http.GetAsync(uri, ct);
                    if (!response.IsSuccessStatusCode)
                    {
                        Console.Error.WriteLine($"error: {target}: HTTP {(int)response.StatusCode}");
                        return ExitCodes.Failed;
                    }

                    html = await response.Content.ReadAsStringAsync(ct);
                    pageUrl = response.RequestMessage?.RequestUri?.AbsoluteUri ?? uri.AbsoluteUri;
                }
                catch (HttpRequestException e)
                {
                    Console.Error.WriteLine($"error: {target}: {e.Message}");
                    return ExitCodes.Failed;
                }
            }
            else if (File.Exists(target))
            {
                html = await File.ReadAllTextAsync(target, ct);
                pageUrl = result.GetValue(url) ?? new Uri(Path.GetFullPath(target)).AbsoluteUri;
            }
            else
            {
                Console.Error.WriteLine($"error: '{target}' is neither a file nor an http(s) URL");
                return ExitCodes.BadInput;
            }

            using var document = new HtmlParser().ParseDocument(html);
            if (new FieldExtractor(ruleSets).Extract(document, pageUrl) is not { } fields)
            {
                Console.Error.WriteLine($"error: no rule set of {result.GetValue(rules)} matches {pageUrl}{(uri is null || !File.Exists(target) ? "" : " (give --url)")}");
                return ExitCodes.Failed;
            }

            Console.WriteLine(Json(pageUrl, fields));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The page's URL, its fields object, missing required fields and extraction errors, indented.</summary>
    public static string Json(string url, ExtractedFields fields)
    {
        using var parsed = JsonDocument.Parse(fields.Json);
        return JsonSerializer.Serialize(new { url, fields = parsed.RootElement, missingFields = fields.Missing, fieldErrors = fields.Errors },
            new JsonSerializerOptions { WriteIndented = true });
    }
}
