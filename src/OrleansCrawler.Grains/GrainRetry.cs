namespace OrleansCrawler.Grains;

/// <summary>Bounded retries for grain calls. After a silo dies (kill -9), calls to the grains it hosted fail or time
/// out until membership declares it dead (about 10 s here); then the grains reactivate elsewhere and the same call
/// succeeds. Only failures of the messaging layer are retried (<see cref="OrleansException"/>, timeouts), never
/// the callee's own exceptions, and at most <c>attempts</c> times (about 25 s in all by default).</summary>
public static class GrainRetry
{
    public static async Task CallAsync(Func<Task> call, TimeProvider? time = null, int attempts = 9)
    {
        await CallAsync(async () =>
        {
            await call();
            return true;
        }, time, attempts);
    }

    public static async Task<T> CallAsync<T>(Func<Task<T>> call, TimeProvider? time = null, int attempts = 9)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (attempt < attempts && IsTransient(ex))
            {
                await Task.Delay(DelayBefore(attempt + 1), time ?? TimeProvider.System);
            }
        }
    }

    /// <summary>250 ms, doubling, at most 4 s.</summary>
    public static TimeSpan DelayBefore(int attempt) => TimeSpan.FromMilliseconds(Math.Min(4000, 250 * Math.Pow(2, attempt - 2)));

    public static bool IsTransient(Exception ex) => ex is OrleansException or TimeoutException;
}
