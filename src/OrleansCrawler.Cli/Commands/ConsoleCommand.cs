using System.CommandLine;
using OrleansCrawler.WebConsole.Auth;

namespace OrleansCrawler.Cli.Commands;

/// <summary><c>ocrawl console hash-password | new-token</c>: the secrets of the web console's configuration (docs/console.md).</summary>
public static class ConsoleCommand
{
    public static Command Create()
    {
        var hash = new Command("hash-password",
            "Read a password from standard input (one line, so it stays out of the shell history) and print its hash for Crawler:Console:Users:N:PasswordHash");
        hash.SetAction(_ =>
        {
            var password = Console.In.ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                Console.Error.WriteLine("error: no password on standard input (e.g. `read -rs P && echo \"$P\" | ocrawl console hash-password`).");
                return ExitCodes.BadInput;
            }

            Console.WriteLine(ConsoleSecrets.HashPassword(password));
            return ExitCodes.Ok;
        });
        var token = new Command("new-token",
            "Print a new random API token and, on the second line, its hash for Crawler:Console:Tokens:N:Hash (keep the token, configure the hash)");
        token.SetAction(_ =>
        {
            var value = ConsoleSecrets.NewToken();
            Console.WriteLine(value);
            Console.WriteLine(ConsoleSecrets.HashToken(value));
            return ExitCodes.Ok;
        });
        return new Command("console", "Secrets for the web console's users and API tokens") { hash, token };
    }
}
