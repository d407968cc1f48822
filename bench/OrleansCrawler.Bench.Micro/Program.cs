using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(OrleansCrawler.Bench.Micro.ParserBenchmarks).Assembly).Run(args);
