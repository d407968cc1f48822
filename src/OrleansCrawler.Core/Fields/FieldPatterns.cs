using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;

namespace OrleansCrawler.Core.Fields;

/// <summary>Builds what the rules are made of, the same way when a rules file is checked and when a job compiles its
/// rules: AngleSharp selectors, regular expressions with a match timeout (a page is hostile input: a pattern that
/// backtracks on it must not hold a silo's thread), URL globs.</summary>
public static class FieldPatterns
{
    /// <summary>Longest a regular expression may run on one value or URL before the page gets an error instead.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The selector, or null when AngleSharp cannot parse it.</summary>
    public static ISelector? Selector(string css)
    {
        if (string.IsNullOrWhiteSpace(css))
        {
            return null;
        }

        try
        {
            return new CssSelectorParser().ParseSelector(css);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <exception cref="ArgumentException">The pattern is not a valid .NET regular expression.</exception>
    public static Regex Regex(string pattern) => new(pattern, RegexOptions.CultureInvariant, MatchTimeout);

    /// <summary>The URL pattern of a rule set as a regular expression.</summary>
    /// <exception cref="ArgumentException">A regex pattern that is not valid.</exception>
    public static Regex Url(string pattern, bool isRegex) => isRegex ? Regex(pattern) : Regex(GlobToRegex(pattern));

    /// <summary><c>**</c> any characters, <c>*</c> any characters but <c>/</c>, <c>?</c> one character, the rest literal;
    /// anchored at both ends.</summary>
    public static string GlobToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append('.');
            }
            else
            {
                regex.Append(System.Text.RegularExpressions.Regex.Escape(c.ToString()));
            }
        }

        return regex.Append('$').ToString();
    }
}
