using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansCrawler.WebConsole.Api;

namespace OrleansCrawler.WebConsole.Tests;

/// <summary>An HTTP client of the console as a browser (cookies, the CSRF header) or a script (a Bearer token) uses it.</summary>
public sealed class ConsoleClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _http;

    public ConsoleClient(Uri address)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http => _http;

    public async Task<HttpStatusCode> LoginAsync(string name, string password)
    {
        using var response = await _http.PostAsJsonAsync("/api/login", new { name, password });
        return response.StatusCode;
    }

    /// <summary>Fetches the session's CSRF token and sends it with every later request, as the console's script does.</summary>
    public async Task UseCsrfTokenAsync()
    {
        var csrf = await _http.GetFromJsonAsync<JsonElement>("/api/csrf");
        _http.DefaultRequestHeaders.Remove("X-CSRF-TOKEN");
        _http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", csrf.GetProperty("token").GetString());
    }

    public void UseToken(string token) => _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

    public Task<HttpResponseMessage> SubmitAsync(SubmitRequest request) => _http.PostAsJsonAsync("/api/jobs", request, Json);

    public Task<HttpResponseMessage> PostAsync(string path) => _http.PostAsync(path, null);

    public async Task<JobView> JobAsync(string id) => (await _http.GetFromJsonAsync<JobView>($"/api/jobs/{id}", Json))!;

    /// <summary>Polls the job until <paramref name="done"/> holds (at most <paramref name="timeout"/>).</summary>
    public async Task<JobView> WaitForAsync(string id, Func<JobView, bool> done, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var job = await JobAsync(id);
            if (done(job))
            {
                return job;
            }

            await Task.Delay(200, deadline.Token);
        }
    }

    /// <summary>Every result of the job, page by page through <c>next</c>.</summary>
    public async Task<List<Abstractions.Results.PageResult>> AllResultsAsync(string id, int pageSize = 100)
    {
        var all = new List<Abstractions.Results.PageResult>();
        string? after = null;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var url = $"/api/jobs/{id}/results?limit={pageSize}" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
            var page = (await _http.GetFromJsonAsync<ResultsPage>(url, Json))!;
            all.AddRange(page.Items);
            if (page.Next is null)
            {
                return all;
            }

            after = page.Next;
        }

        throw new InvalidOperationException("results never ended");
    }

    public void Dispose() => _http.Dispose();
}
