namespace OrleansCrawler.Cli.Commands;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Unavailable = 3;
    public const int Interrupted = 130;
}
