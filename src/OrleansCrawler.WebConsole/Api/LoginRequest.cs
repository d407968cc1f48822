namespace OrleansCrawler.WebConsole.Api;

public sealed record LoginRequest(string Name, string Password);
