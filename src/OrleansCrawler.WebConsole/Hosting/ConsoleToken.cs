namespace OrleansCrawler.WebConsole.Hosting;

/// <summary>An API token for scripts. <see cref="Hash"/> is the SHA-256 of the token in hex (<c>ocrawl console new-token</c>);
/// tokens are long random strings, so a fast hash is enough and a stolen configuration does not give them away.</summary>
public sealed class ConsoleToken
{
    public string Name { get; set; } = "";

    public string Hash { get; set; } = "";

    public string Role { get; set; } = ConsoleRoles.Viewer;
}
