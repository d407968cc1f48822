namespace OrleansCrawler.WebConsole.Hosting;

/// <summary>A console user: <see cref="PasswordHash"/> from <c>ocrawl console hash-password</c> (ASP.NET Core Identity's
/// PBKDF2 format), never the password itself.</summary>
public sealed class ConsoleUser
{
    public string Name { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    /// <summary>"viewer" (read) or "operator" (read, submit, pause, resume, cancel).</summary>
    public string Role { get; set; } = ConsoleRoles.Viewer;
}
