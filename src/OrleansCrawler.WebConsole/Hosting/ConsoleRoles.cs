namespace OrleansCrawler.WebConsole.Hosting;

/// <summary>The two roles: a viewer reads, an operator also submits and steers jobs.</summary>
public static class ConsoleRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";

    public static bool IsKnown(string? role) => role is Viewer or Operator;
}
