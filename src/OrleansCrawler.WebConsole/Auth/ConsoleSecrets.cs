using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace OrleansCrawler.WebConsole.Auth;

/// <summary>Password hashes (ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>: PBKDF2-HMAC-SHA512, salted,
/// 100,000 iterations, versioned format) and API token hashes (SHA-256: tokens are 256 random bits, nothing to stretch).</summary>
public static class ConsoleSecrets
{
    private static readonly PasswordHasher<string> Hasher = new();

    public static string HashPassword(string password) => Hasher.HashPassword("", password);

    public static bool VerifyPassword(string hash, string password)
    {
        try
        {
            return Hasher.VerifyHashedPassword("", hash, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares in constant time, so response times do not reveal how much of a guess was right.</summary>
    public static bool TokenMatches(string hash, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash.ToLowerInvariant()), Encoding.ASCII.GetBytes(HashToken(token)));
}
