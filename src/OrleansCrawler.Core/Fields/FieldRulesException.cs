namespace OrleansCrawler.Core.Fields;

/// <summary>A rules file that cannot be used, with the line (1-based) of what is wrong; its message is
/// <c>file:line: what is wrong</c>.</summary>
public sealed class FieldRulesException(string file, int line, string problem) : Exception($"{file}:{line}: {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string Problem { get; } = problem;
}
