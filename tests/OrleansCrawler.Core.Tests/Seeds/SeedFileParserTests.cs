using OrleansCrawler.Core.Seeds;

namespace OrleansCrawler.Core.Tests.Seeds;

public sealed class SeedFileParserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("seeds-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Parse_CommentsAndBlankLines_AreIgnored()
    {
        const string text = """
            # seeds for the test crawl
            http://example.com/

              # an indented comment
               HTTP://Other.Example:80/a/../b
            https://third.example/x#top
            """;

        var seeds = SeedFileParser.Parse(new StringReader(text), "seeds.txt");

        Assert.Equal(["http://example.com/", "http://other.example/b", "https://third.example/x"], seeds);
    }

    [Fact]
    public void Parse_DuplicatesAfterNormalization_KeepsFirstInFileOrder()
    {
        const string text = "http://b.example/\nhttp://a.example/\nHTTP://B.example:80/\nhttp://a.example/#x\n";

        var seeds = SeedFileParser.Parse(new StringReader(text), "seeds.txt");

        Assert.Equal(["http://b.example/", "http://a.example/"], seeds);
    }

    [Theory]
    [InlineData("htp:/bad")]
    [InlineData("example.com")]
    [InlineData("mailto:a@b.c")]
    [InlineData("ftp://example.com/")]
    public void Parse_BadLine_ThrowsWithSourceLineAndValue(string bad)
    {
        var text = $"# header\nhttp://ok.example/\n  {bad}  \nhttp://later.example/\n";

        var ex = Assert.Throws<SeedFileException>(() => SeedFileParser.Parse(new StringReader(text), "seeds.txt"));

        Assert.Equal($"seeds.txt:3: '{bad}' is not an absolute http(s) URL", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n   \n")]
    [InlineData("# only comments\n  # here\n")]
    public void Parse_NoSeeds_Throws(string text)
    {
        var ex = Assert.Throws<SeedFileException>(() => SeedFileParser.Parse(new StringReader(text), "seeds.txt"));

        Assert.Equal("seeds.txt: no seed URLs", ex.Message);
    }

    [Fact]
    public void ParseFile_ExistingFile_ReadsSeeds()
    {
        var path = Path.Combine(_dir, "seeds.txt");
        File.WriteAllText(path, "http://example.com/a\r\nhttp://example.com/b\r\n");

        Assert.Equal(["http://example.com/a", "http://example.com/b"], SeedFileParser.ParseFile(path));
    }

    [Fact]
    public void ParseFile_BadLine_NamesThePath()
    {
        var path = Path.Combine(_dir, "seeds.txt");
        File.WriteAllText(path, "http://example.com/\nnot a url\n");

        var ex = Assert.Throws<SeedFileException>(() => SeedFileParser.ParseFile(path));

        Assert.Equal($"{path}:2: 'not a url' is not an absolute http(s) URL", ex.Message);
    }

    [Fact]
    public void ParseFile_MissingFile_ThrowsNamingPath()
    {
        var path = Path.Combine(_dir, "missing.txt");

        var ex = Assert.Throws<SeedFileException>(() => SeedFileParser.ParseFile(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFile_MissingDirectory_ThrowsNamingPath()
    {
        var path = Path.Combine(_dir, "no-such-dir", "seeds.txt");

        var ex = Assert.Throws<SeedFileException>(() => SeedFileParser.ParseFile(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFile_EmptyFile_ThrowsNoSeeds()
    {
        var path = Path.Combine(_dir, "empty.txt");
        File.WriteAllText(path, "");

        var ex = Assert.Throws<SeedFileException>(() => SeedFileParser.ParseFile(path));

        Assert.Equal($"{path}: no seed URLs", ex.Message);
    }
}
