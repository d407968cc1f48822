using OrleansCrawler.Bench.Threading;

namespace OrleansCrawler.Bench.Prime;

/// <summary>The study's CPU-bound test: <c>is_prime(112272535095293)</c> by trial division, many times over.
/// Each mode checks the same list and returns how many were prime, so every mode provably did all the work.</summary>
public static class PrimeWork
{
    /// <summary>The number the original study used (it is prime; trial division runs to its square root).</summary>
    public const long StudyPrime = 112_272_535_095_293;

    /// <summary>Trial division by odd numbers up to the square root, as the study's Python did.</summary>
    public static bool IsPrime(long n)
    {
        if (n < 2)
        {
            return false;
        }

        if (n % 2 == 0)
        {
            return n == 2;
        }

        var limit = (long)Math.Floor(Math.Sqrt(n));
        for (long i = 3; i <= limit; i += 2)
        {
            if (n % i == 0)
            {
                return false;
            }
        }

        return true;
    }

    public static int Sequential(IReadOnlyList<long> numbers)
    {
        var primes = 0;
        foreach (var n in numbers)
        {
            primes += IsPrime(n) ? 1 : 0;
        }

        return primes;
    }

    /// <summary>One <see cref="Thread"/> per batch (at most <paramref name="threads"/> batches), joined.</summary>
    public static int Threads(IReadOnlyList<long> numbers, int threads)
    {
        var batches = Math.Max(1, Math.Min(threads, numbers.Count));
        var primes = 0;
        var workers = new Thread[batches];
        for (var b = 0; b < batches; b++)
        {
            var batch = b;
            workers[b] = new Thread(() =>
            {
                var found = 0;
                for (var i = batch; i < numbers.Count; i += batches)
                {
                    found += IsPrime(numbers[i]) ? 1 : 0;
                }

                Interlocked.Add(ref primes, found);
            })
            { IsBackground = true };
            workers[b].Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        return primes;
    }

    /// <summary>Every number submitted to the shared thread pool at once, then all awaited (the study's
    /// <c>ThreadPoolExecutor.map</c>).</summary>
    public static async Task<int> ThreadPoolAsync(IReadOnlyList<long> numbers)
    {
        var results = await Task.WhenAll(numbers.Select(n => Task.Run(() => IsPrime(n)))).ConfigureAwait(false);
        return results.Count(r => r);
    }

    /// <summary><see cref="Parallel.For(int, int, Action{int})"/>: the data-parallel loop, partitioned over the cores.</summary>
    public static int Parallel(IReadOnlyList<long> numbers)
    {
        var primes = 0;
        System.Threading.Tasks.Parallel.For(0, numbers.Count, () => 0,
            (i, _, local) => local + (IsPrime(numbers[i]) ? 1 : 0),
            local => Interlocked.Add(ref primes, local));
        return primes;
    }

    /// <summary>async/await on one thread: each check is an async method that yields once, so they interleave on
    /// the loop, but CPU work still runs one at a time (as under asyncio).</summary>
    public static async Task<int> AsyncSingleAsync(IReadOnlyList<long> numbers)
    {
        var primes = 0;
        await SingleThreadContext.RunAsync(async () =>
        {
            var checks = numbers.Select(async n =>
            {
                await Task.Yield();
                return IsPrime(n);
            }).ToList();
            primes = (await Task.WhenAll(checks)).Count(r => r);
        }).ConfigureAwait(false);
        return primes;
    }
}
