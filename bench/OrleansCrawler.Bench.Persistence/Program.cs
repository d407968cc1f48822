using OrleansCrawler.Bench.Persistence;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(PersistenceOptions.Usage);
    return 0;
}

PersistenceOptions options;
try
{
    options = PersistenceOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"error: {ex.Message}\n\n{PersistenceOptions.Usage}");
    return 2;
}

var (results, notes) = await PersistenceRunner.RunAsync(options, line => Console.Error.WriteLine(line));
var report = PersistenceReport.Render(results, options, notes);
Console.WriteLine();
Console.WriteLine(report);
if (options.OutputFile is { } file)
{
    var command = "dotnet run -c Release --project bench/OrleansCrawler.Bench.Persistence --" + string.Concat(args.Select(a => " " + a));
    await File.WriteAllTextAsync(file, $"Command: `{command}`\n\n{report}");
    Console.Error.WriteLine($"written to {file}");
}

return 0;
