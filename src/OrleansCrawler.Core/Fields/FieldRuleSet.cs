namespace OrleansCrawler.Core.Fields;

/// <summary>The fields taken from pages whose final URL matches <see cref="Url"/>: a glob (<c>*</c> any characters but
/// <c>/</c>, <c>**</c> any characters, <c>?</c> one character; the whole URL must match) or, when
/// <see cref="UrlIsRegex"/>, a .NET regular expression searched in the URL.</summary>
public sealed record FieldRuleSet(string Url, bool UrlIsRegex, IReadOnlyList<FieldRule> Fields);
